"""Who sees and who may do what in marketing planning (SPEC §3, §5).

The director sets the company's targets and splits them to regions; each region manager drafts
their own region's plan and sees no other region's; marketing administration consolidates
every plan; reps see their own targets only; the chain of approvers is the authority table's.
"""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import (
    Adjustment,
    AdjustmentLine,
    CompanyTarget,
    Milestone,
    PlanBudgetLine,
    PlanLine,
    RegionPlan,
    RegionTarget,
    RollingTarget,
    RollingTargetYear,
    TargetMonth,
)

# Company-wide readers of every region's plan and targets.
READERS = COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.FINANCE}
# The company's own figures (no region in them) are read by the managers too.
COMPANY_READERS = READERS | {Role.REGION_MANAGER}
EVERYONE = set(Role)

POLICIES = {
    RollingTarget: Policy(region_field=None, see_all=COMPANY_READERS),
    RollingTargetYear: Policy(region_field=None, see_all=COMPANY_READERS),
    CompanyTarget: Policy(region_field=None, see_all=COMPANY_READERS),
    RegionTarget: Policy(region_field="region", see_all=READERS, see_region={Role.REGION_MANAGER}),
    RegionPlan: Policy(
        region_field="region",
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        change_region={Role.REGION_MANAGER},
    ),
    # A rep sees the targets they carry, nobody else's.
    PlanLine: Policy(
        region_field="region",
        owner_fields=("rep",),
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
        change_own=(),
    ),
    # The same rows summed per rep: the same people see them.
    TargetMonth: Policy(
        region_field="region",
        owner_fields=("rep",),
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
        change_own=(),
    ),
    Milestone: Policy(
        region_field="plan__region", see_all=READERS, see_region={Role.REGION_MANAGER}
    ),
    PlanBudgetLine: Policy(
        region_field="plan__region", see_all=READERS, see_region={Role.REGION_MANAGER}
    ),
    Adjustment: Policy(
        region_field="region",
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        change_region={Role.REGION_MANAGER},
    ),
    AdjustmentLine: Policy(
        region_field="adjustment__region", see_all=READERS, see_region={Role.REGION_MANAGER}
    ),
}

ACTIONS = [
    Action(
        "planning.read",
        roles=COMPANY_READERS,
        label=_("Read the company's targets and the region plans"),
    ),
    Action(
        "planning.rolling_set",
        roles={Role.DIRECTOR},
        label=_("Draw up a version of the three-year rolling target"),
        refusal=_("Only the marketing director draws up the three-year target."),
    ),
    Action(
        "planning.target_set",
        roles={Role.DIRECTOR},
        label=_("Set the annual company target and split it to regions"),
        refusal=_("Only the marketing director sets and splits the annual target."),
    ),
    Action(
        "planning.plan_create",
        roles={Role.REGION_MANAGER},
        label=_("Draft the region's annual plan"),
        refusal=_("Only a region manager drafts the region's plan."),
    ),
    Action(
        "planning.plan_change",
        roles={Role.REGION_MANAGER},
        model=RegionPlan,
        row="change",
        label=_("Change a draft region plan"),
        refusal=_("Only the region's manager changes its plan."),
    ),
    Action(
        "planning.consolidate",
        roles={Role.MARKETING_ADMIN} | COMPANY_WIDE_ROLES,
        label=_("Consolidate and balance the region plans"),
    ),
    Action(
        "planning.adjustment_create",
        roles={Role.REGION_MANAGER},
        model=RegionPlan,
        row="change",
        label=_("Request a target adjustment of an issued plan"),
        refusal=_("Only the region's manager requests an adjustment of its plan."),
    ),
    Action(
        "planning.adjustment_change",
        roles={Role.REGION_MANAGER},
        model=Adjustment,
        row="change",
        label=_("Change a draft target adjustment"),
    ),
    Action(
        "planning.tracking_read",
        roles=COMPANY_READERS | {Role.SALES_REP},
        label=_("Follow targets against actuals"),
    ),
    Action(
        "planning.month_home",
        roles={Role.SALES_REP, Role.REGION_MANAGER} | COMPANY_WIDE_ROLES,
        label=_("See the month against plan on the home page"),
    ),
]
