"""Home-page panels and the customer-page section (a fixed number of queries each)."""

from django.db.models import Count, Q

import access
from access import visible

from .models import OPEN_QUOTE_STATUSES, CompetitorPrice, MarketUpload, Quote, QuoteStatus


def market_panel(user):
    latest = (
        visible(user, MarketUpload).filter(is_current=True).select_related("uploaded_by").first()
    )
    return {"latest": latest, "can_upload": access.can(user, "pricing.market_import")}


def quotes_panel(user):
    """Counts of the open quotes only (pending ones are open too), so the query reads the
    status/region index rather than every quote ever made. Counting the status (never null)
    rather than the id lets the index (status, region) INCLUDE (below_floor) answer alone (an
    index-only scan): about a third of the time of reading the table company-wide."""
    counts = (
        visible(user, Quote)
        .filter(status__in=OPEN_QUOTE_STATUSES)
        .aggregate(
            open=Count("status"),
            pending=Count("status", filter=Q(status=QuoteStatus.PENDING)),
            below=Count("status", filter=Q(below_floor=True)),
        )
    )
    return counts


def customer_quotes(user, customer):
    rows = list(visible(user, Quote).filter(customer=customer).select_related("product")[:10])
    if not rows:
        return None
    return {"rows": rows}


def customer_competitors(user, customer):
    rows = list(
        visible(user, CompetitorPrice).filter(customer=customer).select_related("product")[:10]
    )
    if not rows:
        return None
    return {"rows": rows}
