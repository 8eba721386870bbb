"""Who sees approval records, and who has a queue."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

from .models import ApprovalRequest
from .selectors import approval_request_scope_extra

POLICIES = {
    # The submitter sees their own; a region manager the region's; the company-wide roles and
    # marketing admin (who consolidates) all; an approver what is routed to them (extra).
    ApprovalRequest: Policy(
        region_field="region",
        owner_fields=("submitter",),
        see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
        see_region={Role.REGION_MANAGER},
        see_own=set(PEOPLE_ROLES),
        change_own=(),
        extra=approval_request_scope_extra,
    ),
}

ACTIONS = [
    # Who decides a document is the authority table's business (approvals.services); this only
    # says who has a "waiting for me" queue in the menu and on the home page.
    Action(
        "approvals.queue_view",
        roles=set(PEOPLE_ROLES) - {Role.SALES_REP},
        label=_("See the approval queue"),
    ),
]
