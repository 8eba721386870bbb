"""Demo performance data: the KPIs of the twelve months to last month for every demo person
(the budget execution roll-up of this year's months first, so "budget kept" has figures; sales
target completion and development plan execution read the planning and orders demos, which
run before this one: same ORDER, earlier in INSTALLED_APPS), an agreed competency assessment
for every role with visible gaps, two training sessions (one held, with attendance; one
planned, with people invited from their gaps), and the last complete quarter's bonus sheet
waiting for the director, with an outstanding cash advance deducted and commission on sales
over target for the reps who beat their targets. Idempotent; approval e-mails are not sent
while seeding."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from regions.models import User

ORDER = 70

# Agreed levels per role that differ from the profile (the visible gaps), and one strength.
GAPS = {
    "sales_rep": {"B": 3, "F": 4, "G": 2},
    "region_manager": {"C": 3, "E": 3},
    "tech_support": {"D": 4, "H": 3},
    "marketing_admin": {"E": 2},
    "marketing_director": {"D": 3},
}
# Who agrees whose levels: the person's manager, or the director for people without one.
TOPICS = [
    ("催化剂产品与匹配技术 / Catalyst products and matching", "技术中心 / Tech centre", ["F"], 40),
    ("把握客户需求 / Grasping customer needs", "营销总监 / Director", ["B", "G"], -10),
]


def seed(*, out) -> None:
    from approvals.tasks import approval_notify_task

    with mock.patch.object(approval_notify_task, "delay_on_commit", lambda *args, **kwargs: None):
        _seed(out=out)


def _reference_data() -> None:
    from importlib import import_module

    from django.apps import apps

    for name in ("0002_competency_model", "0003_default_kpis_and_incentives"):
        import_module(f"performance.migrations.{name}").forwards(apps, None)


def _seed(*, out) -> None:
    people = {u.username: u for u in User.objects.filter(is_active=True).select_related("manager")}
    if "director" not in people or "mktadmin" not in people:
        return
    _reference_data()
    months = _kpis()
    assessed = _assessments(people)
    sessions = _training(people)
    sheet = _bonus_sheet(people)
    out.write(
        f"performance: KPIs for {months} months, {assessed} assessments, {sessions} training "
        f"sessions, bonus sheet {sheet}"
    )


def _kpis() -> int:
    from budgets.services import budget_execution_rollup

    from .services import kpi_compute, months_between

    last = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    first = (last - timedelta(days=335)).replace(day=1)
    months = months_between(first, last)
    for month in months:
        if month.year == last.year:
            budget_execution_rollup(month=month, notify=False)
        kpi_compute(month=month)
    return len(months)


def _assessments(people) -> int:
    from .models import Assessment, Competency, RequiredLevel
    from .services import assessment_manager_enter, assessment_self_enter, assessment_start

    codes = dict(Competency.objects.values_list("code", "pk"))
    done = 0
    for person in people.values():
        if person.role not in GAPS or Assessment.objects.filter(person=person).exists():
            continue
        manager = person.manager or people.get("director")
        if manager is None or manager.pk == person.pk:
            manager = people.get("gm")
        if manager is None:
            continue
        required = dict(
            RequiredLevel.objects.filter(role=person.role).values_list("competency__code", "level")
        )
        agreed = required | GAPS[person.role]
        own = {code: max(1, level - 1) for code, level in agreed.items()}  # a kinder self-view
        assessment = assessment_start(person=person, actor=person)
        assessment_self_enter(
            assessment=assessment,
            levels={codes[c]: level for c, level in own.items()},
            actor=person,
        )
        assessment_manager_enter(
            assessment=assessment,
            manager_levels={codes[c]: level for c, level in agreed.items()},
            agreed_levels={codes[c]: level for c, level in agreed.items()},
            comment="示例评估 / Demo assessment",
            actor=manager,
        )
        done += 1
    return done


def _training(people) -> int:
    from . import selectors
    from .models import Competency, TrainingSession
    from .services import training_attendance_record, training_create, training_invite

    # The director sees everyone's gaps, so the invitations follow them.
    organiser = people["director"]
    today = timezone.localdate()
    for topic, trainer, codes, days_ago in TOPICS:
        if TrainingSession.objects.filter(topic=topic).exists():
            continue
        session = training_create(
            actor=organiser,
            topic=topic,
            held_on=today - timedelta(days=days_ago),
            trainer=trainer,
            competencies=list(Competency.objects.filter(code__in=codes)),
        )
        invitees = [
            s["person"] for s in selectors.training_suggestions(user=organiser, session=session)
        ]
        training_invite(session=session, people=invitees, actor=organiser)
        if days_ago > 0:  # held: most of those invited came
            training_attendance_record(
                session=session, attended_ids=[p.pk for p in invitees[:-1]], actor=organiser
            )
    return TrainingSession.objects.count()


def _bonus_sheet(people) -> str:
    from approvals.services import approval_submit

    from .models import BonusSheet
    from .services import sheet_create

    today = timezone.localdate()
    quarter = (today.month - 1) // 3  # the last complete quarter
    year = today.year
    if quarter == 0:
        year, quarter = year - 1, 4
    existing = BonusSheet.objects.filter(year=year, kind="quarter", quarter=quarter).first()
    if existing is not None:
        return existing.period_label
    sheet = sheet_create(actor=people["mktadmin"], year=year, kind="quarter", quarter=quarter)
    approval_submit(document=sheet, actor=people["mktadmin"])
    return sheet.period_label
