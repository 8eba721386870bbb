from celery import shared_task

from .notifications import approval_notify


@shared_task(name="approvals.tasks.approval_notify_task")
def approval_notify_task(request_id: int, event: str) -> int:
    return approval_notify(request_id=int(request_id), event=str(event))
