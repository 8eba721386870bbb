from celery import shared_task

from .notifications import support_request_notify


@shared_task(name="techsupport.tasks.support_request_notify_task")
def support_request_notify_task(request_id: int, event: str) -> int:
    return support_request_notify(request_id=int(request_id), event=str(event))
