"""Reads of the customers app. Every one starts from the access layer, so scope is decided in
SQL, and each list adds the joins its template shows so the query count does not grow with
the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

import access
from access import visible
from approvals.models import ApprovalRequest

from .models import (
    GRID_CELL,
    STAGE_ORDER,
    ActionStatus,
    Customer,
    CustomerScore,
    DevelopmentProject,
    KeyAccountPlan,
    PlanAction,
    ProjectStage,
    ScoreCell,
    Survey,
    Visit,
    VisitFrequency,
    search_key,
)
from .permissions import customers_granted, sees_region_customers

CUSTOMER_SORTS = {
    "name": "name",
    "-name": "-name",
    "class": "customer_class",
    "-class": "-customer_class",
    "region": "region__code",
    "demand": "catalyst_demand_litres",
    "-demand": "-catalyst_demand_litres",
    "visit": "last_visit_date",
    "-visit": "-last_visit_date",
}
VISIT_SORTS = {"-date": "-visit_date", "date": "visit_date", "customer": "customer__name"}
PROJECT_SORTS = {
    "-created": "-created_at",
    "name": "name",
    "stage": "stage",
    "customer": "customer__name",
}


def _approval_state_subquery(model):
    content_type = ContentType.objects.get_for_model(model)
    return Subquery(
        ApprovalRequest.objects.filter(content_type=content_type, object_id=OuterRef("pk")).values(
            "state"
        )[:1]
    )


# --- Customers ------------------------------------------------------------------------------


def owner_choices(*, user):
    """People who may own customers, in the regions this person sees (filters and forms)."""
    from regions.models import Region

    return access.people_who_can("customers.customer_own").filter(region__in=visible(user, Region))


def customer_list(*, user, filters: dict | None = None):
    """The customers this user sees, filtered and sorted as asked. Unknown sort keys fall back
    to the name; empty filters are ignored."""
    filters = filters or {}
    qs = visible(user, Customer).select_related("region", "owner")
    q = (filters.get("q") or "").strip()
    if q:
        key = search_key(q)
        if key:
            qs = qs.filter(search_name__contains=key)
    for field, param in (
        ("customer_class", "class"),
        ("region__code", "region"),
        ("customer_type", "type"),
        ("emission_standard", "standard"),
    ):
        value = filters.get(param)
        if value:
            qs = qs.filter(**{field: value})
    owner = filters.get("owner")
    if owner:
        qs = qs.filter(owner_id=owner) if str(owner).isdigit() else qs.none()
    order = CUSTOMER_SORTS.get(filters.get("sort") or "name", "name")
    return qs.order_by(order, "pk")


def customer_duplicates(*, name: str, name_en: str = "", exclude_pk=None) -> list[Customer]:
    """Customers whose normalised name contains this one's (or the other way round for the
    same key): case-, width- and space-insensitive, full-width letters and brackets included.
    Company-form suffixes are dropped first so 北岳汽车集团 matches 北岳汽车集团有限公司."""
    keys = {k for k in (_core_key(name), _core_key(name_en)) if len(k) >= 4}
    if not keys:
        return []
    where = Q()
    for key in keys:
        where |= Q(search_name__contains=key)
    qs = Customer.objects.filter(where).select_related("region")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:5])


SUFFIXES = [
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
    "厂",
    "coltd",
    "colimited",
    "limited",
    "ltd",
    "inc",
    "corporation",
    "corp",
    "co",
    "gmbh",
]


def _core_key(text: str) -> str:
    key = search_key(text)
    changed = True
    while changed and key:
        changed = False
        for suffix in SUFFIXES:
            normal = search_key(suffix)
            if key.endswith(normal) and len(key) > len(normal) + 1:
                key = key[: -len(normal)]
                changed = True
    return key


def customer_key_figures(*, user, customer: Customer) -> dict:
    """The figures on top of the customer page, in three queries whatever the history (the
    project budget is the budgets app's figure: `sections.key_figures_for`)."""
    today = timezone.localdate()
    projects = (
        visible(user, DevelopmentProject)
        .filter(customer=customer)
        .aggregate(active=Count("pk", filter=Q(status="active")), total=Count("pk"))
    )
    visits = Visit.objects.filter(customer=customer).aggregate(
        last_year=Count("pk", filter=Q(visit_date__gte=today - timedelta(days=365))),
        next_due=Count("pk", filter=Q(next_step_done=False, next_step_due__isnull=False)),
    )
    latest_score = CustomerScore.objects.filter(customer=customer).order_by("-year").first()
    return {
        "active_projects": projects["active"],
        "projects": projects["total"],
        "visits_last_year": visits["last_year"],
        "open_next_steps": visits["next_due"],
        "score": latest_score,
    }


def customer_visit_due(*, customer: Customer) -> date | None:
    if not customer.customer_class:
        return None
    frequency = VisitFrequency.objects.filter(customer_class=customer.customer_class).first()
    if frequency is None:
        return None
    if customer.last_visit_date is None:
        return timezone.localdate()
    return customer.last_visit_date + timedelta(days=frequency.every_days)


def customers_overdue(*, user, limit: int = 10) -> list[Customer]:
    """The user's own customers whose last visit is older than their class's frequency (or who
    were never visited), longest overdue first. Two queries: the frequencies (four rows), then
    the customers with one cut-off date per class in the WHERE clause."""
    today = timezone.localdate()
    every = dict(VisitFrequency.objects.values_list("customer_class", "every_days"))
    if not every:
        return []
    late = Q()
    for klass, days in every.items():
        late |= Q(customer_class=klass) & (
            Q(last_visit_date__isnull=True) | Q(last_visit_date__lt=today - timedelta(days=days))
        )
    rows = list(
        visible(user, Customer)
        .filter(owner=user)
        .filter(late)
        .only("pk", "name", "name_en", "customer_class", "last_visit_date")
        .order_by(F("last_visit_date").asc(nulls_first=True), "pk")[:limit]
    )
    for c in rows:
        c.due_since = (
            c.last_visit_date + timedelta(days=every[c.customer_class])
            if c.last_visit_date
            else None
        )
    return rows


def next_steps_this_week(*, user, limit: int = 10) -> list[Visit]:
    today = timezone.localdate()
    end = today + timedelta(days=6 - today.weekday())
    return list(
        Visit.objects.filter(
            rep=user, next_step_done=False, next_step_due__isnull=False, next_step_due__lte=end
        )
        .exclude(next_steps="")
        .select_related("customer")
        .order_by("next_step_due", "pk")[:limit]
    )


def customer_choices_for_visit(*, user, limit: int = 200, search: str = "") -> list[Customer]:
    """The customers offered when a rep logs a visit: their own, most recently visited first,
    then (if that leaves room) the others they see. At most two queries, each on an index
    (owner; region), however many customers the region has. With `search` (a name or part of
    it), the customers they see whose name matches, own first."""
    recent = (F("last_visit_date").desc(nulls_last=True), "name")
    scope = visible(user, Customer).only("pk", "name", "name_en")
    key = search_key(search)
    if key:
        scope = scope.filter(search_name__contains=key)
    own = list(scope.filter(owner=user).order_by(*recent)[:limit])
    if len(own) < limit:
        own += list(scope.exclude(owner=user).order_by(*recent)[: limit - len(own)])
    return own


# --- Visits ----------------------------------------------------------------------------------


def visit_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = (
        visible(user, Visit)
        .select_related("customer", "rep", "region", "project")
        .annotate(approval_state=_approval_state_subquery(Visit))
    )
    q = (filters.get("q") or "").strip()
    if q:
        key = search_key(q)
        if key:
            qs = qs.filter(customer__search_name__contains=key)
    if filters.get("region"):
        qs = qs.filter(region__code=filters["region"])
    if filters.get("rep") and str(filters["rep"]).isdigit():
        qs = qs.filter(rep_id=filters["rep"])
    if filters.get("customer") and str(filters["customer"]).isdigit():
        qs = qs.filter(customer_id=filters["customer"])
    if filters.get("state"):
        qs = qs.filter(approval_state=filters["state"])
    for param, lookup in (("from", "visit_date__gte"), ("to", "visit_date__lte")):
        value = filters.get(param)
        if value:
            try:
                qs = qs.filter(**{lookup: date.fromisoformat(value)})
            except ValueError:
                pass
    order = VISIT_SORTS.get(filters.get("sort") or "-date", "-visit_date")
    return qs.order_by(order, "-pk")


# --- Projects --------------------------------------------------------------------------------


def project_list(*, user, filters: dict | None = None):
    filters = filters or {}
    today = timezone.localdate()
    late = (
        ProjectStage.objects.filter(
            project=OuterRef("pk"), actual_date__isnull=True, planned_date__lt=today
        )
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    qs = (
        visible(user, DevelopmentProject)
        .select_related("customer", "region", "owner", "platform")
        .annotate(late_stages=Coalesce(Subquery(late, output_field=IntegerField()), 0))
    )
    q = (filters.get("q") or "").strip()
    if q:
        key = search_key(q)
        qs = qs.filter(
            Q(customer__search_name__contains=key)
            | Q(name__icontains=q)
            | Q(platform__name__icontains=q)
        )
    for field, param in (
        ("region__code", "region"),
        ("stage", "stage"),
        ("status", "status"),
        ("customer__customer_class", "class"),
    ):
        if filters.get(param):
            qs = qs.filter(**{field: filters[param]})
    if filters.get("owner") and str(filters["owner"]).isdigit():
        qs = qs.filter(owner_id=filters["owner"])
    if filters.get("late") == "1":
        qs = qs.filter(late_stages__gt=0)
    order = PROJECT_SORTS.get(filters.get("sort") or "-created", "-created_at")
    return qs.order_by(order, "pk")


@dataclass
class FunnelRow:
    stage: str
    label: str
    count: int
    late: int = 0  # projects with a milestone past its planned date and not done


def project_funnel(*, user, region_code: str = "") -> list[FunnelRow]:
    """Active projects per stage, for the user's scope or one region, and how many of them are
    late against their planned milestones (the project list's "late" filter). One GROUP BY
    query (the money per stage is the budgets app's column: `sections.funnel_rows_for`)."""
    from django.db.models import Exists

    from .models import Stage

    qs = visible(user, DevelopmentProject).filter(status="active")
    if region_code:
        qs = qs.filter(region__code=region_code)
    late = ProjectStage.objects.filter(
        project=OuterRef("pk"),
        actual_date__isnull=True,
        planned_date__lt=timezone.localdate(),
    )
    counts = {
        row["stage"]: row
        for row in qs.values("stage")
        .annotate(n=Count("pk"), late=Count("pk", filter=Exists(late)))
        .order_by()
    }
    return [
        FunnelRow(
            stage=s.value,
            label=str(s.label),
            count=counts.get(s.value, {}).get("n", 0),
            late=counts.get(s.value, {}).get("late", 0),
        )
        for s in Stage
    ]


def project_stages(*, project: DevelopmentProject) -> list[ProjectStage]:
    today = timezone.localdate()
    stages = sorted(
        project.stages.select_related("owner"), key=lambda s: STAGE_ORDER.index(s.stage)
    )
    for s in stages:
        s.late = s.is_late(today)
    return stages


# --- Classification --------------------------------------------------------------------------


def grid_points(*, user, year: int | None = None, region_code: str = "") -> list[dict]:
    """Every visible customer with a score for the year (latest year when not given): one
    query."""
    qs = _visible_scores(user)
    if region_code:
        qs = qs.filter(customer__region__code=region_code)
    if year is None:
        year = qs.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return []
    rows = qs.filter(year=year).values(
        "customer_id",
        "customer__name",
        "customer__name_en",
        "attractiveness",
        "likelihood",
        "customer_class",
    )
    return [
        {
            "id": r["customer_id"],
            "name": r["customer__name"],
            "name_en": r["customer__name_en"],
            "x": float(r["likelihood"]),
            "y": float(r["attractiveness"]),
            "class": r["customer_class"],
        }
        for r in rows
    ]


def _visible_scores(user):
    """The scores of the customers the user sees; for someone who sees every customer, every
    score, without the sub-select of all customers (the company-wide grid)."""
    if access.sees_all(user, Customer):
        return CustomerScore.objects.all()
    return CustomerScore.objects.filter(customer__in=visible(user, Customer))


def _grid_scores(*, user, year: int | None, region_code: str):
    qs = _visible_scores(user)
    if region_code:
        qs = qs.filter(customer__region__code=region_code)
    if year is None:
        year = qs.order_by("-year").values_list("year", flat=True).first()
    return qs, year


# Where a user's grid is read from: the pre-counted cells (ScoreCell) for everyone who sees
# every customer ("all") and for the front end, who see every customer of their region
# ("region": their region's cells, plus the scores of the few customers granted to them outside
# it); the scores themselves for anyone else ("raw": tech support's assigned customers).
_FACT_ALL, _FACT_REGION, _RAW = "all", "region", "raw"


def _grid_source(user) -> str:
    if access.sees_all(user, Customer):
        return _FACT_ALL
    if sees_region_customers(user):
        return _FACT_REGION
    return _RAW


def _cells_fact(user, region_code: str):
    """The pre-counted cells the user sees (by the ScoreCell policy), in one region if asked."""
    qs = visible(user, ScoreCell)
    if region_code:
        qs = qs.filter(region__code=region_code)
    return qs


def _scores_outside_region(user, region_code: str):
    """The scores of the customers a front-end user sees outside their region (guardian
    grants): counted from the scores, the fact only holds their region for them. Driven by the
    user's grants (an index), still within what the Customer policy shows them."""
    outside = (
        visible(user, Customer)
        .filter(pk__in=customers_granted(user))
        .exclude(region_id=user.region_id)
    )
    qs = CustomerScore.objects.filter(customer__in=outside)
    if region_code:
        qs = qs.filter(customer__region__code=region_code)
    return qs


def _count_cells(scores):
    """Scores counted per cell and class (SQL GROUP BY): cx, cy, customer_class, n, first."""
    from django.db.models import Min
    from django.db.models.functions import Floor

    return (
        scores.annotate(
            cx=Floor(F("likelihood") / GRID_CELL),
            cy=Floor(F("attractiveness") / GRID_CELL),
        )
        .values("cx", "cy", "customer_class")
        .annotate(n=Count("pk"), first=Min("customer_id"))
        .order_by()
    )


def _grid_cells_fact(*, user, source: str, year: int | None, region_code: str) -> list[dict]:
    """The grid from the pre-counted cells: one query summing the cells of the regions the
    user sees, one for the customers granted outside their region (front end only), one for
    the names of the cells holding one customer — whatever the number of customers."""
    from django.db.models import Min, Sum

    if year is None:
        years = _fact_years(user=user, source=source, region_code=region_code)
        year = years[0] if years else None
    if year is None:
        return []
    counted: dict[tuple[int, int, str], list[int]] = {}

    def add(rows):
        for r in rows:
            key = (int(r["cx"]), int(r["cy"]), r["customer_class"])
            cell = counted.get(key)
            if cell is None:
                counted[key] = [r["n"], r["first"]]
            else:
                cell[0] += r["n"]
                cell[1] = min(cell[1], r["first"])

    add(
        _cells_fact(user, region_code)
        .filter(year=year)
        .values("cx", "cy", "customer_class")
        .annotate(n=Sum("n"), first=Min("first_customer_id"))
        .order_by()
    )
    if source == _FACT_REGION:
        add(_count_cells(_scores_outside_region(user, region_code).filter(year=year)))
    single = [first for n, first in counted.values() if n == 1]
    names = (
        {
            pk: (name, name_en)
            for pk, name, name_en in Customer.objects.filter(pk__in=single).values_list(
                "pk", "name", "name_en"
            )
        }
        if single
        else {}
    )
    half = GRID_CELL / 2
    cells = []
    for (cx, cy, klass), (n, first) in sorted(counted.items(), key=lambda item: item[0]):
        name, name_en = names.get(first, ("", "")) if n == 1 else ("", "")
        cells.append(
            {
                "x": min(100.0, cx * GRID_CELL + half),
                "y": min(100.0, cy * GRID_CELL + half),
                "n": n,
                "id": first if n == 1 else None,
                "name": name,
                "name_en": name_en,
                "class": klass,
            }
        )
    return cells


def grid_cells(*, user, year: int | None = None, region_code: str = "") -> list[dict]:
    """The grid in cells of GRID_CELL × GRID_CELL points: at most 21 × 21 rows per class
    whatever the number of customers (a company-wide grid has tens of thousands). A cell holding
    one customer keeps its id and name, so its dot still opens the customer. Read from the
    pre-counted cells (ScoreCell) for the company-wide roles and the front end, so the page
    costs the same whatever the number of customers; counted from the scores for anyone else."""
    from django.db.models import Max

    source = _grid_source(user)
    if source != _RAW:
        return _grid_cells_fact(user=user, source=source, year=year, region_code=region_code)
    qs, year = _grid_scores(user=user, year=year, region_code=region_code)
    if year is None:
        return []
    rows = (
        _count_cells(qs.filter(year=year))
        .annotate(name=Max("customer__name"), name_en=Max("customer__name_en"))
        .order_by()
    )
    half = GRID_CELL / 2
    return [
        {
            "x": min(100.0, float(r["cx"]) * GRID_CELL + half),
            "y": min(100.0, float(r["cy"]) * GRID_CELL + half),
            "n": r["n"],
            "id": r["first"] if r["n"] == 1 else None,
            "name": r["name"] if r["n"] == 1 else "",
            "name_en": r["name_en"] if r["n"] == 1 else "",
            "class": r["customer_class"],
        }
        for r in rows
    ]


def _fact_years(*, user, source: str, region_code: str = "") -> list[int]:
    """The years of the pre-counted cells the user sees (with, for the front end, those of the
    customers granted outside their region): one query."""
    years = _cells_fact(user, region_code).values_list("year", flat=True)
    if source == _FACT_REGION:
        years = years.order_by().union(
            _scores_outside_region(user, region_code).values_list("year", flat=True).order_by()
        )
    else:
        years = years.distinct()
    return list(years.order_by("-year"))


def score_years(*, user) -> list[int]:
    source = _grid_source(user)
    if source != _RAW:
        return _fact_years(user=user, source=source)
    return list(_visible_scores(user).values_list("year", flat=True).distinct().order_by("-year"))


# --- Plans -----------------------------------------------------------------------------------


def plan_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = (
        visible(user, KeyAccountPlan)
        .select_related("customer", "region", "author")
        .annotate(
            approval_state=_approval_state_subquery(KeyAccountPlan),
            action_count=Count("actions", distinct=True),
            actions_done=Count(
                "actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True
            ),
        )
    )
    if filters.get("year") and str(filters["year"]).isdigit():
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("region"):
        qs = qs.filter(region__code=filters["region"])
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(customer__search_name__contains=search_key(q))
    return qs.order_by("-year", "customer__name", "pk")


def plan_progress(*, plan: KeyAccountPlan) -> dict:
    """Plan vs actual: action items done, done on time, overdue, and the share of the plan year
    elapsed, so a reader compares how far the plan is with how far the year is."""
    today = timezone.localdate()
    actions = list(plan.actions.select_related("owner"))
    live = [a for a in actions if a.status != ActionStatus.DROPPED]
    done = [a for a in live if a.status == ActionStatus.DONE]
    for a in actions:
        a.overdue = a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and a.due_date < today
    due_by_now = [a for a in live if a.due_date <= today]
    start, end = date(plan.year, 1, 1), date(plan.year, 12, 31)
    if today < start:
        elapsed = 0
    elif today > end:
        elapsed = 100
    else:
        elapsed = round((today - start).days * 100 / (end - start).days)
    return {
        "actions": actions,
        "total": len(live),
        "done": len(done),
        "done_percent": round(len(done) * 100 / len(live)) if live else 0,
        "due_by_now": len(due_by_now),
        "on_time": sum(1 for a in done if a.done_on and a.done_on <= a.due_date),
        "overdue": sum(1 for a in actions if a.overdue),
        "year_elapsed_percent": elapsed,
    }


# --- Timeline sources ------------------------------------------------------------------------


def surveys_for(*, user, customer: Customer, limit: int = 10) -> list[Survey]:
    return list(
        customer.surveys.select_related("conducted_by").prefetch_related("answers__question")[
            :limit
        ]
    )


def plan_actions_open_for(*, user) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(
            owner=user, status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
        )
        .select_related("plan__customer")
        .order_by("due_date")[:5]
    )
