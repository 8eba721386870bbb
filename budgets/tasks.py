from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@shared_task(name="budgets.tasks.budget_execution_rollup_task")
def budget_execution_rollup_task(month: str | None = None, notify: bool = True) -> int:
    """Monthly by beat (the month just closed) or on demand ("2026-03")."""
    from .services import budget_execution_rollup

    target = date.fromisoformat(f"{month[:7]}-01") if month else previous_month()
    return budget_execution_rollup(month=target, notify=bool(notify))
