"""The dashboard's figures. Each panel reads one source's own selector (or this app's monthly
price facts), so a figure shown here, on the source's page, in the drill-down and in the
monthly report is computed once, and each person sees only what the access layer lets them.
A fixed number of queries per panel, whatever the volume of data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import access
from access import visible
from core.i18n import name_in_language

from .models import PriceFact, PriceRegionFact

ZERO = Decimal("0")


# --- the period ------------------------------------------------------------------------------

PERIOD_KINDS = {
    "month": _("Month"),
    "quarter": _("Quarter to date"),
    "year": _("Year to date"),
}


@dataclass(frozen=True)
class Period:
    """A period that ends with a month: that month, its quarter to date or its year to date."""

    kind: str
    end: date  # the first day of the last month

    @property
    def start(self) -> date:
        if self.kind == "year":
            return date(self.end.year, 1, 1)
        if self.kind == "quarter":
            return date(self.end.year, (self.end.month - 1) // 3 * 3 + 1, 1)
        return self.end

    @property
    def months(self) -> list[date]:
        return [date(self.end.year, m, 1) for m in range(self.start.month, self.end.month + 1)]

    @property
    def months_to_date(self) -> list[date]:
        """Every month of the year up to the period's last (a chart of the year to date)."""
        return [date(self.end.year, m, 1) for m in range(1, self.end.month + 1)]

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.end:%Y-%m}"
        return f"{self.start:%Y-%m} – {self.end:%Y-%m}"

    def query(self) -> dict:
        return {"period": self.kind, "month": f"{self.end:%Y-%m}"}


def period_from(params) -> Period:
    """The period asked for in a query string (`period`, `month` as YYYY-MM); this month and
    "month" when absent or unreadable."""
    kind = params.get("period", "month")
    if kind not in PERIOD_KINDS:
        kind = "month"
    raw = str(params.get("month", ""))[:7]
    try:
        end = date.fromisoformat(f"{raw}-01")
    except ValueError:
        end = timezone.localdate().replace(day=1)
    if not 2000 <= end.year <= 2100:
        end = timezone.localdate().replace(day=1)
    return Period(kind, end)


def scope_regions(*, user):
    from regions.models import Region

    return list(visible(user, Region).order_by("code"))


# --- sales (orders) --------------------------------------------------------------------------


def sales(*, user, period: Period, regions, region_id: int | None = None) -> dict:
    """Litres, revenue and margin by region for the period and by month for the year to date:
    the orders app's actuals selectors over its monthly sales fact (kept on every order
    change). Two queries. `regions`: the regions the person sees (for the names)."""
    from orders.selectors import actuals

    only = [region_id] if region_id else None
    names = {r.pk: r for r in regions}
    by_region = actuals(
        user=user,
        month_from=period.start,
        month_to=period.end,
        group_by=("region",),
        regions=only,
    )
    for row in by_region:
        region = names.get(row["region_id"])
        row["label"] = str(region) if region else "—"
        row["code"] = region.code if region else ""
    by_month = actuals(
        user=user,
        month_from=date(period.end.year, 1, 1),
        month_to=period.end,
        group_by=("month",),
        regions=only,
    )
    totals = {
        key: sum((r[key] for r in by_region), ZERO) for key in ("litres", "revenue", "margin")
    }
    totals["margin_percent"] = (
        (totals["margin"] / totals["revenue"] * 100).quantize(Decimal("0.1"))
        if totals["revenue"]
        else None
    )
    return {"by_region": by_region, "by_month": by_month, "totals": totals}


def sales_lines(*, user, period: Period, region_id: int | None = None):
    """The order lines behind a sales figure (the orders app's drill-down selector) and their
    totals from the same fact as the dashboard."""
    from orders.selectors import actual_lines, actuals_totals

    only = [region_id] if region_id else None
    args = {"user": user, "month_from": period.start, "month_to": period.end, "regions": only}
    return actual_lines(**args), actuals_totals(**args)


# --- development funnel ----------------------------------------------------------------------


def funnel(*, user, region_code: str = "") -> dict:
    """Active development projects per stage and the late ones: the project funnel's own
    selector (customers), so the figures equal the funnel page and the project list."""
    from customers.selectors import project_funnel

    rows = project_funnel(user=user, region_code=region_code)
    return {
        "rows": rows,
        "total": sum(r.count for r in rows),
        "late": sum(r.late for r in rows),
    }


# --- budget execution ------------------------------------------------------------------------


