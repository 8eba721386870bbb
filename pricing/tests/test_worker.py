"""The monthly roll-up through a real Celery worker (CI: PostgreSQL + Redis; skipped otherwise)."""

from decimal import Decimal

import pytest

from pricing.models import StandardCost
from pricing.tasks import monthly_cost_rollup_task
from pricing.tests.factories import MONTH, market_month, product


@pytest.mark.broker
def test_rollup_runs_in_a_real_worker(celery_worker_process, org):
    prod = product()
    market_month(org.finance, products=[prod], rollup=False)
    result = monthly_cost_rollup_task.apply_async(
        args=[MONTH.isoformat()], queue=celery_worker_process
    )
    assert result.get(timeout=60) == 1
    assert StandardCost.objects.get(product=prod, month=MONTH).total == Decimal("2104.02")
