"""Builders for orders tests: priced products, customers and orders saved through the
services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pricing.tests.factories import customer, market_month, product

from ..services import LineInput, order_create


def priced_product(finance, code="TWC-ORD", *, volume="1.5", month=date(2026, 1, 1)):
    """A product without precious metal, so its standard cost for `month` is exactly the
    substrate 150 + manufacturing 100 = 250 CNY a piece."""
    prod = product(code, volume=volume, loading=("0", "0", "0"))
    market_month(finance, month=month, products=[prod])
    return prod


def order(
    actor,
    cust,
    prod,
    *,
    quantity=100,
    unit_price="1000.00",
    month=date(2026, 3, 1),
    delivered=None,
    owner=None,
    currency="CNY",
    fx_rate="1",
    order_date=None,
):
    return order_create(
        actor=actor,
        customer=cust,
        order_date=order_date or month,
        owner=owner,
        currency=currency,
        fx_rate=Decimal(fx_rate),
        lines=[
            LineInput(
                product=prod,
                quantity=quantity,
                unit_price=Decimal(unit_price),
                requested_month=month,
                delivered_month=delivered,
            )
        ],
    )


__all__ = ["customer", "order", "priced_product", "product"]
