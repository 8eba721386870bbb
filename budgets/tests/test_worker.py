import pytest

from ..models import ExecutionFigure, Period
from ..tasks import budget_execution_rollup_task, previous_month
from .factories import approved_line, categories, claim_with, rules, submit, today


def test_previous_month_is_the_month_just_closed():
    from datetime import date

    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


@pytest.mark.django_db
def test_the_task_parses_its_month_and_rolls_up(org):
    categories()
    rules()
    approved_line(region=org.north, amount="1000")
    submit(claim_with(org.north_rep, ["300"]))
    assert budget_execution_rollup_task.delay(today().strftime("%Y-%m"), False).get() > 0
    row = ExecutionFigure.objects.get(
        month=today().replace(day=1), period=Period.MONTH, region=org.north
    )
    assert row.committed == 300


@pytest.mark.broker
def test_a_real_worker_runs_the_monthly_rollup(celery_worker_process, org):
    categories()
    rules()
    approved_line(region=org.north, amount="1000")
    submit(claim_with(org.north_rep, ["250"]))
    result = budget_execution_rollup_task.apply_async(
        args=[today().isoformat(), False], queue=celery_worker_process
    )
    assert result.get(timeout=60) > 0
    row = ExecutionFigure.objects.get(
        month=today().replace(day=1), period=Period.YTD, region=org.north
    )
    assert row.committed == 250 and row.budget == 1000
