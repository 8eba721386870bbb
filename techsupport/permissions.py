"""Who sees and who may do what in technical support (SPEC §3, §7)."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from customers.models import Customer
from regions.roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

from .models import LibraryItem, PlatformInfo, StageDeliverable, SupportRequest

FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
ARCHIVE_WRITERS = {Role.TECH_SUPPORT, Role.MARKETING_ADMIN}
# Technical information and stage deliverables are the technical archive: tech support and the
# company-wide readers see all of it (SPEC §3 "all tech archives"), the regions their own.
ARCHIVE_READERS = COMPANY_WIDE_ROLES | ARCHIVE_WRITERS

POLICIES = {
    PlatformInfo: Policy(
        region_field="region",
        see_all=ARCHIVE_READERS,
        see_region=FRONT_END,
        change_all=ARCHIVE_WRITERS,
        change_region=FRONT_END,
    ),
    # A deliverable is corrected by the person who recorded it, or by tech support.
    StageDeliverable: Policy(
        region_field="region",
        owner_fields=("recorded_by",),
        see_all=ARCHIVE_READERS,
        see_region=FRONT_END,
        change_all={Role.TECH_SUPPORT},
        change_own=FRONT_END | ARCHIVE_WRITERS,
    ),
    # Tech support pulls from one company-wide pool of requests; a rep sees the requests they
    # made, a region manager the region's.
    SupportRequest: Policy(
        region_field="region",
        owner_fields=("requester", "assignee"),
        see_all=ARCHIVE_READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
    ),
    # The technical library is read by everyone and kept by tech support and marketing admin.
    LibraryItem: Policy(region_field=None, see_all=set(PEOPLE_ROLES), change_all=ARCHIVE_WRITERS),
}

ACTIONS = [
    Action(
        "techsupport.request_create",
        roles=FRONT_END,
        label=_("Ask tech support for help"),
        refusal=_("Only sales reps and region managers ask tech support for help."),
    ),
    # Accept, hand over; also who a request can be assigned to.
    Action(
        "techsupport.request_accept",
        roles={Role.TECH_SUPPORT},
        label=_("Accept and assign support requests"),
        refusal=_("Only tech support accepts and reassigns support requests."),
    ),
    Action(
        "techsupport.queue_view",
        roles=COMPANY_WIDE_ROLES | ARCHIVE_WRITERS,
        label=_("See tech support's queue"),
    ),
    Action(
        "techsupport.requests_view",
        roles=set(PEOPLE_ROLES) - {Role.FINANCE, Role.TECH_SUPPORT},
        label=_("See support requests"),
    ),
    Action(
        "techsupport.ratings_view",
        roles=COMPANY_WIDE_ROLES | ARCHIVE_WRITERS | {Role.REGION_MANAGER},
        label=_("See the requesters' ratings of tech support"),
    ),
    Action(
        "techsupport.platform_info_view",
        roles=set(PEOPLE_ROLES) - {Role.FINANCE},
        label=_("Read platform technical information"),
    ),
    # Reps and managers record the technical data of their own region's customers; the archive
    # writers of every customer.
    Action(
        "techsupport.platform_info_record",
        roles=FRONT_END | ARCHIVE_WRITERS,
        model=Customer,
        scope=Policy(region_field="region", see_all=ARCHIVE_WRITERS, see_region=FRONT_END),
        label=_("Record platform technical information"),
        refusal=_("You may not record technical information for this customer."),
    ),
    Action(
        "techsupport.platform_info_change",
        roles=FRONT_END | ARCHIVE_WRITERS,
        model=PlatformInfo,
        row="change",
        label=_("Change platform technical information"),
        refusal=_("You may not record technical information for this customer."),
    ),
    Action(
        "techsupport.deliverable_record",
        roles=FRONT_END | ARCHIVE_WRITERS,
        label=_("Record stage deliverables"),
        refusal=_("You may not record deliverables."),
    ),
    Action(
        "techsupport.deliverable_change",
        roles=FRONT_END | ARCHIVE_WRITERS,
        model=StageDeliverable,
        row="change",
        label=_("Correct a recorded deliverable"),
        refusal=_("Only the person who recorded this deliverable or tech support may change it."),
    ),
    Action(
        "techsupport.library_write",
        roles=ARCHIVE_WRITERS,
        label=_("Maintain the technical library"),
        refusal=_("Only tech support and marketing admin maintain the technical library."),
    ),
]
