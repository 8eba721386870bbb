"""Reads of sales-force performance: every query starts from the access layer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

import access
from core.money import ZERO, round_places
from regions.models import Region, User

from . import services
from .models import (
    Assessment,
    AssessmentScore,
    AssessmentStatus,
    Attendance,
    BonusLine,
    BonusSheet,
    Competency,
    CompetencyGroup,
    Formula,
    KpiDefinition,
    KpiScore,
    KpiValue,
    RequiredLevel,
    TrainingSession,
    ValueStatus,
)

# --- the competency model ---------------------------------------------------------------------


def competency_model(*, user) -> list[CompetencyGroup]:
    return list(
        access.visible(user, CompetencyGroup)
        .prefetch_related("competencies__levels")
        .order_by("order", "code")
    )


def competencies(*, user) -> list[Competency]:
    return list(access.visible(user, Competency).select_related("group").order_by("code"))


def profiles(*, user) -> dict[str, dict[int, int]]:
    """{role: {competency pk: required level}}."""
    result: dict[str, dict[int, int]] = defaultdict(dict)
    for role, competency_id, level in access.visible(user, RequiredLevel).values_list(
        "role", "competency_id", "level"
    ):
        result[role][competency_id] = level
    return dict(result)


def required_profile(role: str) -> dict[int, int]:
    return dict(RequiredLevel.objects.filter(role=role).values_list("competency_id", "level"))


def assessment_list(*, user) -> QuerySet[Assessment]:
    return (
        access.visible(user, Assessment)
        .select_related("person", "region", "manager")
        .order_by("-assessed_on", "-pk")
    )


def assessment_get_for_user(*, user, pk) -> Assessment:
    return access.get_for_user(
        user, Assessment.objects.select_related("person", "region", "manager"), pk=pk
    )


@dataclass
class ScoreRow:
    competency: Competency
    required: int | None
    self_level: int | None
    manager_level: int | None
    agreed_level: int | None

    @property
    def gap(self) -> int | None:
        """How many levels the agreed level lies below the required one (1 is the highest
        level, so a gap is agreed − required when positive); None before agreement."""
        if self.agreed_level is None or self.required is None:
            return None
        return max(0, self.agreed_level - self.required)


def assessment_rows(*, assessment: Assessment) -> list[ScoreRow]:
    required = required_profile(assessment.role)
    return [
        ScoreRow(
            competency=score.competency,
            required=required.get(score.competency_id),
            self_level=score.self_level,
            manager_level=score.manager_level,
            agreed_level=score.agreed_level,
        )
        for score in assessment.scores.select_related("competency__group").order_by(
            "competency__code"
        )
    ]


def assessment_chart(rows: list[ScoreRow]) -> dict:
    """A bar chart of required vs assessed levels; the axis is reversed so that a higher bar
    is a better level (6 − level)."""
    from django.utils.translation import gettext as _

    def height(level):
        return 6 - level if level else None

    return {
        "type": "bar",
        "data": {
            "labels": [f"{r.competency.code} {r.competency.display_name}" for r in rows],
            "datasets": [
                {"label": _("Required"), "data": [height(r.required) for r in rows]},
                {"label": _("Self"), "data": [height(r.self_level) for r in rows]},
                {"label": _("Manager"), "data": [height(r.manager_level) for r in rows]},
                {"label": _("Agreed"), "data": [height(r.agreed_level) for r in rows]},
            ],
        },
        "options": {"scales": {"y": {"min": 0, "max": 5, "ticks": {"stepSize": 1}}}},
    }


def _latest_agreed() -> QuerySet:
    """The latest agreed assessment of each person (a sub-select per person)."""
    latest = (
        Assessment.objects.filter(person=OuterRef("person"), status=AssessmentStatus.AGREED)
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(status=AssessmentStatus.AGREED, pk=Subquery(latest))


@dataclass
class Gap:
    person: User
    competency: Competency
    required: int
    agreed: int

    @property
    def levels(self) -> int:
        return self.agreed - self.required


def gaps(*, user, people=None, competency_ids=None) -> list[Gap]:
    """The gaps of the people the user sees, from each person's latest agreed assessment
    against the profile of the role assessed: one query."""
    scores = (
        access.visible(user, AssessmentScore)
        .filter(assessment__in=_latest_agreed(), agreed_level__isnull=False)
        .annotate(
            required=Subquery(
                RequiredLevel.objects.filter(
                    role=OuterRef("assessment__role"), competency=OuterRef("competency")
                ).values("level")[:1]
            )
        )
        .filter(required__isnull=False, agreed_level__gt=F("required"))
        .select_related("assessment__person__region", "competency")
        .order_by(
            "assessment__person__region__code", "assessment__person__username", "competency__code"
        )
    )
    if people is not None:
        scores = scores.filter(assessment__person__in=people)
    if competency_ids is not None:
        scores = scores.filter(competency_id__in=competency_ids)
    return [
        Gap(
            person=s.assessment.person,
            competency=s.competency,
            required=s.required,
            agreed=s.agreed_level,
        )
        for s in scores
    ]


def gaps_by_competency(gap_list: list[Gap]) -> list[dict]:
    counts: dict[int, dict] = {}
    for gap in gap_list:
        entry = counts.setdefault(
            gap.competency.pk, {"competency": gap.competency, "people": 0, "levels": 0}
        )
        entry["people"] += 1
        entry["levels"] += gap.levels
    return sorted(counts.values(), key=lambda e: e["competency"].code)


# --- training -------------------------------------------------------------------------------------


def training_list(*, user) -> QuerySet[TrainingSession]:
    return (
        access.visible(user, TrainingSession)
        .select_related("region")
        .prefetch_related("competencies")
        .order_by("-held_on", "-pk")
    )


def training_get_for_user(*, user, pk) -> TrainingSession:
    return access.get_for_user(
        user, TrainingSession.objects.select_related("region", "created_by"), pk=pk
    )


def training_attendance(*, user, session) -> list[Attendance]:
    return list(
        access.visible(user, Attendance)
        .filter(session=session)
        .select_related("person", "region")
        .order_by("person__username")
    )


def training_suggestions(*, user, session) -> list[dict]:
    """People the user sees, not yet invited, with a gap in a competency the session
    addresses: who to invite, and why."""
    competency_ids = list(session.competencies.values_list("pk", flat=True))
    invited = set(session.attendances.values_list("person_id", flat=True))
    visible_people = access.visible(user, User).filter(is_active=True)
    if session.region_id:
        visible_people = visible_people.filter(region_id=session.region_id)
    found: dict[int, dict] = {}
    for gap in gaps(user=user, people=visible_people, competency_ids=competency_ids):
        if gap.person.pk in invited:
            continue
        entry = found.setdefault(gap.person.pk, {"person": gap.person, "gaps": []})
        entry["gaps"].append(gap)
    return list(found.values())


# --- development history --------------------------------------------------------------------------


def person_get_for_user(*, user, pk) -> User:
    """A person the user may follow: themselves, their region's people for a manager, everyone
    for the company-wide roles (regions' policy for people) — 404 otherwise."""
    return access.get_for_user(user, User.objects.select_related("region", "manager"), pk=pk)


def development_history(*, user, person) -> list[dict]:
    """The person's assessments, training attended and role changes, newest first."""
    from regions.models import Assignment

    events = []
    for a in access.visible(user, Assessment).filter(person=person).order_by("-assessed_on"):
        events.append({"date": a.assessed_on, "kind": "assessment", "object": a})
    for t in (
        access.visible(user, Attendance)
        .filter(person=person, attended=True)
        .select_related("session")
    ):
        events.append({"date": t.session.held_on, "kind": "training", "object": t.session})
    for row in Assignment.objects.filter(person=person).select_related("region"):
        events.append({"date": row.started_at.date(), "kind": "role", "object": row})
    return sorted(events, key=lambda e: e["date"], reverse=True)


# --- KPI scorecards -------------------------------------------------------------------------------


def kpi_month_at(*, user, month: date) -> date | None:
    """The latest month with computed KPIs at or before `month` that the user sees: one row
    read backwards on the month index, not the distinct months of every value."""
    return (
        access.visible(user, KpiValue)
        .filter(month__lte=month)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def kpi_months(*, user) -> list[date]:
    return list(
        access.visible(user, KpiValue)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()[:36]
    )


@dataclass
class ScoreLine:
    definition: KpiDefinition
    status: str
    value: Decimal | None
    target: Decimal
    achievement: Decimal | None
    score: Decimal | None
    weight: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def formula(self) -> str:
        return self.definition.formula

    @property
    def money(self) -> bool:
        """The sales KPIs count revenue (CNY): actual over target, not a count of rows."""
        return self.definition.formula in (Formula.SALES_COMPLETION, Formula.DEPARTMENT_TARGET)


@dataclass
class Scorecard:
    person: User
    month: date
    lines: list[ScoreLine] = field(default_factory=list)
    ytd: list[ScoreLine] = field(default_factory=list)
    total: Decimal | None = None
    ytd_total: Decimal | None = None


def _ytd_lines(values: list[KpiValue]) -> list[ScoreLine]:
    """Year to date per KPI: Σ numerators ÷ Σ denominators for the ratio KPIs; for budget
    kept (already a year-to-date figure) the latest month's value."""
    by_definition: dict[int, list[KpiValue]] = defaultdict(list)
    for value in values:
        by_definition[value.definition_id].append(value)
    lines = []
    for rows in by_definition.values():
        definition = rows[0].definition
        computed = [r for r in rows if r.status == ValueStatus.OK]
        latest = max(rows, key=lambda r: r.month)
        if not computed:
            lines.append(
                ScoreLine(
                    definition,
                    latest.status,
                    None,
                    definition.target,
                    None,
                    None,
                    definition.weight,
                )
            )
            continue
        if definition.formula == Formula.BUDGET_KEPT:
            last = max(computed, key=lambda r: r.month)
            value = last.value
            numerator, denominator = last.numerator, last.denominator
        else:
            numerator = sum((r.numerator for r in computed), ZERO)
            denominator = sum((r.denominator for r in computed), ZERO)
            scale = Decimal(1) if definition.formula == Formula.SATISFACTION else Decimal(100)
            value = round_places(numerator / denominator * scale, 2) if denominator else None
        achievement = services.achievement_of(value, definition.target)
        lines.append(
            ScoreLine(
                definition,
                ValueStatus.OK,
                value,
                definition.target,
                achievement,
                services.band_score(achievement, definition.bands.all()),
                definition.weight,
                numerator,
                denominator,
            )
        )
    return sorted(lines, key=lambda line: (-line.weight, line.formula))


def scorecard(*, user, person, month: date) -> Scorecard:
    """One person's KPIs for the month and the year to it: three queries."""
    values = list(
        access.visible(user, KpiValue)
        .filter(person=person, month__range=(date(month.year, 1, 1), month))
        .select_related("definition")
        .prefetch_related("definition__bands")
        .order_by("month", "-weight", "definition__formula")
    )
    card = Scorecard(person=person, month=month)
    card.lines = [
        ScoreLine(
            v.definition,
            v.status,
            v.value,
            v.target,
            v.achievement,
            v.score,
            v.weight,
            v.numerator,
            v.denominator,
        )
        for v in values
        if v.month == month
    ]
    card.total = services.total_score(card.lines)
    card.ytd = _ytd_lines(values)
    card.ytd_total = services.total_score(card.ytd)
    return card


_RANK_FIELDS = (
    "person_id",
    "person__username",
    "person__display_name",
    "person__first_name",
    "person__last_name",
    "role",
    "region__code",
    "region__name",
    "region__name_en",
    "weighted",
    "weights",
    "rank_score",
)


class Ranking:
    """The month's people ranked by their weighted KPI score (Σ weight × score ÷ Σ weight of
    the computed KPIs, stored per person and month in KpiScore), highest first, people
    without a computed KPI last, then by name; ordered in SQL. A slice reads only its rows
    (a page of the ranking, the dashboard's top ten), `count()` the number ranked,
    `rank_of(person)` one person's row with their rank: each one query, whatever the number
    of people."""

    def __init__(self, rows: QuerySet):
        self.rows = rows
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.rows.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, index):
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start = index.start or 0
        return [_ranked(row, rank) for rank, row in enumerate(self.rows[index], start=start + 1)]

    def rank_of(self, person_id) -> dict | None:
        row = self.rows.filter(person_id=person_id).first()
        if row is None:
            return None
        score, name = row["rank_score"], row["rank_name"]
        same_score = Q(rank_score__isnull=True) if score is None else Q(rank_score=score)
        before = same_score & (
            Q(rank_name__lt=name) | Q(rank_name=name, person_id__lt=row["person_id"])
        )
        if score is not None:
            before |= Q(rank_score__gt=score)
        else:
            before |= Q(rank_score__isnull=False)
        return _ranked(row, self.rows.filter(before).count() + 1)


def _ranked(row: dict, rank: int) -> dict:
    from core.i18n import name_in_language
    from regions.roles import Role

    row["rank"] = rank
    row["score"] = round_places(row["weighted"] / row["weights"], 2) if row["weights"] else None
    row["name"] = row["rank_name"]
    row["role_label"] = Role(row["role"]).label if row["role"] else ""
    row["region_label"] = (
        name_in_language(row["region__name"], row["region__name_en"]) if row["region__code"] else ""
    )
    return row


def ranking(*, user, month: date, region=None) -> Ranking:
    """The month's people ranked (see Ranking), only those the user may see: read on the
    monthly KpiScore fact (a row a person), so neither the ranking nor its count sums every
    KPI value again."""
    qs = access.visible(user, KpiScore).filter(month=month)
    if region is not None:
        qs = qs.filter(region=region)
    rows = (
        qs.values(*_RANK_FIELDS)
        .annotate(
            rank_name=Coalesce(
                NullIf("person__display_name", Value("")),
                NullIf(
                    Trim(Concat("person__first_name", Value(" "), "person__last_name")),
                    Value(""),
                ),
                "person__username",
                output_field=CharField(),
            ),
        )
        .order_by(F("rank_score").desc(nulls_last=True), "rank_name", "person_id")
    )
    return Ranking(rows)


def region_scores(*, user, month: date) -> list[dict]:
    """Each region's own weighted KPI score for the month (its rows without a person)."""
    rows = list(
        access.visible(user, KpiValue)
        .filter(month=month, person__isnull=True, region__isnull=False)
        .values("region_id", "region__code", "region__name", "region__name_en")
        .annotate(
            weighted=Sum(F("weight") * F("score"), filter=Q(score__isnull=False)),
            weights=Sum("weight", filter=Q(score__isnull=False)),
        )
        .order_by("region__code")
    )
    from core.i18n import name_in_language

    for row in rows:
        row["score"] = round_places(row["weighted"] / row["weights"], 2) if row["weights"] else None
        row["label"] = name_in_language(row["region__name"], row["region__name_en"])
    return rows


def visible_regions(*, user) -> QuerySet[Region]:
    return access.visible(user, Region).filter(is_active=True).order_by("code")


# --- drill-down -----------------------------------------------------------------------------------


def visits_behind(*, user, person, month: date, region_wide: bool = False) -> list[dict]:
    """The visits behind a person's "visit reports on time" for the month, late ones first,
    with how many days after the visit each was logged."""
    from django.utils import timezone

    from customers.models import Visit

    qs = access.visible(user, Visit).filter(visit_date__range=(month, services.month_end(month)))
    qs = qs.filter(region_id=person.region_id) if region_wide else qs.filter(rep=person)
    rows = []
    for visit in qs.select_related("customer", "rep").order_by("visit_date", "pk")[:500]:
        logged = timezone.localtime(visit.created_at).date()
        delay = (logged - visit.visit_date).days
        rows.append(
            {
                "visit": visit,
                "logged": logged,
                "delay": delay,
                "late": delay > services.VISIT_REPORT_DAYS,
            }
        )
    rows.sort(key=lambda r: (not r["late"], r["visit"].visit_date))
    return rows


def ratings_behind(*, user, person, month: date, department: bool) -> list:
    from techsupport.models import SupportRequest

    start, end = services._local_range(month, services.month_end(month))
    qs = access.visible(user, SupportRequest).filter(
        rating__isnull=False, rated_at__gte=start, rated_at__lt=end
    )
    if not department:
        qs = qs.filter(assignee=person)
    return list(qs.select_related("customer", "region", "assignee").order_by("rated_at")[:500])


def orders_behind(*, user, line, person, month: date) -> dict:
    """The sales target completion behind a person's KPI for the month, as the reader may see
    it: the revenue target (current, issued plans), the actual sales and the order lines that
    count — the person's own (their targets, their orders), the region's for a KPI measured on
    the region, everything the reader sees for one measured on the department. Four queries."""
    from orders import selectors as orders_selectors
    from planning import selectors as planning_selectors

    from .models import Scope

    scope = line.definition.scope
    if scope == Scope.OWN:
        filters = {"reps": [person.pk]}
    elif scope == Scope.REGION:
        filters = {"regions": [person.region_id] if person.region_id else []}
    else:
        filters = {}
    lines = orders_selectors.actual_lines(user=user, month_from=month, month_to=month, **filters)
    totals = orders_selectors.actuals_totals(user=user, month_from=month, month_to=month, **filters)
    target = planning_selectors.targets_totals(
        user=user, month_from=month, month_to=month, which="current", **filters
    )
    return {
        "order_lines": list(lines[:200]),
        "order_totals": totals,
        "sales_target": target,
        "sales_completion": services.achievement_of(totals["revenue"], target["revenue"]),
    }


def milestones_behind(*, user, line, person, month: date) -> list[dict]:
    """The milestones behind a person's development plan execution for the month: those of
    issued plans due in the month (baseline date in the month) of the person's projects (or
    the region's, or the company's, by the KPI's scope), each with the stage's actual date
    and whether it was reached on time, late, or not yet. Two queries."""
    from customers.models import DevelopmentProject, ProjectStage
    from planning.models import Milestone
    from planning.models import Status as PlanStatus

    from .models import Scope

    # Through the projects the reader may see: a rep follows their own projects' milestones
    # (planning shows plans to managers up), a manager the region's, the director every one.
    qs = Milestone.objects.filter(
        project__in=access.visible(user, DevelopmentProject),
        plan__status=PlanStatus.ISSUED,
        baseline_date__range=(month, services.month_end(month)),
    )
    if line.definition.scope == Scope.OWN:
        qs = qs.filter(project__owner=person)
    elif line.definition.scope == Scope.REGION:
        qs = qs.filter(plan__region_id=person.region_id)
    milestones = list(
        qs.select_related("plan__region", "project__customer", "project__owner").order_by(
            "baseline_date", "pk"
        )[:500]
    )
    actual = dict(
        ((s.project_id, s.stage), s.actual_date)
        for s in ProjectStage.objects.filter(
            project__in={m.project_id for m in milestones}, actual_date__isnull=False
        ).only("project_id", "stage", "actual_date")
    )
    rows = []
    for milestone in milestones:
        reached = actual.get((milestone.project_id, milestone.stage))
        if reached is None:
            standing = "open"
        elif reached <= milestone.baseline_date:
            standing = "on_time"
        else:
            standing = "late"
        rows.append({"milestone": milestone, "actual": reached, "standing": standing})
    rows.sort(key=lambda r: (r["standing"] == "on_time", r["milestone"].baseline_date))
    return rows


# --- bonus sheets ---------------------------------------------------------------------------------


def sheet_list(*, user) -> QuerySet[BonusSheet]:
    return (
        access.visible(user, BonusSheet).select_related("created_by").order_by("-month_from", "-pk")
    )


def sheet_get_for_user(*, user, pk) -> BonusSheet:
    return access.get_for_user(user, BonusSheet.objects.select_related("created_by"), pk=pk)


def sheet_lines(*, user, sheet) -> QuerySet[BonusLine]:
    return (
        access.visible(user, BonusLine)
        .filter(sheet=sheet)
        .select_related("person", "region")
        .order_by("region__code", "person__username")
    )


def line_get_for_user(*, user, pk) -> BonusLine:
    return access.get_for_user(
        user, BonusLine.objects.select_related("person", "region", "sheet"), pk=pk
    )


def my_bonus_lines(*, user) -> QuerySet[BonusLine]:
    return (
        access.visible(user, BonusLine)
        .filter(person=user)
        .select_related("sheet")
        .order_by("-sheet__month_from")
    )


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)
