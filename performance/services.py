"""Writes of sales-force performance (SPEC §10): assessments, training, the monthly KPI job
and bonus sheets. Every service asks the access layer first and runs in one transaction."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_open, approval_refresh
from core.money import ZERO, money, round_places
from core.submissions import create_once
from regions.models import Assignment, User

from .models import (
    Assessment,
    AssessmentScore,
    AssessmentStatus,
    Attendance,
    BonusLine,
    BonusSheet,
    CommissionBand,
    Competency,
    Formula,
    IncentiveParameter,
    KpiDefinition,
    KpiValue,
    PeriodKind,
    Scope,
    ScoringBand,
    SheetStatus,
    TrainingSession,
    ValueStatus,
)
from .permissions import REGION_KPI_ROLE

HUNDRED = Decimal("100")
# A visit report is on time when it is logged no later than this many days after the visit
# (the logged date read in the company's time zone).
VISIT_REPORT_DAYS = 2


def month_start(value: date) -> date:
    return value.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: date, last: date) -> list[date]:
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def _local_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) as aware datetimes, local time."""
    tz = _local_tz()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


# --- competency assessments ---------------------------------------------------------------------


def _check_levels(levels: dict) -> dict[int, int | None]:
    clean = {}
    for key, level in levels.items():
        if level in (None, ""):
            clean[int(key)] = None
            continue
        level = int(level)
        if not 1 <= level <= 5:
            raise ValidationError(_("A level is from 1 to 5."))
        clean[int(key)] = level
    return clean


def assessment_start(*, person, actor, key: str = "") -> Assessment:
    """The person starts their own self-assessment against their role's profile."""
    access.require(actor, "performance.assessment_start")
    if actor.pk != person.pk:
        raise PermissionDenied(_("A person starts their own self-assessment."))
    if not person.role:
        raise ValidationError(_("Only a person with a role is assessed against a profile."))

    def create():
        assessment = Assessment(
            person=person,
            role=person.role,
            region=person.region,
            assessed_on=timezone.localdate(),
            manager=person.manager,
        )
        assessment.full_clean()
        assessment.save()
        AssessmentScore.objects.bulk_create(
            AssessmentScore(assessment=assessment, competency=c) for c in Competency.objects.all()
        )
        return assessment

    with transaction.atomic():
        assessment, _created = create_once(actor=actor, key=key, create=create)
    return assessment


