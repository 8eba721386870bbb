"""Benchmark: the dashboard as the director (company-wide), a region manager and a rep, its
drill-downs, and the two jobs (the price realisation roll-up over every month, the monthly
report for the company and each region)."""

from bench.registry import BenchContext, Job, Page

ORDER = 90


def generate(ctx: BenchContext) -> None:
    from .services import price_facts_rollup

    ctx.data["dashboard_price_facts"] = price_facts_rollup()


def _month() -> str:
    from .models import PriceFact

    latest = PriceFact.objects.order_by("-month").values_list("month", flat=True).first()
    return f"{latest:%Y-%m}" if latest else ""


def pages(ctx: BenchContext) -> list[Page]:
    query = f"?month={_month()}"
    return [
        Page("dashboard: director", "bench_director", f"/dashboard/{query}"),
        Page("dashboard: director, year", "bench_director", f"/dashboard/{query}&period=year"),
        Page("dashboard: region manager", "bench_north_manager", f"/dashboard/{query}"),
        Page("dashboard: rep", "bench_north_rep1", f"/dashboard/{query}"),
        Page(
            "dashboard: quotes behind a figure (director)",
            "bench_director",
            f"/dashboard/prices/{query}",
        ),
    ]


def jobs(ctx: BenchContext) -> list[Job]:
    def rollup(_ctx):
        from .services import price_facts_rollup

        return price_facts_rollup()

    def report(_ctx):
        from .services import previous_month, report_generate

        return len(report_generate(month=previous_month(), notify=False))

    return [
        Job("dashboard: price realisation roll-up, every month", rollup),
        Job("dashboard: monthly report, company and each region", report),
    ]
