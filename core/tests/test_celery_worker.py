import pytest
from django.contrib.auth import get_user_model

from core.tasks import health_check_task


@pytest.mark.broker
def test_a_real_worker_runs_a_task_against_the_database(celery_worker_process, org):
    result = health_check_task.apply_async(queue=celery_worker_process)
    # The worker reads the database the test wrote: the world's three regions and its people.
    assert result.get(timeout=60) == {"regions": 3, "people": get_user_model().objects.count()}
    assert get_user_model().objects.count() >= 13
