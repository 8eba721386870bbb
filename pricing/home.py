"""Home-page panels and the customer-page section (a fixed number of queries each)."""

from django.db.models import Count, Q, Sum

import access
from access import visible

from .models import (
    OPEN_QUOTE_STATUSES,
    CompetitorPrice,
    MarketUpload,
    Quote,
    QuoteCount,
    QuoteStatus,
)


def market_panel(user):
    latest = (
        visible(user, MarketUpload).filter(is_current=True).select_related("uploaded_by").first()
    )
    return {"latest": latest, "can_upload": access.can(user, "pricing.market_import")}


def quotes_panel(user):
    """Counts of the open quotes the user sees (pending ones are open too). For someone who
    sees every quote, or exactly their region's, they are read from QuoteCount (a few rows a
    region, kept by every quote write): the same cost whatever the number of quotes. A rep's
    own open quotes are counted from the quotes, on the (status, region) index."""
    if access.sees_all(user, Quote) or access.sees_one_region(user, Quote):
        counts = visible(user, QuoteCount).aggregate(
            open=Sum("n"),
            pending=Sum("n", filter=Q(status=QuoteStatus.PENDING)),
            below=Sum("n", filter=Q(below_floor=True)),
        )
        return {key: value or 0 for key, value in counts.items()}
    return (
        visible(user, Quote)
        .filter(status__in=OPEN_QUOTE_STATUSES)
        .aggregate(
            open=Count("status"),
            pending=Count("status", filter=Q(status=QuoteStatus.PENDING)),
            below=Count("status", filter=Q(below_floor=True)),
        )
    )


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
