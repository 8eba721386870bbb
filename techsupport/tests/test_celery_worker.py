import pytest

from techsupport.tasks import support_request_notify_task

from . import factories as f


@pytest.mark.broker
def test_a_real_worker_mails_tech_support_about_a_new_request(celery_worker_process, org):
    request = f.support_request(f.customer(org.north, owner=org.north_rep), requester=org.north_rep)
    result = support_request_notify_task.apply_async(
        (request.pk, "created"), queue=celery_worker_process
    )
    assert result.get(timeout=60) == 2  # tech and tech2
    stale = support_request_notify_task.apply_async(
        (request.pk, "delivered"), queue=celery_worker_process
    )
    assert stale.get(timeout=60) == 0  # not delivered: nothing is sent
