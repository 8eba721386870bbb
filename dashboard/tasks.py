"""Scheduled jobs: the price realisation roll-up (nightly, the last two cost months) and the
monthly operations report (on the 1st, after the month's roll-ups)."""

from datetime import date

from celery import shared_task


@shared_task(name="dashboard.tasks.price_facts_rollup_task")
def price_facts_rollup_task(month: str | None = None) -> int:
    """Nightly: this cost month and the one before (quotes agreed late still count), or one
    month on demand ("2026-03")."""
    from .services import previous_month, price_facts_rollup

    if month:
        months = [date.fromisoformat(f"{month[:7]}-01")]
    else:
        from django.utils import timezone

        this = timezone.localdate().replace(day=1)
        months = [previous_month(), this]
    return price_facts_rollup(months=months)


@shared_task(name="dashboard.tasks.monthly_report_task")
def monthly_report_task(month: str | None = None) -> int:
    """Monthly by beat, after the budget and cost roll-ups: the month just closed (its price
    facts rolled up first), or one month on demand. Idempotent: a re-run with the same figures
    adds no version."""
    from .services import previous_month, price_facts_rollup, report_generate

    target = date.fromisoformat(f"{month[:7]}-01") if month else previous_month()
    price_facts_rollup(months=[target])
    return len(report_generate(month=target))
