"""Benchmark for sales-force performance: the KPIs of this year's months before the last are
computed while generating (so the scorecard's year to date and the ranking read a realistic
table); the job measured is the monthly KPI computation of the last month for every person
and region, over the other apps' volume (visits, ratings, budget execution, sales targets and
actuals, development milestones)."""

from __future__ import annotations

from datetime import timedelta

from bench.registry import BenchContext, Job, Page

ORDER = 70


def _last_month():
    from django.utils import timezone

    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def generate(ctx: BenchContext) -> None:
    from .demo import _reference_data
    from .services import kpi_compute, months_between

    _reference_data()
    last = _last_month()
    for month in months_between(last.replace(month=1), last):
        kpi_compute(month=month)


def _person_pk(username: str) -> int:
    from regions.models import User

    return User.objects.filter(username=username).values_list("pk", flat=True).first() or 0


def pages(ctx: BenchContext) -> list[Page]:
    rep = _person_pk("bench_north_rep1")
    return [
        Page(
            "performance: own scorecard (rep)",
            "bench_north_rep1",
            f"/performance/people/{rep}/scorecard/",
        ),
        Page(
            "performance: a rep's scorecard (director)",
            "bench_director",
            f"/performance/people/{rep}/scorecard/",
        ),
        Page(
            "performance: KPI ranking, everyone (director)",
            "bench_director",
            "/performance/ranking/",
        ),
        Page(
            "performance: KPI ranking, region (manager)",
            "bench_north_manager",
            "/performance/ranking/",
        ),
        Page(
            "performance: late visits drill-down (director)",
            "bench_director",
            f"/performance/people/{rep}/scorecard/visits_on_time/",
        ),
        Page(
            "performance: sales target drill-down (director)",
            "bench_director",
            f"/performance/people/{rep}/scorecard/sales_completion/",
        ),
        Page(
            "performance: development milestones drill-down (director)",
            "bench_director",
            f"/performance/people/{rep}/scorecard/development_plan/",
        ),
    ]


def jobs(ctx: BenchContext) -> list[Job]:
    from .services import kpi_compute

    return [Job("performance: monthly KPI computation", lambda c: kpi_compute(month=_last_month()))]