@transaction.atomic
def assessment_self_enter(*, assessment: Assessment, levels: dict, actor) -> Assessment:
    """The person's own level per competency ({competency pk: level})."""
    access.require(actor, "performance.assessment_self", assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == AssessmentStatus.AGREED:
        raise ValidationError(_("The levels of this assessment are already agreed."))
    levels = _check_levels(levels)
    for score in assessment.scores.all():
        if score.competency_id in levels:
            score.self_level = levels[score.competency_id]
            score.save(update_fields=["self_level"])
    return assessment


@transaction.atomic
def assessment_manager_enter(
    *, assessment: Assessment, manager_levels: dict, agreed_levels: dict, actor, comment=""
) -> Assessment:
    """The manager's level and the agreed level per competency; agreed when every competency
    has an agreed level."""
    access.require(actor, "performance.assessment_manage", assessment)
    if actor.pk == assessment.person_id:
        raise PermissionDenied(_("Nobody assesses themselves as a manager."))
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == AssessmentStatus.AGREED:
        raise ValidationError(_("The levels of this assessment are already agreed."))
    manager_levels = _check_levels(manager_levels)
    agreed_levels = _check_levels(agreed_levels)
    scores = list(assessment.scores.all())
    for score in scores:
        score.manager_level = manager_levels.get(score.competency_id, score.manager_level)
        score.agreed_level = agreed_levels.get(score.competency_id, score.agreed_level)
    AssessmentScore.objects.bulk_update(scores, ["manager_level", "agreed_level"])
    agreed = bool(scores) and all(s.agreed_level for s in scores)
    assessment.status = AssessmentStatus.AGREED if agreed else AssessmentStatus.MANAGER
    assessment.manager = actor
    assessment.comment = (comment or "").strip()[:1000]
    assessment.save(update_fields=["status", "manager", "comment"])
    return assessment


# --- training -------------------------------------------------------------------------------------


def training_create(
    *, actor, topic: str, held_on: date, trainer: str, competencies, region=None, key: str = ""
) -> TrainingSession:
    access.require(actor, "performance.training_create")
    if region is None and actor.region_id and not access.can(actor, "performance.kpi_run"):
        # A region manager plans the region's own sessions.
        region = actor.region

    def create():
        session = TrainingSession(
            topic=(topic or "").strip(),
            held_on=held_on,
            trainer=(trainer or "").strip(),
            region=region,
            created_by=actor,
        )
        session.full_clean()
        session.save()
        session.competencies.set(competencies)
        return session

    with transaction.atomic():
        session, _created = create_once(actor=actor, key=key, create=create)
    return session


@transaction.atomic
def training_invite(*, session: TrainingSession, people, actor) -> int:
    """Invite people (those the actor sees) to a session; an invited person is not added
    twice. Returns how many were added."""
    access.require(actor, "performance.training_manage", session)
    ids = set(
        access.visible(actor, User)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    existing = set(session.attendances.values_list("person_id", flat=True))
    new = [p for p in people if p.pk in ids and p.pk not in existing]
    Attendance.objects.bulk_create(
        Attendance(session=session, person=p, region=p.region) for p in new
    )
    return len(new)


@transaction.atomic
def training_attendance_record(*, session: TrainingSession, attended_ids, actor) -> None:
    access.require(actor, "performance.training_manage", session)
    attended_ids = {int(pk) for pk in attended_ids}
    session.attendances.update(attended=False)
    session.attendances.filter(person_id__in=attended_ids).update(attended=True)


# --- KPI definitions and scoring ------------------------------------------------------------------


def kpi_definitions_for_year(year: int) -> list[KpiDefinition]:
    """The year's KPI definitions; a year without any starts as a copy of the latest earlier
    year (definitions and bands), so editing this year's weights leaves last year alone."""
    definitions = list(KpiDefinition.objects.filter(year=year).prefetch_related("bands"))
    if definitions:
        return definitions
    source_year = (
        KpiDefinition.objects.filter(year__lt=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if source_year is None:
        return []
    with transaction.atomic():
        for old in KpiDefinition.objects.filter(year=source_year).prefetch_related("bands"):
            new, created = KpiDefinition.objects.get_or_create(
                year=year,
                role=old.role,
                formula=old.formula,
                defaults={
                    "name": old.name,
                    "name_en": old.name_en,
                    "scope": old.scope,
                    "weight": old.weight,
                    "target": old.target,
                },
            )
            if created:
                ScoringBand.objects.bulk_create(
                    ScoringBand(definition=new, achievement_from=b.achievement_from, score=b.score)
                    for b in old.bands.all()
                )
    return list(KpiDefinition.objects.filter(year=year).prefetch_related("bands"))


def band_score(achievement: Decimal | None, bands) -> Decimal | None:
    """The score of the highest band whose start the achievement reaches; 0 below all."""
    if achievement is None:
        return None
    score = ZERO
    for band in sorted(bands, key=lambda b: b.achievement_from):
        if achievement >= band.achievement_from:
            score = band.score
    return score


def achievement_of(value: Decimal | None, target: Decimal) -> Decimal | None:
    if value is None or not target:
        return None
    return round_places(value / target * HUNDRED, 2)


def total_score(values) -> Decimal | None:
    """The weighted score of KPI values that were computed: Σ weight × score ÷ Σ weight. KPIs
    without a source or without data this month do not count (their weight is left out)."""
    weight = sum((v.weight for v in values if v.score is not None), ZERO)
    if not weight:
        return None
    return round_places(sum(v.weight * v.score for v in values if v.score is not None) / weight, 2)


# --- the monthly KPI job --------------------------------------------------------------------------


@dataclass
class Measure:
    numerator: Decimal
    denominator: Decimal
    value: Decimal


def _ratio(numerator, denominator, scale=HUNDRED) -> Measure | None:
    if not denominator:
        return None
    numerator, denominator = Decimal(numerator), Decimal(denominator)
    return Measure(numerator, denominator, round_places(numerator / denominator * scale, 2))


def roles_at(day: date) -> dict[int, tuple[str, int | None]]:
    """{person pk: (role, region pk)} as they were at the end of `day` (regions.Assignment),
    for active people; people without a recorded assignment count with their current role."""
    _start, end = _local_range(day, day)
    held = {
        row[0]: (row[1], row[2])
        for row in Assignment.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
        .values_list("person_id", "role", "region_id")
    }
    for pk, role, region_id in (
        User.objects.filter(is_active=True).exclude(role="").values_list("pk", "role", "region_id")
    ):
        held.setdefault(pk, (role, region_id))
    active = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    return {pk: v for pk, v in held.items() if pk in active and v[0]}


def visits_on_time(*, month: date) -> tuple[dict[int, Measure], dict[int, Measure]]:
    """Visit reports logged on time ÷ visits of the month, per rep and per region. Grouped in
    SQL by (rep, region, visit date, logged date), so Python sees a few rows per rep."""
    from customers.models import Visit

    rows = (
        Visit.objects.filter(visit_date__range=(month, month_end(month)))
        .annotate(logged=TruncDate("created_at", tzinfo=_local_tz()))
        .values("rep_id", "region_id", "visit_date", "logged")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_rep: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_region: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        on_time = row["logged"] <= row["visit_date"] + timedelta(days=VISIT_REPORT_DAYS)
        for bucket in (per_rep[row["rep_id"]], per_region[row["region_id"]]):
            bucket[1] += row["n"]
            if on_time:
                bucket[0] += row["n"]
    return (
        {k: _ratio(*v) for k, v in per_rep.items()},
        {k: _ratio(*v) for k, v in per_region.items()},
    )


def budget_kept(*, month: date) -> dict[int, Measure]:
    """Per region: 100 while the year's spend stays within the budget, else budget ÷ spend ×
    100 (budgets' stored execution roll-up for the year to the month)."""
    from budgets.selectors import region_budget_use

    result = {}
    for region_id, row in region_budget_use(month=month).items():
        total, used = Decimal(row["total"]), Decimal(row["used"])
        if not total and not used:
            continue
        value = HUNDRED if used <= total else round_places(total / used * HUNDRED, 2)
        result[region_id] = Measure(total, used, value)
    return result


def satisfaction(*, month: date) -> tuple[dict[int, Measure], Measure | None]:
    """The regions' ratings (1–5) of support requests rated in the month: the average per
    engineer assigned, and over the whole department."""
    from techsupport.models import SupportRequest

    start, end = _local_range(month, month_end(month))
    rated = SupportRequest.objects.filter(
        rating__isnull=False, rated_at__gte=start, rated_at__lt=end
    )
    per_person = {}
    for row in rated.values("assignee_id").annotate(n=Count("pk"), avg=Avg("rating")).order_by():
        if row["assignee_id"] and row["n"]:
            total = Decimal(row["avg"]) * row["n"]
            per_person[row["assignee_id"]] = _ratio(round_places(total, 2), row["n"], Decimal(1))
    overall = rated.aggregate(n=Count("pk"), avg=Avg("rating"))
    department = (
        _ratio(round_places(Decimal(overall["avg"]) * overall["n"], 2), overall["n"], Decimal(1))
        if overall["n"]
        else None
    )
    return per_person, department


def forms_on_time(
    *, month: date, people: dict[int, tuple[str, int | None]]
) -> tuple[dict[int, Measure], dict[int, Measure]]:
    """Information forms due in the month handed in on time (neither late nor missing) ÷ forms
    due, per person and per region (the people of the region at the month's end), from
    information's late_forms (one query)."""
    from information.selectors import late_forms

    per_person: dict[int, Measure] = {}
    per_region: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for person_id, counts in late_forms(month_from=month, month_to=month).items():
        due = counts["due"]
        if not due:
            continue
        on_time = due - counts["late"] - counts["missing"]
        per_person[person_id] = _ratio(on_time, due)
        region_id = people.get(person_id, (None, None))[1]
        if region_id:
            per_region[region_id][0] += on_time
            per_region[region_id][1] += due
    return per_person, {k: _ratio(*v) for k, v in per_region.items()}


@dataclass
class SalesFigures:
    """Revenue targets and actuals of some months, per rep, per region and for the company
    (the sums of the regions: every target and every sale belongs to a region)."""

    target_rep: dict[int, Decimal]
    target_region: dict[int, Decimal]
    actual_rep: dict[int, Decimal]
    actual_region: dict[int, Decimal]

    @property
    def target_company(self) -> Decimal:
        return sum(self.target_region.values(), ZERO)

    @property
    def actual_company(self) -> Decimal:
        return sum(self.actual_region.values(), ZERO)

    def for_rep(self, person_id) -> tuple[Decimal, Decimal | None]:
        """(actual revenue, target revenue or None when the rep has no target)."""
        return self.actual_rep.get(person_id, ZERO), self.target_rep.get(person_id) or None

    def for_region(self, region_id) -> tuple[Decimal, Decimal | None]:
        return self.actual_region.get(region_id, ZERO), self.target_region.get(region_id) or None

    def for_company(self) -> tuple[Decimal, Decimal | None]:
        return self.actual_company, self.target_company or None


def sales_figures(*, month_from: date, month_to: date) -> SalesFigures:
    """The current (adjusted) revenue targets of the issued region plans (planning's
    `targets`) and the revenue actually sold (orders' `actuals`, the monthly sales fact) over
    the months, read as the whole company: one query per source, grouped by (rep, region), so
    the cost does not grow with the number of people. A target belongs to the plan line's rep
    (the customer's owner when the plan was drafted), a sale to the order's owner; lines
    without a rep count for the region only."""
    from orders.selectors import actuals
    from planning.selectors import targets

    reader = access.CompanyReader()
    result = SalesFigures({}, {}, {}, {})
    sides = (
        (
            targets(
                user=reader,
                month_from=month_from,
                month_to=month_to,
                group_by=("rep", "region"),
                which="current",
            ),
            result.target_rep,
            result.target_region,
        ),
        (
            actuals(
                user=reader,
                month_from=month_from,
                month_to=month_to,
                group_by=("rep", "region"),
            ),
            result.actual_rep,
            result.actual_region,
        ),
    )
    for rows, per_rep, per_region in sides:
        for row in rows:
            revenue = Decimal(row["revenue"] or 0)
            if row["rep_id"] is not None:
                per_rep[row["rep_id"]] = per_rep.get(row["rep_id"], ZERO) + revenue
            per_region[row["region_id"]] = per_region.get(row["region_id"], ZERO) + revenue
    return result


def _completion(actual: Decimal, target: Decimal | None) -> Measure | None:
    """Actual ÷ target × 100; no target (or a zero one) is nothing to measure, not 0 %."""
    if not target or target <= 0:
        return None
    return _ratio(actual, target)


def sales_completion(
    *, month: date
) -> tuple[dict[int, Measure], dict[int, Measure], Measure | None]:
    """Sales target completion of the month (revenue sold ÷ current revenue target × 100),
    per rep (their own targets against their own sales), per region, and for the whole
    company (the marketing department's target completion). Only who has a target gets a
    figure."""
    figures = sales_figures(month_from=month, month_to=month)
    per_rep = {
        pk: m for pk in figures.target_rep if (m := _completion(*figures.for_rep(pk))) is not None
    }
    per_region = {
        pk: m
        for pk in figures.target_region
        if (m := _completion(*figures.for_region(pk))) is not None
    }
    return per_rep, per_region, _completion(*figures.for_company())


def development_plan(
    *, month: date
) -> tuple[dict[int, Measure], dict[int, Measure], Measure | None]:
    """Customer development plan execution: the milestones of issued region plans whose
    baseline date falls in the month (each milestone is due once, in its baseline month), and
    of those the ones reached on time — the project's stage has an actual date on or before
    the baseline date. A milestone reached late, or not reached yet, is due and not on time; a
    later run does not turn a late milestone into an on-time one. Per person (the project's
    owner), per region (the plan's region) and for the company; one query, grouped in SQL."""
    from customers.models import ProjectStage
    from planning.models import Milestone
    from planning.models import Status as PlanStatus

    reached = ProjectStage.objects.filter(
        project=OuterRef("project"),
        stage=OuterRef("stage"),
        actual_date__isnull=False,
        actual_date__lte=OuterRef("baseline_date"),
    )
    rows = (
        Milestone.objects.filter(
            plan__status=PlanStatus.ISSUED, baseline_date__range=(month, month_end(month))
        )
        .annotate(on_time=Exists(reached))
        .values("project__owner_id", "plan__region_id")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(on_time=True)))
        .order_by()
    )
    per_person: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_region: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    company = [0, 0]
    for row in rows:
        for bucket in (
            per_person[row["project__owner_id"]],
            per_region[row["plan__region_id"]],
            company,
        ):
            bucket[0] += row["done"]
            bucket[1] += row["due"]
    return (
        {k: _ratio(*v) for k, v in per_person.items()},
        {k: _ratio(*v) for k, v in per_region.items()},
        _ratio(*company),
    )


def _scoped(scope, person_id, region_id, own: dict, region: dict, company):
    if scope == Scope.OWN:
        return own.get(person_id)
    if scope == Scope.REGION:
        return region.get(region_id)
    return company


def kpi_compute(*, month: date) -> int:
    """Compute every person's and region's KPI values of `month` and store them: the month's
    rows are deleted and inserted in one transaction, so a crash leaves the previous figures
    and a re-run gives the same ones. Returns the number of rows stored."""
    month = month_start(month)
    definitions = kpi_definitions_for_year(month.year)
    by_role: dict[str, list[KpiDefinition]] = defaultdict(list)
    for definition in definitions:
        by_role[definition.role].append(definition)
    people = roles_at(month_end(month))
    visits_rep, visits_region = visits_on_time(month=month)
    budget_region = budget_kept(month=month)
    sat_person, sat_department = satisfaction(month=month)
    forms_person, forms_region = forms_on_time(month=month, people=people)
    sales_rep, sales_region, sales_company = sales_completion(month=month)
    plan_person, plan_region, plan_company = development_plan(month=month)
    now = timezone.now()
    rows: list[KpiValue] = []

    def measure_for(formula, scope, person_id, region_id):
        """(status, Measure | None) of one KPI for a person (or region, person_id None), read
        on the person's own records, their region's or the department's (the definition's
        scope)."""
        if person_id is None and scope == Scope.OWN:
            scope = Scope.REGION
        if formula == Formula.VISITS_ON_TIME:
            found = (visits_rep if scope == Scope.OWN else visits_region).get(
                person_id if scope == Scope.OWN else region_id
            )
        elif formula == Formula.FORMS_ON_TIME:
            found = (forms_person if scope == Scope.OWN else forms_region).get(
                person_id if scope == Scope.OWN else region_id
            )
        elif formula == Formula.BUDGET_KEPT:
            found = budget_region.get(region_id)
        elif formula == Formula.SATISFACTION:
            found = sat_person.get(person_id) if scope == Scope.OWN else sat_department
        elif formula == Formula.SALES_COMPLETION:
            found = _scoped(scope, person_id, region_id, sales_rep, sales_region, sales_company)
        elif formula == Formula.DEVELOPMENT_PLAN:
            found = _scoped(scope, person_id, region_id, plan_person, plan_region, plan_company)
        elif formula == Formula.DEPARTMENT_TARGET:
            found = sales_company
        else:  # pragma: no cover - every formula is handled above
            found = None
        return (ValueStatus.OK, found) if found is not None else (ValueStatus.NO_DATA, None)

    def add(definition, person_id, region_id):
        status, found = measure_for(definition.formula, definition.scope, person_id, region_id)
        achievement = achievement_of(found.value, definition.target) if found else None
        rows.append(
            KpiValue(
                month=month,
                definition=definition,
                person_id=person_id,
                region_id=region_id,
                status=status,
                numerator=found.numerator if found else None,
                denominator=found.denominator if found else None,
                value=found.value if found else None,
                target=definition.target,
                achievement=achievement,
                score=band_score(achievement, definition.bands.all()),
                weight=definition.weight,
                computed_at=now,
            )
        )

    for person_id, (role, region_id) in people.items():
        for definition in by_role.get(role, ()):
            add(definition, person_id, region_id)
    # Each region's own figures, on the region manager's KPIs (SPEC §10: "the same for the
    # region").
    from regions.models import Region

    for region_id in Region.objects.filter(is_active=True).values_list("pk", flat=True):
        for definition in by_role.get(REGION_KPI_ROLE, ()):
            add(definition, None, region_id)
    with transaction.atomic():
        KpiValue.objects.filter(month=month).delete()
        KpiValue.objects.bulk_create(rows, batch_size=2000)
        kpi_scores_rebuild(month=month)
    return len(rows)


def kpi_scores_rebuild(*, month: date) -> int:
    """Rewrite the month's KpiScore rows from its KpiValues (one grouped query, set-based):
    each person's Σ weight × score and Σ weight over the KPIs that were computed, and their
    quotient, the score the ranking orders by. Idempotent; kpi_compute calls it in its
    transaction. Returns the number of people scored."""
    from django.db.models import DecimalField, F, Max, Sum

    from .models import KpiScore

    month = month_start(month)
    computed = Q(score__isnull=False)
    grouped = (
        KpiValue.objects.filter(month=month, person__isnull=False)
        .values("person_id")
        .annotate(
            region=Max("region_id"),
            role=Max("definition__role"),
            weighted=Sum(
                F("weight") * F("score"),
                filter=computed,
                output_field=DecimalField(max_digits=16, decimal_places=4),
            ),
            weights=Sum("weight", filter=computed),
            at=Max("computed_at"),
        )
        .order_by()
    )
    scores = [
        KpiScore(
            month=month,
            person_id=row["person_id"],
            region_id=row["region"],
            role=row["role"] or "",
            weighted=row["weighted"],
            weights=row["weights"],
            rank_score=(
                round_places(row["weighted"] / row["weights"], 6)
                if row["weights"] and row["weighted"] is not None
                else None
            ),
            computed_at=row["at"],
        )
        for row in grouped
    ]
    with transaction.atomic():
        KpiScore.objects.filter(month=month).delete()
        KpiScore.objects.bulk_create(scores, batch_size=2000)
    return len(scores)


def kpi_run(*, month: date, actor) -> int:
    """On demand, for the marketing admin or the director."""
    access.require(actor, "performance.kpi_run")
    return kpi_compute(month=month)


# --- incentives -----------------------------------------------------------------------------------


def incentive_parameters_for_year(year: int) -> dict[str, IncentiveParameter]:
    """{role: parameters} of the year; a year without any starts as a copy of the latest
    earlier year's (with its commission bands)."""
    found = {
        p.role: p
        for p in IncentiveParameter.objects.filter(year=year).prefetch_related("commission_bands")
    }
    if found:
        return found
    source_year = (
        IncentiveParameter.objects.filter(year__lt=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if source_year is None:
        return {}
    with transaction.atomic():
        for old in IncentiveParameter.objects.filter(year=source_year).prefetch_related(
            "commission_bands"
        ):
            new, created = IncentiveParameter.objects.get_or_create(
                year=year,
                role=old.role,
                defaults={
                    "fixed_pay": old.fixed_pay,
                    "performance_base": old.performance_base,
                    "department_bonus_base": old.department_bonus_base,
                    "satisfaction_bonus_base": old.satisfaction_bonus_base,
                },
            )
            if created:
                CommissionBand.objects.bulk_create(
                    CommissionBand(parameter=new, over_from=b.over_from, rate=b.rate)
                    for b in old.commission_bands.all()
                )
    return {
        p.role: p
        for p in IncentiveParameter.objects.filter(year=year).prefetch_related("commission_bands")
    }


def commission_for(*, revenue: Decimal, target: Decimal, bands) -> Decimal:
    """Commission on revenue over target, band by band like a tax table: the part of the
    revenue over target from one band's start (percent over target) to the next band's start
    earns that band's rate."""
    if not target or target <= 0 or revenue <= target:
        return ZERO
    over = revenue - target
    ordered = sorted(bands, key=lambda b: b.over_from)
    commission = ZERO
    for index, band in enumerate(ordered):
        start = target * band.over_from / HUNDRED
        end = target * ordered[index + 1].over_from / HUNDRED if index + 1 < len(ordered) else None
        if over <= start:
            break
        portion = (min(over, end) if end is not None else over) - start
        commission += portion * band.rate / HUNDRED
    return money(commission)


def period_months(*, year: int, kind: str, quarter: int | None) -> tuple[date, date]:
    if kind == PeriodKind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("Choose a quarter from 1 to 4.")})
        first = date(year, 3 * quarter - 2, 1)
        return first, date(year, 3 * quarter, 1)
    return date(year, 1, 1), date(year, 12, 1)


def sheet_create(
    *, actor, year: int, kind: str, quarter: int | None = None, key: str = ""
) -> BonusSheet:
    access.require(actor, "performance.sheet_create")
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Choose a quarter or a year.")})
    if kind == PeriodKind.YEAR:
        quarter = None
    month_from, month_to = period_months(year=year, kind=kind, quarter=quarter)
    if (
        BonusSheet.objects.filter(month_from=month_from, month_to=month_to)
        .exclude(status=SheetStatus.REJECTED)
        .exists()
    ):
        raise ValidationError(_("This period already has a bonus sheet."))

    def create():
        sheet = BonusSheet(
            year=year,
            kind=kind,
            quarter=quarter,
            month_from=month_from,
            month_to=month_to,
            created_by=actor,
        )
        sheet.full_clean()
        sheet.save()
        approval_open(document=sheet, actor=actor)
        _sheet_fill(sheet)
        return sheet

    with transaction.atomic():
        sheet, _created = create_once(actor=actor, key=key, create=create)
    return sheet


@transaction.atomic
def sheet_compute(*, sheet: BonusSheet, actor) -> BonusSheet:
    """Compute a draft (or returned) sheet again from the current scores and balances."""
    access.require(actor, "performance.sheet_compute", sheet)
    sheet = BonusSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned bonus sheet is computed again."))
    _sheet_fill(sheet)
    return sheet


def _person_scores(*, month_from: date, month_to: date, people) -> dict:
    """{person pk: {"months": {month: total score}, "by_formula": {formula: [scores]}}}."""
    values = KpiValue.objects.filter(
        month__range=(month_from, month_to), person_id__in=people
    ).select_related("definition")
    per_month: dict[tuple, list] = defaultdict(list)
    by_formula: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for value in values:
        per_month[(value.person_id, value.month)].append(value)
        if value.score is not None:
            by_formula[value.person_id][value.definition.formula].append(value.score)
    result: dict[int, dict] = defaultdict(lambda: {"months": {}, "by_formula": {}})
    for (person_id, month), month_values in per_month.items():
        score = total_score(month_values)
        if score is not None:
            result[person_id]["months"][month] = score
    for person_id, formulas in by_formula.items():
        result[person_id]["by_formula"] = dict(formulas)
    return result


def _average(scores) -> Decimal | None:
    scores = list(scores)
    return round_places(sum(scores, ZERO) / len(scores), 2) if scores else None


def _sheet_fill(sheet: BonusSheet) -> None:
    """Delete the sheet's lines and compute them again (one line per person with pay
    parameters for their role), deducting each person's outstanding advance. Commission on
    sales over target compares the period's revenue with the period's current targets; without
    a target there is no commission (None, explained), never a commission on all sales."""
    from budgets.services import outstanding_advance

    parameters = incentive_parameters_for_year(sheet.year)
    people = {
        pk: held
        for pk, held in roles_at(month_end(sheet.month_to)).items()
        if held[0] in parameters
    }
    months = len(months_between(sheet.month_from, sheet.month_to))
    scores = _person_scores(month_from=sheet.month_from, month_to=sheet.month_to, people=people)
    persons = {u.pk: u for u in User.objects.filter(pk__in=people)}
    # Revenue and targets of the period, read once for everyone (grouped by rep and region).
    sales = sales_figures(month_from=sheet.month_from, month_to=sheet.month_to)
    sales_scope = {
        d.role: d.scope
        for d in kpi_definitions_for_year(sheet.year)
        if d.formula == Formula.SALES_COMPLETION
    }
    lines = []
    for pk, (role, region_id) in people.items():
        parameter = parameters[role]
        explanation = []
        fixed = money(parameter.fixed_pay * months)
        explanation.append(
            {"key": "fixed", "values": {"amount": str(parameter.fixed_pay), "months": months}}
        )
        kpi = _average(scores[pk]["months"].values()) if pk in scores else None
        performance_pay = ZERO
        department_bonus = ZERO
        commission = None
        # Which parts a role's pay has is its parameters: the front end a performance base
        # and commission bands, the back end department and satisfaction bases (SPEC §10).
        if parameter.performance_base > 0:
            base = parameter.performance_base * months
            if kpi is None:
                explanation.append(
                    {"key": "performance_none", "values": {"base": str(money(base))}}
                )
            else:
                performance_pay = money(base * kpi / HUNDRED)
                explanation.append(
                    {"key": "performance", "values": {"base": str(money(base)), "score": str(kpi)}}
                )
        bands = parameter.commission_bands.all()
        if bands:
            # Whose sales: as the role's sales target completion is measured (a rep their own,
            # a region manager the region's), from the year's KPI definitions.
            if sales_scope.get(role, Scope.OWN) == Scope.OWN:
                revenue, target = sales.for_rep(pk)
            elif sales_scope[role] == Scope.REGION:
                revenue, target = sales.for_region(region_id)
            else:
                revenue, target = sales.for_company()
            if target is None:
                explanation.append(
                    {"key": "commission_none", "values": {"revenue": str(money(revenue))}}
                )
            else:
                commission = commission_for(revenue=revenue, target=target, bands=bands)
                explanation.append(
                    {
                        "key": "commission",
                        "values": {
                            "revenue": str(money(revenue)),
                            "target": str(money(target)),
                            "commission": str(commission),
                        },
                    }
                )
        formulas = scores[pk]["by_formula"] if pk in scores else {}
        for formula, base_amount, key in (
            (Formula.DEPARTMENT_TARGET, parameter.department_bonus_base, "department"),
            (Formula.SATISFACTION, parameter.satisfaction_bonus_base, "satisfaction"),
        ):
            if base_amount <= 0:
                continue
            base = base_amount * months
            score = _average(formulas.get(formula, []))
            if score is None:
                explanation.append({"key": f"{key}_none", "values": {"base": str(money(base))}})
                continue
            part = money(base * score / HUNDRED)
            department_bonus += part
            explanation.append(
                {"key": key, "values": {"base": str(money(base)), "score": str(score)}}
            )
        gross = fixed + performance_pay + department_bonus + (commission or ZERO)
        owed = outstanding_advance(persons[pk])
        deduction = min(owed, gross) if owed > 0 else ZERO
        if deduction:
            explanation.append(
                {
                    "key": "advance",
                    "values": {"owed": str(money(owed)), "deducted": str(money(deduction))},
                }
            )
        lines.append(
            BonusLine(
                sheet=sheet,
                person_id=pk,
                role=role,
                region_id=region_id,
                kpi_score=kpi,
                fixed_pay=fixed,
                performance_pay=performance_pay,
                commission=commission,
                department_bonus=department_bonus,
                gross=gross,
                advance_deduction=money(deduction),
                net=gross - money(deduction),
                explanation=explanation,
            )
        )
    sheet.lines.all().delete()
    BonusLine.objects.bulk_create(lines)
    sheet.total = sum((line.net for line in lines), ZERO)
    sheet.computed_at = timezone.now()
    sheet.save(update_fields=["total", "computed_at"])
    approval_refresh(document=sheet)


def sheet_on_submit(sheet: BonusSheet) -> None:
    if not sheet.lines.exists():
        raise ValidationError(_("The bonus sheet has no lines: compute it first."))


def sheet_on_approve(sheet: BonusSheet) -> None:
    """The approved sheet settles each deducted advance in budgets (an AdvanceRepayment per
    advance, referenced by the bonus line, so it is recorded once however often this runs).
    If a balance shrank since the sheet was computed the approval is refused."""
    from budgets.services import advance_repay

    for line in sheet.lines.filter(advance_deduction__gt=0).select_related("person"):
        settled = advance_repay(
            person=line.person,
            amount=line.advance_deduction,
            reference=f"performance.bonusline:{line.pk}",
            note=str(sheet),
        )
        if settled != line.advance_deduction:
            raise ValidationError(
                _(
                    "%(person)s's outstanding advance changed since the sheet was computed: "
                    "return it to be computed again."
                )
                % {"person": line.person}
            )
