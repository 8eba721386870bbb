"""Who sees the dashboard and the monthly operations report (SPEC §12, §13).

The dashboard is the company's for the director, the general manager and the executive
committee, a region's for its manager and a rep's own; every figure on it comes from the
sources' own selectors and policies, so each person sees only their scope. The monthly report
is stored per scope: the company's for the company-wide roles, a region's for that region's
manager too.
"""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import MonthlyReport, PriceFact, PriceRegionFact

READERS = COMPANY_WIDE_ROLES | {Role.REGION_MANAGER, Role.SALES_REP}
REPORT_READERS = COMPANY_WIDE_ROLES | {Role.REGION_MANAGER}

POLICIES = {
    PriceFact: Policy(
        region_field="region",
        owner_fields=("owner",),
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
    ),
    PriceRegionFact: Policy(
        region_field="region",
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
    ),
    MonthlyReport: Policy(
        region_field="region",
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
    ),
}

ACTIONS = [
    Action(
        "dashboard.view",
        roles=READERS,
        label=_("Open the dashboard"),
        refusal=_(
            "The dashboard is for the marketing director, management, region managers and reps."
        ),
    ),
    Action(
        "dashboard.report_view",
        roles=REPORT_READERS,
        label=_("Read the monthly operations report"),
        refusal=_("The monthly operations report is for management and region managers."),
    ),
    # Who the report is e-mailed to: the company's to those of them without a region, a
    # region's to its manager (services.report_recipients).
    Action(
        "dashboard.report_receive",
        roles={Role.DIRECTOR, Role.GENERAL_MANAGER, Role.REGION_MANAGER},
        label=_("Receive the monthly operations report by e-mail"),
    ),
    Action(
        "dashboard.report_generate",
        roles={Role.DIRECTOR},
        label=_("Generate the monthly operations report again"),
        refusal=_("Only the marketing director regenerates the monthly report."),
    ),
]
