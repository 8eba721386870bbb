"""Who sees and who may do what in brand management (SPEC §3, §11).

The positioning, the toolkit, the promotion plans and the improvement plan are company-wide
documents everyone reads; the marketing director and marketing admin (who run the brand
process) draft them. Perception surveys are customer data: the regions see their own
customers', marketing admin and the company-wide roles all.
"""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from customers.models import Customer
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import (
    BrandSurvey,
    ImprovementAction,
    Positioning,
    PromotionActivity,
    PromotionPlan,
    ToolkitItem,
    ToolkitVersion,
)

BRAND_KEEPERS = {Role.DIRECTOR, Role.MARKETING_ADMIN}
FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
EVERYONE = set(Role)

POLICIES = {
    Positioning: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
    ToolkitItem: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
    ToolkitVersion: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
    PromotionPlan: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
    PromotionActivity: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
    BrandSurvey: Policy(
        region_field="region",
        see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
        see_region=FRONT_END,
    ),
    ImprovementAction: Policy(region_field=None, see_all=EVERYONE, change_all=BRAND_KEEPERS),
}

ACTIONS = [
    Action(
        "brand.positioning_draft",
        roles=BRAND_KEEPERS,
        label=_("Draft the brand positioning"),
        refusal=_("Only the marketing director and marketing admin draft the positioning."),
    ),
    Action(
        "brand.toolkit_write",
        roles=BRAND_KEEPERS,
        label=_("Maintain the promotion toolkit"),
        refusal=_("Only the marketing director and marketing admin maintain the toolkit."),
    ),
    Action(
        "brand.plan_draft",
        roles=BRAND_KEEPERS,
        label=_("Draft promotion plans"),
        refusal=_("Only the marketing director and marketing admin draft promotion plans."),
    ),
    # The activity's responsible person or supervisor records what it achieved; so do the
    # brand keepers.
    Action(
        "brand.activity_results",
        roles=EVERYONE,
        model=PromotionActivity,
        scope=Policy(
            region_field=None,
            owner_fields=("owner", "supervisor"),
            see_all=BRAND_KEEPERS,
            see_own=EVERYONE,
        ),
        label=_("Record a promotion activity's results"),
        refusal=_("Only the activity's responsible person or supervisor records its results."),
    ),
    Action(
        "brand.survey_view",
        roles=FRONT_END | COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
        label=_("See brand perception surveys"),
    ),
    Action(
        "brand.survey_record",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        model=Customer,
        scope=Policy(region_field="region", see_all={Role.MARKETING_ADMIN}, see_region=FRONT_END),
        label=_("Record a brand perception survey"),
        refusal=_("You may not record a brand survey for this customer."),
    ),
    Action(
        "brand.improvement_write",
        roles=BRAND_KEEPERS,
        label=_("Keep the brand improvement plan"),
        refusal=_("Only the marketing director and marketing admin keep the improvement plan."),
    ),
]
