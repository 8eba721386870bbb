import pytest

from performance.models import KpiValue
from performance.tasks import kpi_compute_task

from .world import JANUARY, january_world


@pytest.mark.broker
def test_a_real_worker_computes_the_months_kpis(celery_worker_process, org):
    january_world(org)
    result = kpi_compute_task.apply_async(args=["2026-01"], queue=celery_worker_process)
    stored = result.get(timeout=120)
    assert stored == KpiValue.objects.filter(month=JANUARY).count() > 0
    value = KpiValue.objects.get(
        month=JANUARY, person=org.north_rep, definition__formula="visits_on_time"
    )
    assert value.value == 75
