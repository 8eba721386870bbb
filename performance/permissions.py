"""Who sees and who may do what in sales-force performance (SPEC §3, §10).

A person sees their own scorecard, assessments, training and bonus line; a region manager the
region's people; the company-wide roles everyone. The marketing admin prepares the bonus
sheet, the director and then the general manager approve it, finance exports it for payroll."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from regions.roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

from .models import (
    Assessment,
    AssessmentScore,
    Attendance,
    BonusLine,
    BonusSheet,
    Competency,
    CompetencyGroup,
    KpiDefinition,
    KpiScore,
    KpiValue,
    LevelStandard,
    RequiredLevel,
    TrainingSession,
)

EVERYONE = set(PEOPLE_ROLES)  # people, not the ERP's service account
# A region's own monthly KPI figures are computed on its region manager's KPI definitions
# ("the same for the region", SPEC §10).
REGION_KPI_ROLE = Role.REGION_MANAGER
TRAINERS = {Role.MARKETING_ADMIN, Role.DIRECTOR, Role.REGION_MANAGER}
LEADERS = COMPANY_WIDE_ROLES | {Role.REGION_MANAGER}
PAYROLL = COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN}


def _people_policy(region_field: str, person_field: str, **extra) -> Policy:
    return Policy(
        region_field=region_field,
        owner_fields=(person_field,),
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
        see_own=EVERYONE,
        **extra,
    )


POLICIES = {
    # The competency model and the KPI definitions are the company's published rules.
    CompetencyGroup: Policy(region_field=None, see_all=EVERYONE),
    Competency: Policy(region_field=None, see_all=EVERYONE),
    LevelStandard: Policy(region_field=None, see_all=EVERYONE),
    RequiredLevel: Policy(region_field=None, see_all=EVERYONE),
    KpiDefinition: Policy(region_field=None, see_all=EVERYONE),
    # A person's own assessments, KPI values and attendance; the region's for its manager.
    # The person's manager assesses: a region manager the region's people, the director the
    # middle and the region managers, the general manager the director.
    Assessment: _people_policy(
        "region",
        "person",
        change_all={Role.DIRECTOR, Role.GENERAL_MANAGER},
        change_region={Role.REGION_MANAGER},
    ),
    AssessmentScore: _people_policy("assessment__region", "assessment__person"),
    KpiValue: _people_policy("region", "person"),
    KpiScore: _people_policy("region", "person"),
    Attendance: Policy(
        region_field="region",
        owner_fields=("person",),
        see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
        see_region={Role.REGION_MANAGER},
        see_own=EVERYONE,
    ),
    # Training sessions are open to all; the department's organisers and a region's manager
    # (for the region's own sessions) keep them.
    TrainingSession: Policy(
        region_field="region",
        see_all=EVERYONE,
        change_all={Role.MARKETING_ADMIN, Role.DIRECTOR},
        change_region={Role.REGION_MANAGER},
        change_own=(),
    ),
    # The bonus sheet is the company's payroll document; each line is also its person's.
    BonusSheet: Policy(region_field=None, see_all=PAYROLL, change_all={Role.MARKETING_ADMIN}),
    BonusLine: Policy(
        region_field="region",
        owner_fields=("person",),
        see_all=PAYROLL,
        see_region={Role.REGION_MANAGER},
        see_own=EVERYONE,
        change_own=(),
    ),
}

ACTIONS = [
    Action(
        "performance.assessment_start",
        roles=EVERYONE,
        label=_("Start one's own competency self-assessment"),
    ),
    Action(
        "performance.assessment_self",
        roles=EVERYONE,
        model=Assessment,
        scope=Policy(region_field=None, owner_fields=("person",), see_own=EVERYONE),
        label=_("Enter one's own levels in a self-assessment"),
        refusal=_("Only the person assessed enters the self-assessment."),
    ),
    Action(
        "performance.assessment_manage",
        roles={Role.REGION_MANAGER, Role.DIRECTOR, Role.GENERAL_MANAGER},
        model=Assessment,
        row="change",
        label=_("Assess a person and agree the levels"),
        refusal=_("Only the person's manager assesses and agrees the levels."),
    ),
    Action(
        "performance.team_view",
        roles=LEADERS,
        label=_("See the team's KPI ranking and competency gaps"),
    ),
    Action(
        "performance.training_create",
        roles=TRAINERS,
        label=_("Plan a training session"),
        refusal=_("The marketing admin, the director and region managers plan training."),
    ),
    Action(
        "performance.training_manage",
        roles=TRAINERS,
        model=TrainingSession,
        row="change",
        label=_("Invite people to a training session and record attendance"),
    ),
    Action(
        "performance.kpi_run",
        roles={Role.MARKETING_ADMIN, Role.DIRECTOR},
        label=_("Compute a month's KPIs on demand"),
        refusal=_("Only the marketing admin and the director run the KPI computation."),
    ),
    Action(
        "performance.sheet_create",
        roles={Role.MARKETING_ADMIN},
        label=_("Prepare a bonus sheet"),
        refusal=_("Only the marketing admin prepares bonus sheets."),
    ),
    Action(
        "performance.sheet_compute",
        roles={Role.MARKETING_ADMIN},
        model=BonusSheet,
        row="change",
        label=_("Compute a draft bonus sheet again"),
    ),
    Action(
        "performance.sheet_export",
        roles=PAYROLL,
        model=BonusSheet,
        label=_("Export a bonus sheet to Excel for payroll"),
    ),
]
