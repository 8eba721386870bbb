"""Benchmark volume for planning: for each region, 300 key customers per unit of scale (3,000
at scale 10) with litres and revenue targets for every month of three years (the two years
before this one and this one), plus "other customers": issued plans, so the target-vs-actual
pages read them. When no other generator has filled the monthly sales fact (orders'
SalesMonth), this one adds a month of actuals per planned customer for this year so far, so
the pages join real figures.

Pages: target vs actual by month (director), by key customer for the year to date (North
manager), by rep (director), a rep's own, the consolidation page, the home page with its panel.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bench.registry import BenchContext, Page

ORDER = 70
KEY_CUSTOMERS_PER_UNIT = 300


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def generate(ctx: BenchContext) -> None:
    from customers.models import Customer

    from .models import CompanyTarget, PlanLine, RegionPlan

    rng = ctx.rng
    year = _today().year
    years = [year - 2, year - 1, year]
    people = ctx.data["people"]
    director = people["bench_director"]
    per_region = ctx.n(KEY_CUSTOMERS_PER_UNIT)
    regions = ctx.data["regions"]
    managers = ctx.data.get("managers", {})
    ctx.bulk(
        CompanyTarget,
        [
            CompanyTarget(
                year=y,
                litres=Decimal(per_region * 3 * 12 * 120),
                revenue=Decimal(per_region * 3 * 12 * 36000),
                margin=Decimal(per_region * 3 * 12 * 6000),
                customers_developed=6,
                created_by_id=director,
            )
            for y in years
        ],
    )
    customers = {
        region_id: list(
            Customer.objects.filter(region_id=region_id)
            .order_by("pk")
            .values_list("pk", "owner_id")[:per_region]
        )
        for region_id in regions.values()
    }
    plans = ctx.bulk(
        RegionPlan,
        [
            RegionPlan(
                region_id=region_id,
                year=y,
                author_id=managers.get(code) or director,
                status="issued",
                current_version=1,
            )
            for code, region_id in regions.items()
            for y in years
        ],
    )
    plans = list(RegionPlan.objects.filter(year__in=years))
    lines = []
    for plan in plans:
        for month in range(1, 13):
            first = date(plan.year, month, 1)
            for customer_id, owner_id in customers[plan.region_id]:
                lines.append(
                    PlanLine(
                        plan_id=plan.pk,
                        version=1,
                        region_id=plan.region_id,
                        customer_id=customer_id,
                        rep_id=owner_id,
                        month=first,
                        litres=Decimal(rng.randrange(20, 200)),
                        revenue=Decimal(rng.randrange(6000, 60000)),
                    )
                )
            lines.append(
                PlanLine(
                    plan_id=plan.pk,
                    version=1,
                    region_id=plan.region_id,
                    customer=None,
                    month=first,
                    litres=Decimal(5000),
                    revenue=Decimal(1500000),
                )
            )
    ctx.copy(PlanLine, lines)
    from .services import target_month_rebuild

    for plan in plans:
        target_month_rebuild(plan=plan)
    ctx.data["planning_plans"] = {(p.region_id, p.year): p.pk for p in plans}
    _actuals(ctx, customers=customers, year=year)


def _actuals(ctx: BenchContext, *, customers: dict, year: int) -> None:
    """This year's monthly actuals of the planned customers, when nothing else made any."""
    try:
        from orders.models import SalesMonth
    except ImportError:
        return
    from pricing.models import Product

    if SalesMonth.objects.exists():
        return
    product_id = Product.objects.order_by("pk").values_list("pk", flat=True).first()
    if product_id is None:
        return
    rng = ctx.rng
    rows = []
    for region_id, pairs in customers.items():
        for month in range(1, _today().month + 1):
            for customer_id, owner_id in pairs:
                litres = Decimal(rng.randrange(10, 220))
                revenue = litres * 300
                rows.append(
                    SalesMonth(
                        month=date(year, month, 1),
                        region_id=region_id,
                        customer_id=customer_id,
                        product_id=product_id,
                        rep_id=owner_id,
                        litres=litres,
                        revenue=revenue,
                        margin=revenue / 5,
                        line_count=1,
                    )
                )
    ctx.copy(SalesMonth, rows)


def pages(ctx: BenchContext) -> list[Page]:
    today = _today()
    month = f"year={today.year}&month={today.month}"
    return [
        Page(
            "planning: target vs actual by month (director)",
            "bench_director",
            "/planning/tracking/",
        ),
        Page(
            "planning: target vs actual by key customer, year to date (north manager)",
            "bench_north_manager",
            f"/planning/tracking/?{month}&by=customer&period=ytd",
        ),
        Page(
            "planning: target vs actual by rep, the month (director)",
            "bench_director",
            f"/planning/tracking/?{month}&by=rep&period=month",
        ),
        Page(
            "planning: target vs actual, own customers (rep)",
            "bench_north_rep1",
            f"/planning/tracking/?{month}&by=customer",
        ),
        Page(
            "planning: consolidation (marketing admin)",
            "bench_mktadmin",
            f"/planning/consolidation/?year={today.year}",
        ),
    ]


def jobs(ctx: BenchContext) -> list:
    return []
