"""Who sees and who may do what in budgets and expenses (SPEC §3, §9)."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

from .models import (
    Budget,
    BudgetLine,
    CashAdvance,
    ExecutionFigure,
    ExpenseClaim,
    Supplement,
)

FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
READERS = COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN}
EVERYONE = set(PEOPLE_ROLES)

POLICIES = {
    # Budgets: everyone in a region sees its budgets (a rep checks what is left); the marketing
    # admin drafts and imports; approval is through the authority table.
    Budget: Policy(
        region_field="region",
        owner_fields=("owner", "created_by"),
        see_all=READERS,
        see_region=FRONT_END,
        see_own=EVERYONE,
        change_all={Role.MARKETING_ADMIN},
        change_region={Role.REGION_MANAGER},
        change_own=(),
    ),
    BudgetLine: Policy(region_field="budget__region", see_all=READERS, see_region=FRONT_END),
    ExecutionFigure: Policy(region_field="region", see_all=READERS, see_region=FRONT_END),
}
# Claims, advances and supplements: own for everyone, the region's for its manager, all for
# finance (who pays) and the company-wide roles.
for _model, _owner in (
    (ExpenseClaim, "claimant"),
    (CashAdvance, "person"),
    (Supplement, "requester"),
):
    POLICIES[_model] = Policy(
        region_field="region",
        owner_fields=(_owner,),
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        see_own=EVERYONE,
        change_own=EVERYONE,
    )

ACTIONS = [
    Action(
        "budgets.budget_create",
        roles={Role.MARKETING_ADMIN, Role.REGION_MANAGER},
        label=_("Draft a budget"),
        refusal=_("Only the marketing admin and region managers draft budgets."),
    ),
    Action(
        "budgets.budget_department",
        roles={Role.MARKETING_ADMIN},
        label=_("Draft a department budget"),
        refusal=_("Only the marketing admin drafts department budgets."),
    ),
    Action(
        "budgets.budget_import",
        roles={Role.MARKETING_ADMIN},
        label=_("Import budgets from Excel"),
        refusal=_("Only the marketing admin imports budgets."),
    ),
    Action(
        "budgets.budget_change",
        roles={Role.MARKETING_ADMIN, Role.REGION_MANAGER},
        model=Budget,
        row="change",
        label=_("Enter a draft budget's amounts"),
    ),
    # Who a region's budget belongs to when it is drafted for them (the import).
    Action(
        "budgets.region_budget_own",
        roles={Role.REGION_MANAGER},
        label=_("Own a region's budget"),
    ),
    # Everyone claims their own expenses and asks for their own advances and supplements.
    Action(
        "budgets.claim_change",
        roles=EVERYONE,
        model=ExpenseClaim,
        row="change",
        label=_("Draft and change one's own expense claim"),
        refusal=_("Only the claimant can change this claim."),
    ),
    Action(
        "budgets.claim_pay",
        roles={Role.FINANCE},
        model=ExpenseClaim,
        label=_("Mark a claim paid"),
        refusal=_("Only finance marks claims paid."),
    ),
    Action(
        "budgets.execution_run",
        roles=READERS,
        label=_("Run the budget execution roll-up"),
    ),
    # What the home page follows: the budget left this month, and claims waiting.
    Action(
        "budgets.remaining_home",
        roles=FRONT_END,
        label=_("Follow the budget left on the home page"),
    ),
    Action(
        "budgets.claims_home",
        roles={Role.REGION_MANAGER, Role.FINANCE} | COMPANY_WIDE_ROLES,
        label=_("Follow the claims waiting on the home page"),
    ),
]
