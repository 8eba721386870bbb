from datetime import date

from celery import shared_task
from django.utils import timezone

# The e-mail tasks live beside the code that sends them (pricing.notifications), so the
# services that enqueue them do not import this module, which imports the services.
from .notifications import below_floor_notify_task, repriced_notify_task  # noqa: F401


@shared_task(name="pricing.tasks.monthly_cost_rollup_task")
def monthly_cost_rollup_task(month: str | None = None) -> int:
    """Roll up the given month (ISO date), or by beat on the 1st: the month just ended and the
    newest month uploaded up to the current one, whichever exist."""
    from .models import MarketUpload, current_month
    from .services import monthly_cost_rollup

    if month:
        return monthly_cost_rollup(month=date.fromisoformat(month))
    latest = (
        MarketUpload.objects.filter(is_current=True, month__lte=current_month())
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    today = timezone.localdate()
    previous = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    done = 0
    for value in sorted({m for m in (previous, latest) if m}):
        done += monthly_cost_rollup(month=value)
    return done


@shared_task(name="pricing.tasks.quote_counts_refresh_task")
def quote_counts_refresh_task() -> int:
    """Nightly: recount every region's open quotes (the quote writes keep the counts all day;
    this also catches a change made outside them, such as a correction in the admin)."""
    from .services import quote_counts_refresh

    return quote_counts_refresh()
