"""Reads of the orders app. The actuals selectors are the one place every other app (planning,
performance, dashboards, the API) reads sales actuals from:

    actuals(user=…, month_from=…, month_to=…, group_by=("month", "region"))
        -> [{"month": date, "region_id": 3, "litres": Decimal, "revenue": …, "margin": …}, …]
    actuals_totals(user=…, month_from=…, month_to=…)  -> {"litres", "revenue", "margin"}
    actual_lines(user=…, month_from=…, month_to=…)    -> the order lines behind the figures

They read the monthly fact (`SalesMonth`) through the access layer, so a North rep's figures
never include an East order, and cost the same whatever the number of order lines. A line
counts in its sales month (delivered, else requested); cancelled orders count nowhere.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

import access

from .models import Order, OrderLine, OrderStatus, SalesCustomerMonth, SalesMonth, SalesRepMonth

# group_by name -> (SalesMonth column, key in the result)
GROUPS = {
    "month": ("month", "month"),
    "region": ("region_id", "region_id"),
    "customer": ("customer_id", "customer_id"),
    "product": ("product_id", "product_id"),
    "rep": ("rep_id", "rep_id"),
}
# The same filters on an order line.
_LINE_FILTERS = {
    "regions": "order__region_id__in",
    "customers": "order__customer_id__in",
    "products": "product_id__in",
    "reps": "order__owner_id__in",
}
_FACT_FILTERS = {
    "regions": "region_id__in",
    "customers": "customer_id__in",
    "products": "product_id__in",
    "reps": "rep_id__in",
}
ZERO = Decimal("0")
_LITRES = DecimalField(max_digits=20, decimal_places=4)
_MONEY = DecimalField(max_digits=20, decimal_places=2)


def _month(value: date) -> date:
    return value.replace(day=1)


def _filtered(qs: QuerySet, lookups: dict, filters: dict) -> QuerySet:
    for name, lookup in lookups.items():
        ids = filters.get(name)
        if ids is not None:
            # A queryset stays a subquery; any other iterable becomes a list of ids.
            qs = qs.filter(**{lookup: ids if isinstance(ids, QuerySet) else list(ids)})
    return qs


def _sums():
    return {
        "litres": Coalesce(Sum("litres"), Value(ZERO), output_field=_LITRES),
        "revenue": Coalesce(Sum("revenue"), Value(ZERO), output_field=_MONEY),
        "margin": Coalesce(Sum("margin"), Value(ZERO), output_field=_MONEY),
    }


# The groups (and filters) the per-rep and the per-customer facts answer.
_REP_GRAIN = {"month", "region", "rep"}
_CUSTOMER_GRAIN = {"month", "region", "customer", "rep"}


def _facts(*, user, month_from: date, month_to: date, groups=(), **filters) -> QuerySet:
    """The monthly fact rows the user may see for the months and filters: the per-rep fact
    (SalesRepMonth) when the question needs no customer or product, the per-customer one
    (SalesCustomerMonth) when it needs no product, else SalesMonth. All three are written
    together by the roll-up, so each gives the same sums."""
    unknown = set(filters) - set(_FACT_FILTERS)
    if unknown:
        raise TypeError(f"Unknown actuals filter(s): {', '.join(sorted(unknown))}")
    no_product = filters.get("products") is None
    if set(groups) <= _REP_GRAIN and no_product and filters.get("customers") is None:
        model = SalesRepMonth
    elif set(groups) <= _CUSTOMER_GRAIN and no_product:
        model = SalesCustomerMonth
    else:
        model = SalesMonth
    qs = access.visible(user, model).filter(
        month__gte=_month(month_from), month__lte=_month(month_to)
    )
    return _filtered(qs, _FACT_FILTERS, filters)


def actuals(
    *,
    user,
    month_from: date,
    month_to: date,
    group_by: tuple[str, ...] = ("month",),
    regions=None,
    customers=None,
    products=None,
    reps=None,
) -> list[dict]:
    """Litres, revenue (CNY) and gross margin (CNY) the user may see, per group, for the months
    from `month_from` to `month_to` (inclusive; any day of a month means that month). One
    query; rows ordered by the group keys."""
    bad = [g for g in group_by if g not in GROUPS]
    if bad:
        raise ValueError(f"Unknown group_by: {', '.join(bad)}")
    columns = [GROUPS[g][0] for g in group_by]
    qs = _facts(
        user=user,
        month_from=month_from,
        month_to=month_to,
        groups=group_by,
        regions=regions,
        customers=customers,
        products=products,
        reps=reps,
    )
    if not columns:
        return [
            actuals_totals(
                user=user,
                month_from=month_from,
                month_to=month_to,
                regions=regions,
                customers=customers,
                products=products,
                reps=reps,
            )
        ]
    rows = qs.values(*columns).annotate(**_sums()).order_by(*columns)
    return [
        {
            **{GROUPS[g][1]: row[GROUPS[g][0]] for g in group_by},
            "litres": row["litres"],
            "revenue": row["revenue"],
            "margin": row["margin"],
        }
        for row in rows
    ]


def actuals_top(
    *,
    user,
    month_from: date,
    month_to: date,
    by: str,
    measure: str = "revenue",
    limit: int = 40,
    **filters,
) -> list[int | None]:
    """The ids of the `limit` largest customers (or products, regions, reps) by `measure` over
    the months, largest first: one GROUP BY … ORDER BY … LIMIT in SQL, so a pivot by customer
    reads the figures of the rows it shows only."""
    if by not in GROUPS or by == "month" or measure not in ("litres", "revenue", "margin"):
        raise ValueError(f"Unknown actuals_top by={by!r} measure={measure!r}")
    column = GROUPS[by][0]
    qs = _facts(user=user, month_from=month_from, month_to=month_to, groups=(by,), **filters)
    rows = (
        qs.values(column)
        .annotate(total=Sum(measure))
        .order_by("-total", column)
        .values_list(column, flat=True)[:limit]
    )
    return list(rows)


def actuals_totals(
    *,
    user,
    month_from: date,
    month_to: date,
    regions=None,
    customers=None,
    products=None,
    reps=None,
) -> dict:
    """The totals of `actuals` over the same months and filters: {litres, revenue, margin}."""
    qs = _facts(
        user=user,
        month_from=month_from,
        month_to=month_to,
        regions=regions,
        customers=customers,
        products=products,
        reps=reps,
    )
    return qs.aggregate(**_sums())


def actuals_month_and_year_to_date(*, user, month: date, **filters) -> dict:
    """{"month": totals of the month, "ytd": totals from January to the month}."""
    month = _month(month)
    return {
        "month": actuals_totals(user=user, month_from=month, month_to=month, **filters),
        "ytd": actuals_totals(
            user=user, month_from=month.replace(month=1), month_to=month, **filters
        ),
    }


def actual_lines(
    *,
    user,
    month_from: date,
    month_to: date,
    regions=None,
    customers=None,
    products=None,
    reps=None,
) -> QuerySet:
    """The order lines behind `actuals` for the same months and filters (the drill-down): the
    same numbers, line by line. Ordered by sales month and order."""
    qs = (
        access.visible(user, OrderLine)
        .exclude(order__status=OrderStatus.CANCELLED)
        .filter(sales_month__gte=_month(month_from), sales_month__lte=_month(month_to))
    )
    qs = _filtered(
        qs,
        _LINE_FILTERS,
        {"regions": regions, "customers": customers, "products": products, "reps": reps},
    )
    return qs.select_related(
        "order", "order__customer", "order__region", "order__owner", "product"
    ).order_by("sales_month", "order__order_date", "order_id", "line_no")


def order_list(*, user, filters: dict | None = None) -> QuerySet:
    """Orders the user may see, newest first, with what the list shows. Filters: month_from and
    month_to (order date), region, customer (part of the name), product (part of a line's
    product code), status."""
    filters = filters or {}
    qs = access.visible(user, Order).select_related("customer", "region", "owner")
    if filters.get("month_from"):
        qs = qs.filter(order_date__gte=_month(filters["month_from"]))
    if filters.get("month_to"):
        qs = qs.filter(order_date__lt=_next_month(filters["month_to"]))
    if filters.get("region"):
        qs = qs.filter(region=filters["region"])
    if filters.get("customer"):
        qs = qs.filter(customer__name__icontains=filters["customer"])
    if filters.get("product"):
        qs = qs.filter(
            Exists(
                OrderLine.objects.filter(
                    order=OuterRef("pk"), product__code__icontains=filters["product"]
                )
            )
        )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-order_date", "-pk")


def order_list_totals(orders: QuerySet) -> dict:
    """The totals row of a list: litres and amount (CNY) of its orders, cancelled ones left out
    (one query)."""
    return orders.exclude(status=OrderStatus.CANCELLED).aggregate(
        litres=Coalesce(Sum("total_litres"), Value(ZERO), output_field=_LITRES),
        amount=Coalesce(Sum("total_amount_cny"), Value(ZERO), output_field=_MONEY),
        count=Count("pk"),
    )


def order_lines(*, order: Order) -> QuerySet:
    return order.lines.select_related("product").order_by("line_no")


def _next_month(value: date) -> date:
    value = _month(value)
    return date(value.year + value.month // 12, value.month % 12 + 1, 1)
