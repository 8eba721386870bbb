from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@shared_task(name="performance.tasks.kpi_compute_task", acks_late=True, reject_on_worker_lost=True)
def kpi_compute_task(month: str | None = None) -> int:
    """Monthly by beat (the month just closed) or on demand ("2026-03")."""
    from .services import kpi_compute

    target = date.fromisoformat(f"{month[:7]}-01") if month else previous_month()
    return kpi_compute(month=target)