def _budget_args(period: Period) -> dict:
    from budgets.models import Period as BudgetPeriod

    if period.kind == "year":
        return {"month": period.end, "period": BudgetPeriod.YTD}
    if period.kind == "quarter":
        return {"month": period.end, "period": BudgetPeriod.MONTH, "month_from": period.start}
    return {"month": period.end, "period": BudgetPeriod.MONTH}


def budget(*, user, period: Period, region_id: int | None = None) -> dict:
    """Budget execution by region and by category from the stored roll-up (the budgets app's
    execution_figures), with the warning thresholds. Two queries."""
    from budgets.selectors import execution_figures, execution_totals
    from budgets.services import warning_percents

    filters = {"region_id": region_id} if region_id else {}
    args = _budget_args(period)
    by_region = execution_figures(user=user, group="region", filters=filters, **args)
    by_category = execution_figures(user=user, group="category", filters=filters, **args)
    thresholds = warning_percents()
    for rows, key in ((by_region, "region"), (by_category, "category")):
        for row in rows:
            row["label"] = name_in_language(
                row.get(f"{key}__name") or "—", row.get(f"{key}__name_en") or ""
            )
            row["key"] = row.get(f"{key}_id")
            percent = row["percent"]
            row["warning"] = max(
                [t for t in thresholds if percent is not None and percent >= t], default=None
            )
    as_of = max((r["as_of"] for r in by_region + by_category if r.get("as_of")), default=None)
    return {
        "by_region": by_region,
        "by_category": by_category,
        "totals": execution_totals(by_region),
        "thresholds": thresholds,
        "as_of": as_of,
        "budget_period": args["period"],
    }


def budget_lines(
    *,
    user,
    period: Period,
    region_id: int | None = None,
    category_id: int | None = None,
    scope: str = "",
):
    """The expense lines behind a budget figure (the budgets app's drill-down selector), with
    the figure's own filters: a region's row is its regional budget (`scope="region"`)."""
    from budgets.selectors import execution_claim_lines

    args = _budget_args(period)
    filters = {}
    if scope:
        filters["scope"] = scope
    if region_id:
        filters["region"] = region_id
    if category_id:
        filters["category"] = category_id
    return execution_claim_lines(user=user, filters=filters, **args)


# --- price realisation -----------------------------------------------------------------------

PRICE_SUMS = {
    "quotes": Sum("quotes"),
    "quantity": Sum("quantity"),
    "realised": Sum("realised"),
    "list_value": Sum("list_value"),
    "floor_value": Sum("floor_value"),
    "below_floor": Sum("below_floor"),
}


def _ratios(row: dict) -> dict:
    for key in ("quotes", "quantity", "below_floor"):
        row[key] = row.get(key) or 0
    for key in ("realised", "list_value", "floor_value"):
        row[key] = row.get(key) or ZERO
    row["vs_list"] = (
        (row["realised"] / row["list_value"] * 100).quantize(Decimal("0.1"))
        if row["list_value"]
        else None
    )
    row["vs_floor"] = (
        (row["realised"] / row["floor_value"] * 100).quantize(Decimal("0.1"))
        if row["floor_value"]
        else None
    )
    return row


def price_facts(*, user, period: Period, region_id: int | None = None) -> QuerySet:
    """The price facts the user sees for the period: the regional fact (summed over owners)
    for someone who sees every row or exactly a region's, else the per-owner one (a rep's
    own figures)."""
    whole = access.sees_all(user, PriceFact) or access.sees_one_region(user, PriceFact)
    model = PriceRegionFact if whole else PriceFact
    qs = visible(user, model).filter(month__range=(period.start, period.end))
    if region_id:
        qs = qs.filter(region_id=region_id)
    return qs


def _fold(cells: list[dict], key: str) -> dict[str, dict]:
    """The cells' sums added up by one of their keys (the latest `as_of` kept)."""
    folded: dict[str, dict] = {}
    for cell in cells:
        row = folded.setdefault(cell[key], {key: cell[key]})
        for name in PRICE_SUMS:
            row[name] = (row.get(name) or 0) + (cell[name] or 0)
        if cell.get("as_of") and (not row.get("as_of") or cell["as_of"] > row["as_of"]):
            row["as_of"] = cell["as_of"]
    return dict(sorted(folded.items()))


