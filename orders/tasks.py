from celery import shared_task


@shared_task(name="orders.tasks.sales_month_rollup_task")
def sales_month_rollup_task(months: list[str] | None = None) -> int:
    """Rebuild the monthly sales fact for the given months (ISO dates), or for every month.
    Every write of orders already rolls up the months it touched; the nightly run is the safety
    net (a product's volume corrected, a database restored)."""
    from datetime import date

    from .services import sales_month_rollup

    parsed = None if months is None else [date.fromisoformat(m) for m in months]
    return sales_month_rollup(months=parsed)
