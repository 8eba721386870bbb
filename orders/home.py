"""The home-page panel, the customer-page section and the quote-page section (a fixed number
of queries each, read through the access layer)."""

from django.utils import timezone

import access
from pricing.models import QuoteStatus

from .models import Order
from .selectors import actuals_month_and_year_to_date, actuals_totals


def my_sales_panel(user):
    """My sales this month and this year (a rep's own orders, a manager's region's)."""
    month = timezone.localdate().replace(day=1)
    figures = actuals_month_and_year_to_date(user=user, month=month)
    return {"month": month, **figures}


def customer_orders(user, customer):
    if not access.can(user, "orders.order_view"):
        return None
    today = timezone.localdate()
    latest = list(access.visible(user, Order).filter(customer=customer).select_related("owner")[:5])
    year = actuals_totals(
        user=user,
        month_from=today.replace(month=1, day=1),
        month_to=today,
        customers=[customer.pk],
    )
    if not latest and not year["litres"]:
        return None
    return {"year": today.year, "totals": year, "latest": latest}


def quote_orders(user, quote):
    orders = list(access.visible(user, Order).filter(quote=quote).order_by("-order_date")[:10])
    can_order = quote.status == QuoteStatus.WON and access.can(
        user, "orders.order_from_quote", quote
    )
    if not orders and not can_order:
        return None
    return {"orders": orders, "can_order": can_order}