def prices(*, user, period: Period, region_id: int | None = None) -> dict:
    """Realised price against list and floor by customer class and by product lifecycle stage,
    from the monthly price facts: one grouped query."""
    from customers.models import CustomerClass
    from pricing.models import Lifecycle

    qs = price_facts(user=user, period=period, region_id=region_id)
    # One grouped query by class and stage (a few dozen rows), folded both ways here: the
    # facts are read once, not once per breakdown.
    cells = list(
        qs.values("customer_class", "lifecycle")
        .annotate(**PRICE_SUMS, as_of=Max("computed_at"))
        .order_by()
    )
    by_class = {k: _ratios(r) for k, r in _fold(cells, "customer_class").items()}
    classes = dict(CustomerClass.choices)
    class_rows = []
    for key in [*classes, *(k for k in by_class if k not in classes)]:
        if key in by_class:
            row = by_class[key]
            row["label"] = str(classes.get(key, _("Unclassified")))
            row["key"] = key
            class_rows.append(row)
    stages = dict(Lifecycle.choices)
    by_stage = {k: _ratios(r) for k, r in _fold(cells, "lifecycle").items()}
    stage_rows = []
    for key in [*stages, *(k for k in by_stage if k not in stages)]:
        if key in by_stage:
            row = by_stage[key]
            row["label"] = str(stages.get(key, key))
            row["key"] = key
            stage_rows.append(row)
    totals = _ratios({k: sum((r[k] for r in class_rows), 0) for k in PRICE_SUMS})
    as_of = max((r["as_of"] for r in class_rows if r.get("as_of")), default=None)
    return {"by_class": class_rows, "by_lifecycle": stage_rows, "totals": totals, "as_of": as_of}


REALISED_STATUSES = ("agreed", "won")


def price_quotes(
    *,
    user,
    period: Period,
    region_id: int | None = None,
    lifecycle: str | None = None,
    customer_class: str | None = None,
    below_floor: bool = False,
):
    """The quotes behind a price realisation figure: realised (agreed or won) quotes of the
    period's cost months that the user sees, with the same filters as the facts."""
    from pricing.models import Quote

    money = DecimalField(max_digits=24, decimal_places=4)
    qs = (
        visible(user, Quote)
        .filter(status__in=REALISED_STATUSES, month__range=(period.start, period.end))
        .select_related("customer", "product", "region", "owner")
        .annotate(value=ExpressionWrapper(F("unit_price") * F("quantity"), output_field=money))
    )
    if region_id:
        qs = qs.filter(region_id=region_id)
    if lifecycle:
        qs = qs.filter(product__lifecycle=lifecycle)
    if customer_class is not None:
        qs = qs.filter(customer__customer_class=customer_class)
    if below_floor:
        qs = qs.filter(below_floor=True)
    sums = qs.aggregate(
        t_quotes=Count("pk"),
        t_quantity=Coalesce(Sum("quantity"), 0),
        t_realised=Coalesce(Sum(F("unit_price") * F("quantity"), output_field=money), ZERO),
        t_list=Coalesce(Sum(F("list_price") * F("quantity"), output_field=money), ZERO),
        t_floor=Coalesce(Sum(F("floor_price") * F("quantity"), output_field=money), ZERO),
        t_below=Count("pk", filter=Q(below_floor=True)),
    )
    cent = Decimal("0.01")
    totals = {
        "quotes": sums["t_quotes"],
        "quantity": sums["t_quantity"],
        "realised": Decimal(sums["t_realised"]).quantize(cent),
        "list_value": Decimal(sums["t_list"]).quantize(cent),
        "floor_value": Decimal(sums["t_floor"]).quantize(cent),
        "below_floor": sums["t_below"],
    }
    return qs.order_by("-pk"), _ratios(totals)


# --- what waits for this person --------------------------------------------------------------


def queue(*, user, limit: int = 8) -> dict | None:
    """The approval queue, oldest first (what has waited longest comes first)."""
    if not access.can(user, "approvals.queue_view"):
        return None
    from approvals.selectors import approval_queue, approval_queue_count

    items = list(approval_queue(user=user).order_by("submitted_at", "pk")[:limit])
    return {"items": items, "count": approval_queue_count(user=user), "now": timezone.now()}


# --- sales against target (planning) --------------------------------------------------------

MEASURES = ("litres", "revenue")


def _target_row(key) -> dict:
    return {
        "key": key,
        "original": {"litres": ZERO, "revenue": ZERO},
        "current": {"litres": ZERO, "revenue": ZERO},
        "actual": {"litres": ZERO, "revenue": ZERO, "margin": ZERO},
    }


def _completions(row: dict) -> dict:
    from planning.selectors import completion

    for measure in MEASURES:
        actual = row["actual"][measure]
        row[f"{measure}_percent"] = completion(actual, row["current"][measure])
        row[f"{measure}_percent_original"] = completion(actual, row["original"][measure])
    return row


