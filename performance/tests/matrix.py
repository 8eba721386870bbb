from tests.hostile import HostileForm, choice, ids, number, text
from tests.matrix import COMPANY_WIDE, EVERYONE, MANAGERS, ActionRow, Row, only

OWN_AND_LEADERS = {"east_manager": 404, "tech": 404, "mktadmin": 404, "finance": 404}
PAYROLL = COMPANY_WIDE | {"finance", "mktadmin"}
LEADERS = COMPANY_WIDE | MANAGERS
TRAINERS = {"mktadmin", "director"} | MANAGERS


def build(world):
    from datetime import date

    from performance import services
    from performance.models import Competency

    world.perf_assessment = services.assessment_start(person=world.north_rep, actor=world.north_rep)
    world.perf_east_assessment = services.assessment_start(
        person=world.east_manager, actor=world.east_manager
    )
    world.perf_session = services.training_create(
        actor=world.mktadmin,
        topic="Catalyst basics",
        held_on=date(2026, 1, 20),
        trainer="Tech centre",
        competencies=list(Competency.objects.filter(code__in=["F", "B"])),
    )
    services.kpi_compute(month=date(2026, 1, 1))
    world.perf_sheet = services.sheet_create(
        actor=world.mktadmin, year=2026, kind="quarter", quarter=1
    )
    world.perf_north_line = world.perf_sheet.lines.get(person=world.north_rep)


def _competency_ids(w):
    from performance.models import Competency

    return list(Competency.objects.values_list("pk", flat=True)[:3]) + [999999]


ROWS = [
    Row("performance:index", default=302),
    Row("performance:competency-model"),
    Row("performance:assessment-list"),
    Row("performance:assessment-create", default=405),
    Row(
        "performance:assessment-detail",
        kwargs=lambda w: {"pk": w.perf_assessment.pk},
        expect=OWN_AND_LEADERS,
    ),
    Row(
        "performance:assessment-self",
        kwargs=lambda w: {"pk": w.perf_assessment.pk},
        default=405,
    ),
    Row(
        "performance:assessment-manager",
        kwargs=lambda w: {"pk": w.perf_assessment.pk},
        default=405,
    ),
    Row("performance:gaps", expect=only(200, "north_manager", "east_manager", *COMPANY_WIDE)),
    Row(
        "performance:person-development",
        kwargs=lambda w: {"pk": w.north_rep.pk},
        expect=OWN_AND_LEADERS,
    ),
    Row("performance:training-list"),
    Row("performance:training-create", expect=only(200, *TRAINERS)),
    Row("performance:training-detail", kwargs=lambda w: {"pk": w.perf_session.pk}),
    Row("performance:training-invite", kwargs=lambda w: {"pk": w.perf_session.pk}, default=405),
    Row(
        "performance:training-attendance",
        kwargs=lambda w: {"pk": w.perf_session.pk},
        default=405,
    ),
    Row("performance:scorecard", kwargs=lambda w: {"pk": w.north_rep.pk}, expect=OWN_AND_LEADERS),
    Row(
        "performance:scorecard-kpi",
        kwargs=lambda w: {"pk": w.north_rep.pk, "formula": "visits_on_time"},
        expect=OWN_AND_LEADERS,
    ),
    Row("performance:ranking", expect=only(200, *LEADERS)),
    Row("performance:kpi-run", default=405),
    Row("performance:sheet-list"),
    Row("performance:sheet-create", expect=only(200, "mktadmin")),
    Row(
        "performance:sheet-detail",
        kwargs=lambda w: {"pk": w.perf_sheet.pk},
        expect=only(200, *PAYROLL, otherwise=404),
    ),
    Row("performance:sheet-compute", kwargs=lambda w: {"pk": w.perf_sheet.pk}, default=405),
    Row(
        "performance:sheet-export",
        kwargs=lambda w: {"pk": w.perf_sheet.pk},
        expect=only(200, *PAYROLL, otherwise=404),
    ),
    Row(
        "performance:line-detail",
        kwargs=lambda w: {"pk": w.perf_north_line.pk},
        expect=only(200, "north_rep", "north_manager", *PAYROLL, otherwise=404),
    ),
]


