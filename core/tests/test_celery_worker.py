import pytest

from core.tasks import health_check_task


@pytest.mark.broker
def test_a_real_worker_runs_a_task_against_the_database(celery_worker_process, org):
    result = health_check_task.apply_async(queue=celery_worker_process)
    assert result.get(timeout=60) == {"regions": 3, "people": 13}
