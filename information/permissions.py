"""Who sees and who may do what in information management (SPEC §3, §12).

A rep or a tech-support engineer sees their own forms and entries; a region manager the forms
of their region's people; marketing admin (who consolidates) and the company-wide roles all of
them. So a North rep never sees an East rep's customer news. Published digests are read by
everyone; the plan is read by everyone and kept by marketing admin.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import Digest, Entry, InformationForm, PlanItem

COLLECTORS = {Role.SALES_REP, Role.REGION_MANAGER, Role.TECH_SUPPORT, Role.MARKETING_ADMIN}
CONSOLIDATORS = {Role.MARKETING_ADMIN}
READERS_ALL = COMPANY_WIDE_ROLES | CONSOLIDATORS

POLICIES = {
    PlanItem: Policy(region_field=None, see_all=set(Role), change_all=CONSOLIDATORS),
    InformationForm: Policy(
        region_field="region",
        owner_fields=("person",),
        see_all=READERS_ALL,
        see_region={Role.REGION_MANAGER},
        see_own=COLLECTORS,
        change_own=COLLECTORS,
    ),
    Entry: Policy(
        region_field="region",
        owner_fields=("author",),
        see_all=READERS_ALL,
        see_region={Role.REGION_MANAGER},
        see_own=COLLECTORS,
        change_all=CONSOLIDATORS,
        change_own=set(),
    ),
    Digest: Policy(region_field=None, see_all=set(Role), change_all=CONSOLIDATORS),
}

ACTIONS = [
    Action(
        "information.plan_edit",
        roles=CONSOLIDATORS,
        label=_("Edit the information plan"),
        refusal=_("Only marketing admin edits the information plan."),
    ),
    Action(
        "information.forms_view",
        roles=COLLECTORS | COMPANY_WIDE_ROLES,
        label=_("See information forms"),
    ),
    # Only the person who owes the form fills it.
    Action(
        "information.form_fill",
        roles=COLLECTORS,
        model=InformationForm,
        row="change",
        label=_("Fill in an information form"),
        refusal=_("Only the person who owes this form fills it in."),
    ),
    Action(
        "information.event_report",
        roles=COLLECTORS,
        label=_("Report information when something happens"),
        refusal=_("You do not collect information."),
    ),
    Action(
        "information.lateness_view",
        roles={Role.REGION_MANAGER} | READERS_ALL,
        label=_("See late and missing forms by person"),
    ),
    Action(
        "information.consolidate",
        roles=CONSOLIDATORS,
        model=Entry,
        row="change",
        label=_("Consolidate information and publish the digest"),
        refusal=_("Only marketing admin consolidates information."),
    ),
    Action(
        "information.search",
        roles=set(Role) - {Role.FINANCE},
        label=_("Search market intelligence"),
    ),
]


# The plan names, per row, the role that collects it (data an administrator edits): whether a
# person collects a row is read here, beside the declarations.
def collected_by_q(user) -> Q:
    """The plan rows this person's role collects."""
    return Q(collector_role=getattr(user, "role", None) or "")


def collects(user, plan_item: PlanItem) -> bool:
    return bool(getattr(user, "role", None)) and plan_item.collector_role == user.role
