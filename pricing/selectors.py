"""Reads of the pricing app; every list starts from the access layer."""

from __future__ import annotations

from django.db.models import Q, Subquery

from access import visible

from .models import (
    CompetitorPrice,
    MarketUpload,
    MetalPrice,
    PriceAdjustment,
    PricingStrategy,
    Product,
    Quote,
    QuoteRevision,
    RevisionKind,
    StandardCost,
)


def product_list(*, user, q: str = ""):
    qs = visible(user, Product)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs


def upload_list(*, user):
    return visible(user, MarketUpload).select_related("uploaded_by")


def price_history(*, user, months: int = 60) -> dict:
    """{"labels": [YYYY-MM…], "pt": [...], "pd": [...], "rh": [...]} in CNY/g, current uploads."""
    uploads = visible(user, MarketUpload).filter(is_current=True)
    rows = (
        MetalPrice.objects.filter(upload__in=uploads)
        .order_by("-month", "metal")
        .values_list("month", "metal", "cny_per_g")[: months * 3]
    )
    by_month: dict = {}
    for month, metal, value in rows:
        by_month.setdefault(month, {})[metal] = float(value)
    labels = sorted(by_month)
    return {
        "labels": [m.strftime("%Y-%m") for m in labels],
        **{metal: [by_month[m].get(metal) for m in labels] for metal in ("pt", "pd", "rh")},
    }


def standard_costs(*, user, month=None, upload=None):
    qs = visible(user, StandardCost).select_related("product")
    if upload is not None:
        qs = qs.filter(upload=upload)
    if month is not None:
        qs = qs.filter(month=month)
    return qs.order_by("product__code")


def strategy_list(*, user):
    return visible(user, PricingStrategy).select_related("created_by")


def quote_list(*, user, filters: dict | None = None):
    qs = visible(user, Quote).select_related("customer", "product", "owner")
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("product"):
        qs = qs.filter(Q(product__code__icontains=filters["product"]))
    if filters.get("customer"):
        qs = qs.filter(
            Q(customer__name__icontains=filters["customer"])
            | Q(customer__name_en__icontains=filters["customer"])
        )
    if filters.get("below_floor"):
        qs = qs.filter(below_floor=True)
    if filters.get("repriced"):
        # Re-priced under the metal clause at the newest month with market data (one revision
        # per quote and month, so the join adds no duplicates).
        newest = MarketUpload.objects.filter(is_current=True).order_by("-month").values("month")[:1]
        qs = qs.filter(revisions__kind=RevisionKind.METAL, revisions__month=Subquery(newest))
    return qs


def quote_revisions(*, user, quote):
    """A quote's price history, newest first."""
    return (
        visible(user, QuoteRevision)
        .filter(quote=quote)
        .select_related("upload")
        .order_by("-created_at", "-pk")
    )


def quote_adjustments(*, user, quote):
    """A quote's price-adjustment requests, newest first."""
    return (
        visible(user, PriceAdjustment)
        .filter(quote=quote)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )


def competitor_price_list(*, user, q: str = ""):
    qs = visible(user, CompetitorPrice).select_related("customer", "product", "recorded_by")
    if q:
        qs = qs.filter(
            Q(competitor__icontains=q)
            | Q(customer__name__icontains=q)
            | Q(product__code__icontains=q)
        )
    return qs