def _assessments_not_own(w):
    from performance.models import AssessmentScore

    return AssessmentScore.objects.exclude(assessment=w.perf_assessment)


def _level_fields():
    return {f"self_{n}": choice(["", "1", "3", "5", "0", "6", "-1", "x"]) for n in range(1, 4)}


HOSTILE_FORMS = [
    HostileForm(
        "performance: enter one's own levels (or another's)",
        persona="north_rep",
        url=(
            "performance:assessment-self",
            lambda w: [w.perf_assessment.pk, w.perf_east_assessment.pk],
        ),
        fields=_level_fields(),
        guard=_assessments_not_own,
    ),
    HostileForm(
        "performance: a manager assesses (another region's person too)",
        persona="north_manager",
        url=(
            "performance:assessment-manager",
            lambda w: [w.perf_assessment.pk, w.perf_east_assessment.pk],
        ),
        fields={
            "manager_1": choice(["", "1", "5", "9", "x"]),
            "agreed_1": choice(["", "2", "0", "x"]),
            "comment": text(),
        },
        guard=lambda w: _assessments_not_own(w),
    ),
    HostileForm(
        "performance: plan a training session",
        persona="north_manager",
        url="performance:training-create",
        fields={
            "topic": text(),
            "held_on": text(),
            "trainer": text(),
            "competencies": ids(_competency_ids),
        },
        guard=lambda w: __import__(
            "performance.models", fromlist=["TrainingSession"]
        ).TrainingSession.objects.all(),
    ),
    HostileForm(
        "performance: invite people to a session",
        persona="north_manager",
        url=("performance:training-invite", lambda w: [w.perf_session.pk]),
        fields={"people": ids(lambda w: [w.north_rep.pk, w.east_rep.pk, 999999])},
        guard=lambda w: __import__(
            "performance.models", fromlist=["Attendance"]
        ).Attendance.objects.all(),
    ),
    HostileForm(
        "performance: compute a month's KPIs",
        persona="mktadmin",
        url="performance:kpi-run",
        fields={"month": text()},
        guard=lambda w: __import__(
            "performance.models", fromlist=["BonusLine"]
        ).BonusLine.objects.all(),
    ),
    HostileForm(
        "performance: prepare a bonus sheet",
        persona="mktadmin",
        url="performance:sheet-create",
        fields={
            "year": number(),
            "kind": choice(["quarter", "year", "month", ""]),
            "quarter": choice(["", "1", "4", "5", "0", "x"]),
        },
        guard=lambda w: __import__(
            "performance.models", fromlist=["BonusLine"]
        ).BonusLine.objects.filter(sheet=w.perf_sheet),
    ),
]


ACTIONS = [
    ActionRow("performance.assessment_start", allowed=EVERYONE),
    ActionRow(
        "performance.assessment_self",
        allowed=EVERYONE,
        on=lambda w: w.perf_assessment,
        allowed_on={"north_rep"},
    ),
    ActionRow(
        "performance.assessment_manage",
        allowed=MANAGERS | {"director", "gm"},
        on=lambda w: w.perf_assessment,
        allowed_on={"north_manager", "director", "gm"},
    ),
    ActionRow("performance.team_view", allowed=LEADERS),
    ActionRow("performance.training_create", allowed=TRAINERS),
    ActionRow(
        "performance.training_manage",
        allowed=TRAINERS,
        on=lambda w: w.perf_session,
        allowed_on={"mktadmin", "director"},
    ),
    ActionRow("performance.kpi_run", allowed={"mktadmin", "director"}),
    ActionRow("performance.sheet_create", allowed={"mktadmin"}),
    ActionRow(
        "performance.sheet_compute",
        allowed={"mktadmin"},
        on=lambda w: w.perf_sheet,
        allowed_on={"mktadmin"},
    ),
    ActionRow(
        "performance.sheet_export",
        allowed=PAYROLL,
        on=lambda w: w.perf_sheet,
        allowed_on=PAYROLL,
    ),
]
