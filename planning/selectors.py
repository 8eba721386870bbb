"""Reads of marketing planning, each starting from the access layer.

`targets()` is the one reading of the issued targets that other apps (performance, the
dashboard) and planning's own tracking pages use: litres and revenue of issued region plans,
grouped as asked, in SQL, in one query.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import F, QuerySet, Sum

import access
from core.money import ZERO

from .models import (
    Adjustment,
    CompanyTarget,
    Milestone,
    PlanBudgetLine,
    PlanLine,
    RegionPlan,
    RegionTarget,
    RollingTarget,
    Status,
    TargetMonth,
)
from .services import MEASURES, PLAN_MEASURES, months_of

# group_by name -> the PlanLine column it groups on and the key in each returned row.
GROUPS = {
    "month": ("month", "month"),
    "region": ("region_id", "region_id"),
    "customer": ("customer_id", "customer_id"),
    "rep": ("rep_id", "rep_id"),
}
WHICH = ("original", "current")


def target_lines(
    *,
    user,
    month_from: date,
    month_to: date,
    regions=None,
    customers=None,
    reps=None,
    which: str = "current",
) -> QuerySet[PlanLine]:
    """The issued targets (PlanLine rows) the user may see in the months from … to (first of
    each month), of the original plans or their current (adjusted) version."""
    if which not in WHICH:
        raise ValueError(f"which must be one of {WHICH}")
    lines = access.visible(user, PlanLine).filter(
        plan__status=Status.ISSUED, month__gte=month_from, month__lte=month_to
    )
    if which == "original":
        lines = lines.filter(version=1)
    else:
        lines = lines.filter(version=F("plan__current_version"))
    if regions is not None:
        lines = lines.filter(region_id__in=_ids(regions))
    if customers is not None:
        lines = lines.filter(customer_id__in=_ids(customers))
    if reps is not None:
        lines = lines.filter(rep_id__in=_ids(reps))
    return lines


def targets(
    *,
    user,
    month_from: date,
    month_to: date,
    group_by=("month",),
    regions=None,
    customers=None,
    reps=None,
    which: str = "current",
) -> list[dict]:
    """Issued targets grouped by any of "month", "region", "customer", "rep": a list of dicts
    with the grouped keys (month / region_id / customer_id / rep_id; customer_id None is the
    region's other customers) and `litres` and `revenue` (Decimal). `which`: "original" (the
    plans as issued) or "current" (after approved adjustments). One query; only what the user
    may see (a rep: their own targets; a region manager: their region's)."""
    for name in group_by:
        if name not in GROUPS:
            raise ValueError(f"Unknown group {name!r}; use {sorted(GROUPS)}")
    columns = [GROUPS[name][0] for name in group_by]
    if "customer" in group_by or customers is not None:
        lines = target_lines(
            user=user,
            month_from=month_from,
            month_to=month_to,
            regions=regions,
            customers=customers,
            reps=reps,
            which=which,
        )
    else:
        lines = _target_facts(
            user=user,
            month_from=month_from,
            month_to=month_to,
            regions=regions,
            reps=reps,
            which=which,
        )
    if not columns:
        total = lines.aggregate(litres=Sum("litres"), revenue=Sum("revenue"))
        return [{"litres": total["litres"] or ZERO, "revenue": total["revenue"] or ZERO}]
    rows = (
        lines.values(*columns)
        .annotate(litres=Sum("litres"), revenue=Sum("revenue"))
        .order_by(*columns)
    )
    return [
        {**row, "litres": row["litres"] or ZERO, "revenue": row["revenue"] or ZERO} for row in rows
    ]


def _target_facts(
    *, user, month_from: date, month_to: date, regions=None, reps=None, which: str = "current"
) -> QuerySet[TargetMonth]:
    """The per-rep target fact rows the user may see: the same sums as target_lines() for
    any question that needs no customer (services.target_month_rebuild keeps them)."""
    if which not in WHICH:
        raise ValueError(f"which must be one of {WHICH}")
    rows = access.visible(user, TargetMonth).filter(
        plan__status=Status.ISSUED, which=which, month__gte=month_from, month__lte=month_to
    )
    if regions is not None:
        rows = rows.filter(region_id__in=_ids(regions))
    if reps is not None:
        rows = rows.filter(rep_id__in=_ids(reps))
    return rows


def targets_totals(**kwargs) -> dict:
    """litres and revenue of targets(...) without grouping."""
    kwargs["group_by"] = ()
    return targets(**kwargs)[0]


def _ids(values) -> list:
    return [getattr(v, "pk", v) for v in values]


# --- rolling targets ----------------------------------------------------------------------------


def rolling_list(*, user) -> QuerySet[RollingTarget]:
    return access.visible(user, RollingTarget).prefetch_related("years")


def rolling_diff(*, version: RollingTarget) -> dict:
    """Each year of the version beside the previous version's figures for the same year (the
    years both cover), with the change. Two queries."""
    previous = (
        RollingTarget.objects.filter(base_year__lt=version.base_year)
        .order_by("-base_year")
        .prefetch_related("years")
        .first()
    )
    before = {y.year: y for y in previous.years.all()} if previous else {}
    rows = []
    for year in version.years.all():
        old = before.get(year.year)
        cells = []
        for measure in (*MEASURES, "customers_developed"):
            new_value = getattr(year, measure)
            old_value = getattr(old, measure) if old else None
            cells.append(
                {
                    "measure": measure,
                    "value": new_value,
                    "previous": old_value,
                    "change": (new_value - old_value) if old_value is not None else None,
                }
            )
        rows.append({"year": year.year, "cells": cells})
    return {"previous": previous, "rows": rows}


# --- company target and its split --------------------------------------------------------------


def target_list(*, user) -> QuerySet[CompanyTarget]:
    return access.visible(user, CompanyTarget)


def split_grid(*, user, target: CompanyTarget, regions) -> dict:
    """The saved split as {(region pk, month): {measure: value}} (visible rows only)."""
    cells = {}
    for row in access.visible(user, RegionTarget).filter(target=target):
        cells[(row.region_id, row.month)] = {m: getattr(row, m) for m in MEASURES}
    return cells


# --- region plans -------------------------------------------------------------------------------


def plan_list(*, user, year: int | None = None) -> QuerySet[RegionPlan]:
    plans = access.visible(user, RegionPlan).select_related("region", "author")
    if year:
        plans = plans.filter(year=year)
    return plans


def plan_grid(*, plan: RegionPlan, version: int | None = None, customers=()) -> dict:
    """The plan's targets as rows (each key customer of `customers` plus every customer with
    a target, then "other customers") × months, with row and month totals. Two queries."""
    version = version or plan.current_version
    lines = list(
        PlanLine.objects.filter(plan=plan, version=version).select_related("customer", "rep")
    )
    cells: dict = defaultdict(dict)
    names = {c.pk: c for c in customers}
    for line in lines:
        cells[line.customer_id][line.month] = line
        if line.customer_id is not None:
            names.setdefault(line.customer_id, line.customer)
    months = months_of(plan.year)
    ordered = sorted(names.values(), key=lambda c: c.name) + [None]
    rows = []
    month_totals = {m: {"litres": ZERO, "revenue": ZERO} for m in months}
    for customer in ordered:
        key = customer.pk if customer else None
        row_cells = []
        total = {"litres": ZERO, "revenue": ZERO}
        for month in months:
            line = cells.get(key, {}).get(month)
            litres = line.litres if line else ZERO
            revenue = line.revenue if line else ZERO
            row_cells.append({"month": month, "litres": litres, "revenue": revenue})
            total["litres"] += litres
            total["revenue"] += revenue
            month_totals[month]["litres"] += litres
            month_totals[month]["revenue"] += revenue
        rows.append({"customer": customer, "key": key or 0, "cells": row_cells, "total": total})
    grand = {m: sum((t[m] for t in month_totals.values()), ZERO) for m in PLAN_MEASURES}
    return {
        "months": months,
        "rows": rows,
        "month_totals": [month_totals[m] for m in months],
        "total": grand,
    }


def budget_grid(*, plan: RegionPlan) -> dict:
    """The plan's expense budget: each active cost category × month. Two queries."""
    from budgets.models import CostCategory

    amounts = {
        (line.category_id, line.month): line.amount
        for line in PlanBudgetLine.objects.filter(plan=plan)
    }
    months = months_of(plan.year)
    rows = []
    total = ZERO
    for category in CostCategory.objects.filter(is_active=True):
        cells = [{"month": m, "amount": amounts.get((category.pk, m), ZERO)} for m in months]
        row_total = sum((c["amount"] for c in cells), ZERO)
        total += row_total
        rows.append({"category": category, "cells": cells, "total": row_total})
    return {"months": months, "rows": rows, "total": total}


def milestone_rows(*, plan: RegionPlan, today: date) -> list[dict]:
    """Each milestone: the baseline date beside the project's stage as it stands now (planned
    and actual date), and its standing: done on time, done late, late, or open. Two queries."""
    from customers.models import ProjectStage

    milestones = list(Milestone.objects.filter(plan=plan).select_related("project__customer"))
    stages = {
        (s.project_id, s.stage): s
        for s in ProjectStage.objects.filter(project__in=[m.project_id for m in milestones])
    }
    rows = []
    for milestone in milestones:
        stage = stages.get((milestone.project_id, milestone.stage))
        planned = stage.planned_date if stage else None
        actual = stage.actual_date if stage else None
        if actual:
            standing = "on_time" if actual <= milestone.baseline_date else "late_done"
        elif milestone.baseline_date < today:
            standing = "late"
        else:
            standing = "open"
        rows.append(
            {
                "milestone": milestone,
                "planned": planned,
                "actual": actual,
                "moved": bool(planned and planned != milestone.baseline_date),
                "days_late": (
                    ((actual or today) - milestone.baseline_date).days
                    if standing in ("late", "late_done")
                    else 0
                ),
                "standing": standing,
            }
        )
    return rows


def adjustment_list(*, user, plan: RegionPlan | None = None) -> QuerySet[Adjustment]:
    adjustments = access.visible(user, Adjustment).select_related("plan__region", "requested_by")
    if plan is not None:
        adjustments = adjustments.filter(plan=plan)
    return adjustments


# --- consolidation ------------------------------------------------------------------------------


def consolidation(*, user, target: CompanyTarget, measure: str) -> dict:
    """The company target's split beside each region's plan (its latest version, whatever its
    state) by month for one measure, with the gap (plan − target). Three queries."""
    if measure not in PLAN_MEASURES:
        measure = "litres"
    months = months_of(target.year)
    plans = list(
        plan_list(user=user, year=target.year).exclude(status=Status.REJECTED).order_by("region")
    )
    split = defaultdict(lambda: ZERO)
    for row in (
        access.visible(user, RegionTarget)
        .filter(target=target)
        .values("region_id", "month")
        .annotate(v=Sum(measure))
    ):
        split[(row["region_id"], row["month"])] = row["v"] or ZERO
    planned = defaultdict(lambda: ZERO)
    for row in (
        TargetMonth.objects.filter(plan__in=plans, which="current")
        .values("plan_id", "month")
        .annotate(v=Sum(measure))
        .order_by()
    ):
        planned[(row["plan_id"], row["month"])] = row["v"] or ZERO
    regions = []
    for plan in plans:
        cells = []
        for month in months:
            t = split[(plan.region_id, month)]
            p = planned[(plan.pk, month)]
            cells.append({"month": month, "target": t, "plan": p, "gap": p - t})
        total_t = sum((c["target"] for c in cells), ZERO)
        total_p = sum((c["plan"] for c in cells), ZERO)
        regions.append(
            {
                "plan": plan,
                "cells": cells,
                "target": total_t,
                "planned": total_p,
                "gap": total_p - total_t,
            }
        )
    company = []
    for index, month in enumerate(months):
        t = sum((r["cells"][index]["target"] for r in regions), ZERO)
        p = sum((r["cells"][index]["plan"] for r in regions), ZERO)
        company.append({"month": month, "target": t, "plan": p, "gap": p - t})
    planned_total = sum((r["planned"] for r in regions), ZERO)
    annual = getattr(target, measure)
    return {
        "months": months,
        "regions": regions,
        "company": company,
        "annual": annual,
        "planned": planned_total,
        "gap": planned_total - annual,
    }


# --- target vs actual ---------------------------------------------------------------------------

TRACK_BY = ("month", "region", "rep", "customer", "product")
PERIODS = ("month", "ytd")


def completion(actual, target):
    """Actual as a percentage of target, to one decimal; None without a target."""
    if not target:
        return None
    return (Decimal(actual) / Decimal(target) * 100).quantize(Decimal("0.1"))


def tracking(
    *,
    user,
    year: int,
    month: int,
    by: str = "month",
    period: str = "ytd",
    which: str = "current",
    filters: dict | None = None,
) -> dict:
    """Targets (targets()) against actuals (orders.selectors.actuals) for the month or the
    year to date, grouped by month, region, rep, key customer ("other customers" is the
    region's rest) or product (plans carry no product targets: actuals only). Each row:
    key, target and actual litres and revenue, completion %. Three queries whatever the
    number of rows (targets, actuals, the names)."""
    from orders import selectors as orders_selectors

    if by not in TRACK_BY:
        by = "month"
    if period not in PERIODS:
        period = "ytd"
    filters = {k: v for k, v in (filters or {}).items() if v is not None}
    last = date(year, month, 1)
    first = date(year, 1, 1) if by == "month" or period == "ytd" else last
    if by == "month":
        last = date(year, 12, 1)
    group = (by,)
    key_name = GROUPS[by][1] if by in GROUPS else "product_id"
    target_rows = []
    if by != "product":
        target_rows = targets(
            user=user,
            month_from=first,
            month_to=last,
            group_by=group,
            which=which,
            regions=filters.get("regions"),
            customers=filters.get("customers"),
            reps=filters.get("reps"),
        )
    actual_rows = orders_selectors.actuals(
        user=user,
        month_from=first,
        month_to=last,
        group_by=group,
        regions=filters.get("regions"),
        customers=filters.get("customers"),
        reps=filters.get("reps"),
        products=filters.get("products"),
    )
    rows: dict = {}
    for row in target_rows:
        rows.setdefault(row[key_name], _track_row(row[key_name]))["target"] = {
            "litres": row["litres"],
            "revenue": row["revenue"],
        }
    for row in actual_rows:
        key = row[key_name]
        if by == "customer" and key is not None and key not in rows:
            # A customer without its own target is among the region's other customers.
            key = None
        entry = rows.setdefault(key, _track_row(key))
        entry["actual"]["litres"] += row["litres"]
        entry["actual"]["revenue"] += row["revenue"]
    if by == "month":
        for m in months_of(year):
            rows.setdefault(m, _track_row(m))
    ordered = [rows[k] for k in sorted(rows, key=lambda k: (k is None, k))]
    labels = _labels(by, [r["key"] for r in ordered])
    for row in ordered:
        row["label"] = labels.get(row["key"], "")
        for measure in PLAN_MEASURES:
            row[f"{measure}_percent"] = completion(row["actual"][measure], row["target"][measure])
    totals = _track_row("total")
    for row in ordered:
        for part in ("target", "actual"):
            for measure in PLAN_MEASURES:
                totals[part][measure] += row[part][measure]
    for measure in PLAN_MEASURES:
        totals[f"{measure}_percent"] = completion(
            totals["actual"][measure], totals["target"][measure]
        )
    return {
        "rows": ordered,
        "totals": totals,
        "month_from": first,
        "month_to": last,
        "by": by,
        "period": period,
        "which": which,
    }


class CustomerRows:
    """Target vs actual by key customer, a page at a time, for the tracking page's paginator:
    `count()` is the number of key customers with a target in the span (plus the "other
    customers" row) and a slice computes the figures of those customers only — the rows of a
    region with thousands of key customers cost the same as those of one with fifty. The last
    page's "other customers" row reads the region's totals less the key customers' own."""

    def __init__(self, *, user, first: date, last: date, which: str, filters: dict):
        self.user, self.first, self.last, self.which = user, first, last, which
        self.filters = filters
        # "Other customers" is a row unless the question names key customers only.
        named = filters.get("customers")
        self.other = 1 if named is None or None in named else 0
        self._count = None

    def _span(self) -> dict:
        return {"user": self.user, "month_from": self.first, "month_to": self.last}

    def _keys(self):
        lines = target_lines(
            **self._span(),
            which=self.which,
            regions=self.filters.get("regions"),
            customers=self.filters.get("customers"),
            reps=self.filters.get("reps"),
        )
        return (
            lines.filter(customer__isnull=False)
            .values_list("customer_id", flat=True)
            .distinct()
            .order_by("customer_id")
        )

    def count(self) -> int:
        if self._count is None:
            self._count = self._keys().count() + self.other
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("CustomerRows is read a page (a slice) at a time")
        from orders import selectors as orders_selectors

        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        keys = self.count() - self.other
        ids = list(self._keys()[start : min(stop, keys)]) if start < keys else []
        rows = {pk: _track_row(pk) for pk in ids}
        common = {
            **self._span(),
            "regions": self.filters.get("regions"),
            "reps": self.filters.get("reps"),
        }
        if ids:
            for row in targets(**common, customers=ids, group_by=("customer",), which=self.which):
                rows[row["customer_id"]]["target"] = {
                    "litres": row["litres"],
                    "revenue": row["revenue"],
                }
            for row in orders_selectors.actuals(
                **common,
                customers=ids,
                products=self.filters.get("products"),
                group_by=("customer",),
            ):
                for measure in PLAN_MEASURES:
                    rows[row["customer_id"]]["actual"][measure] += row[measure]
        ordered = [rows[pk] for pk in ids]
        if self.other and stop > keys:
            ordered.append(self._other())
        labels = _labels("customer", [r["key"] for r in ordered])
        for row in ordered:
            row["label"] = labels.get(row["key"], "")
            for measure in PLAN_MEASURES:
                row[f"{measure}_percent"] = completion(
                    row["actual"][measure], row["target"][measure]
                )
        return ordered

    def _other(self) -> dict:
        """The region's other customers: their own targets (no customer), and every actual
        not of a key customer (the total less the key customers' actuals)."""
        from orders import selectors as orders_selectors

        row = _track_row(None)
        lines = target_lines(
            **self._span(),
            which=self.which,
            regions=self.filters.get("regions"),
            reps=self.filters.get("reps"),
        )
        own = lines.filter(customer__isnull=True).aggregate(
            litres=Sum("litres"), revenue=Sum("revenue")
        )
        row["target"] = {m: own[m] or ZERO for m in PLAN_MEASURES}
        common = {
            **self._span(),
            "regions": self.filters.get("regions"),
            "reps": self.filters.get("reps"),
            "products": self.filters.get("products"),
        }
        everyone = orders_selectors.actuals_totals(**common)
        keyed = orders_selectors.actuals_totals(
            **common, customers=lines.filter(customer__isnull=False).values("customer_id")
        )
        row["actual"] = {m: everyone[m] - keyed[m] for m in PLAN_MEASURES}
        return row


def tracking_customers(
    *, user, year: int, month: int, period: str = "ytd", which: str = "current", filters=None
) -> dict:
    """`tracking(by="customer")` for the page: the totals (two queries on the per-rep facts)
    and `rows`, a CustomerRows to page through (a page costs a fixed number of queries)."""
    from orders import selectors as orders_selectors

    if period not in PERIODS:
        period = "ytd"
    if which not in WHICH:
        which = "current"
    filters = {k: v for k, v in (filters or {}).items() if v is not None}
    last = date(year, month, 1)
    first = date(year, 1, 1) if period == "ytd" else last
    span = {"user": user, "month_from": first, "month_to": last}
    scope = {"regions": filters.get("regions"), "reps": filters.get("reps")}
    target = targets_totals(**span, **scope, customers=filters.get("customers"), which=which)
    actual = orders_selectors.actuals_totals(
        **span, **scope, customers=filters.get("customers"), products=filters.get("products")
    )
    totals = _track_row("total")
    for measure in PLAN_MEASURES:
        totals["target"][measure] = target[measure]
        totals["actual"][measure] = actual[measure]
        totals[f"{measure}_percent"] = completion(actual[measure], target[measure])
    return {
        "rows": CustomerRows(user=user, first=first, last=last, which=which, filters=filters),
        "totals": totals,
        "month_from": first,
        "month_to": last,
        "by": "customer",
        "period": period,
        "which": which,
    }


def _track_row(key) -> dict:
    return {
        "key": key,
        "target": {"litres": ZERO, "revenue": ZERO},
        "actual": {"litres": ZERO, "revenue": ZERO},
    }


def _labels(by: str, keys: list) -> dict:
    """Display names of the row keys: one query (none for months)."""
    from django.utils.translation import gettext

    from core.i18n import name_in_language

    ids = [k for k in keys if k is not None]
    labels: dict = {None: gettext("Other customers") if by == "customer" else "—"}
    if by == "month":
        return {k: k.strftime("%Y-%m") for k in ids}
    if by == "region":
        from regions.models import Region

        for region in Region.objects.filter(pk__in=ids):
            labels[region.pk] = region.display_name
    elif by == "customer":
        from customers.models import Customer

        for pk, name, name_en in Customer.objects.filter(pk__in=ids).values_list(
            "pk", "name", "name_en"
        ):
            labels[pk] = name_in_language(name, name_en)
    elif by == "rep":
        from django.contrib.auth import get_user_model

        for person in get_user_model().objects.filter(pk__in=ids):
            labels[person.pk] = str(person)
        labels[None] = gettext("No rep (other customers)")
    elif by == "product":
        from pricing.models import Product

        for pk, code, name in Product.objects.filter(pk__in=ids).values_list("pk", "code", "name"):
            labels[pk] = f"{code} · {name}"
    return labels


def month_against_plan(*, user, month: date) -> dict:
    """The home panel: the month's and the year-to-date's targets (current) against actuals
    in the user's scope (a rep: their own; a manager: the region; company-wide: all regions,
    per region). Four queries."""
    from orders import selectors as orders_selectors

    first = month.replace(month=1)
    target_rows = targets(user=user, month_from=first, month_to=month, group_by=("month", "region"))
    actual_rows = orders_selectors.actuals(
        user=user, month_from=first, month_to=month, group_by=("month", "region")
    )
    regions: dict = {}
    for source, part in ((target_rows, "target"), (actual_rows, "actual")):
        for row in source:
            entry = regions.setdefault(
                row["region_id"],
                {"month": _track_row(None), "ytd": _track_row(None)},
            )
            for measure in PLAN_MEASURES:
                entry["ytd"][part][measure] += row[measure]
                if row["month"] == month:
                    entry["month"][part][measure] += row[measure]
    labels = _labels("region", list(regions))
    rows = []
    for region_id in sorted(regions, key=lambda k: labels.get(k, "")):
        entry = regions[region_id]
        for span in ("month", "ytd"):
            for measure in PLAN_MEASURES:
                entry[span][f"{measure}_percent"] = completion(
                    entry[span]["actual"][measure], entry[span]["target"][measure]
                )
        rows.append({"region": labels.get(region_id, ""), **entry})
    return {"month": month, "rows": rows}


def key_account_targets(user, plan) -> dict | None:
    """A key-account plan's volume and revenue targets: the customer's targets in its region's
    issued plan for the plan's year, by month, current and (when adjusted) original. Read-only:
    they change only with the region plan. Two queries; None when no issued plan sets any."""
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 1)
    kwargs = {
        "user": user,
        "month_from": first,
        "month_to": last,
        "customers": [plan.customer_id],
    }
    current = {r["month"]: r for r in targets(**kwargs)}
    if not current:
        return None
    original = {r["month"]: r for r in targets(**kwargs, which="original")}
    months = []
    for month in months_of(plan.year):
        now = current.get(month) or {"litres": ZERO, "revenue": ZERO}
        then = original.get(month) or {"litres": ZERO, "revenue": ZERO}
        months.append(
            {
                "month": month,
                "litres": now["litres"],
                "revenue": now["revenue"],
                "original_litres": then["litres"],
                "original_revenue": then["revenue"],
                "adjusted": now["litres"] != then["litres"] or now["revenue"] != then["revenue"],
            }
        )
    return {
        "months": months,
        "litres": sum((m["litres"] for m in months), ZERO),
        "revenue": sum((m["revenue"] for m in months), ZERO),
        "adjusted": any(m["adjusted"] for m in months),
        "plan": RegionPlan.objects.filter(
            region_id=plan.region_id, year=plan.year, status=Status.ISSUED
        ).first(),
    }