def sales_vs_target(*, user, period: Period, regions, region_id: int | None = None) -> dict:
    """Targets (the original, as the plans were issued, and the current, after approved
    adjustments) against actuals by region for the period and by month for the year to date:
    planning's `targets` and the orders app's `actuals`, the selectors planning's tracking
    page uses, so the figures are the tracking page's. Three queries whatever the data: each
    source read once by month × region for the year to date and added up here. Plans carry no
    margin target: the margin is the actual only. `regions`: the regions the person sees."""
    from orders.selectors import actuals
    from planning.selectors import targets

    only = [region_id] if region_id else None
    first = date(period.end.year, 1, 1)
    args = {"user": user, "month_from": first, "month_to": period.end, "regions": only}
    group = ("month", "region")
    sources = [
        ("original", targets(**args, group_by=group, which="original")),
        ("current", targets(**args, group_by=group, which="current")),
        ("actual", actuals(**args, group_by=group)),
    ]
    in_period = set(period.months)
    by_region: dict = {}
    by_month = {m: _target_row(m) for m in period.months_to_date}
    totals = _target_row("total")
    ytd = _target_row("ytd")
    for part, rows in sources:
        measures = ("litres", "revenue", "margin") if part == "actual" else MEASURES
        for row in rows:
            month = row["month"].replace(day=1)
            cells = [by_month.setdefault(month, _target_row(month)), ytd]
            if month in in_period:
                cells.append(by_region.setdefault(row["region_id"], _target_row(row["region_id"])))
                cells.append(totals)
            for cell in cells:
                for measure in measures:
                    cell[part][measure] += row[measure] or ZERO
    names = {r.pk: r for r in regions}
    region_rows = []
    for key in sorted(by_region, key=lambda k: (k is None, names[k].code if k in names else "")):
        row = _completions(by_region[key])
        region = names.get(key)
        row["label"] = str(region) if region else "—"
        row["code"] = region.code if region else ""
        region_rows.append(row)
    month_rows = [_completions(by_month[m]) for m in sorted(by_month)]
    return {
        "by_region": region_rows,
        "by_month": month_rows,
        "totals": _completions(totals),
        "ytd": _completions(ytd),
    }


# --- KPI ranking (performance) ---------------------------------------------------------------


def kpi_ranking(
    *, user, month: date, region_id: int | None = None, top: int = 10, person=None
) -> dict:
    """The regions' KPI scores and the people's ranking for the latest month with computed
    KPIs at or before `month` (performance's own selectors, so the figures are the ranking
    page's): the `top` people and, when `person` is ranked below them, their own row. Five
    queries, whatever the number of people and wherever the person ranks. The caller asks
    whether the person may see performance."""
    from performance.selectors import kpi_month_at, ranking, region_scores

    kpi_month = kpi_month_at(user=user, month=month)
    if kpi_month is None:
        return {"month": None, "regions": [], "top": [], "own": None, "ranked": 0}
    scores = region_scores(user=user, month=kpi_month)
    if region_id:
        scores = [r for r in scores if r["region_id"] == region_id]
    people = ranking(user=user, month=kpi_month, region=region_id)
    leaders = people[:top]
    # The person's own rank is read whether or not they are among the leaders, so the page's
    # queries do not depend on where they stand; it is shown only below the leaders.
    own = people.rank_of(person.pk) if person is not None else None
    if own is not None and own["rank"] <= len(leaders):
        own = None
    return {
        "month": kpi_month,
        "regions": scores,
        "top": leaders,
        "own": own,
        "ranked": people.count(),
    }


# --- market intelligence (information) -------------------------------------------------------


def intelligence(*, user, month: date, region_id: int | None = None, latest: int = 10) -> dict:
    """The month's market intelligence from the information app's `entries_of_month`: how many
    entries came in by kind and region (and how many were marked for analysis), the latest
    entries' headlines (those marked for analysis first), and the month's published digest.
    Three queries."""
    from information.selectors import digest_list, entries_of_month

    entries = entries_of_month(user=user, month=month)
    if region_id:
        entries = entries.filter(region_id=region_id)
    counts = list(
        entries.values("kind", "region_id", "region__code", "region__name", "region__name_en")
        .annotate(entries=Count("pk"), marked=Count("pk", filter=Q(for_analysis=True)))
        .order_by("kind", "region__code")
    )
    headlines = list(entries.order_by("-for_analysis", "-reported_on", "-pk")[:latest])
    digest = None
    if not region_id:
        digest = digest_list(user=user).filter(month=month.replace(day=1)).first()
    return {"counts": counts, "latest": headlines, "digest": digest}
