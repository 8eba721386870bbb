"""Who may use the API for what (SPEC §3). Which *rows* an endpoint answers is never decided
here: every endpoint starts from the row policies of the model it serves (access.visible), and
reuses the pages' own actions where the pages have one (customers.visit_read, pricing.quote_view,
pricing.market_view, customers.visit_log, pricing.market_import). The actions below cover what
the pages show to everyone signed in, so that the ERP's service account (which is no person)
reads only what it is named for."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from approvals.models import ApprovalRequest
from budgets.models import Budget, ExpenseClaim
from customers.models import Customer, DevelopmentProject
from regions.roles import PEOPLE_ROLES

from .models import ApiToken

POLICIES = {
    # A token is its owner's alone: nobody else sees or revokes it (an administrator uses the
    # admin).
    ApiToken: Policy(region_field=None, owner_fields=("user",), see_own=PEOPLE_ROLES),
}

ACTIONS = [
    Action(
        "api.token_manage",
        roles=PEOPLE_ROLES,
        label=_("Make and revoke one's own API tokens"),
    ),
    Action(
        "api.customer_read",
        roles=PEOPLE_ROLES,
        model=Customer,
        label=_("Read customers, contacts and platforms through the API"),
    ),
    Action(
        "api.project_read",
        roles=PEOPLE_ROLES,
        model=DevelopmentProject,
        label=_("Read development projects and their stages through the API"),
    ),
    Action(
        "api.budget_read",
        roles=PEOPLE_ROLES,
        model=Budget,
        label=_("Read budgets and their execution through the API"),
    ),
    Action(
        "api.claim_read",
        roles=PEOPLE_ROLES,
        model=ExpenseClaim,
        label=_("Read expense claims through the API"),
    ),
    # Who decides or submits is the approval mechanism's business (approvals.services); this
    # says who may reach documents' approvals through the API at all.
    Action(
        "api.approval_use",
        roles=PEOPLE_ROLES,
        model=ApprovalRequest,
        label=_("Follow, submit and decide approvals through the API"),
    ),
]
