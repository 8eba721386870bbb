"""Demo orders: three years of monthly orders for the demo customers, the won quotes' customers
ordering the quoted product at the quoted price from the month the quote was made, each
customer given an ERP code (so the ERP import can be tried at once), and the monthly sales
fact rolled up."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from customers.models import Customer
from pricing.models import Product, Quote, QuoteStatus, StandardCost
from regions.models import User

ORDER = 70
MONTHS = 36


def _add_months(value: date, n: int) -> date:
    index = value.year * 12 + value.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def seed(*, out) -> None:
    from .models import Order, OrderSource
    from .services import LineInput, OrderSpec, orders_bulk_create

    admin = User.objects.filter(username="mktadmin").first()
    if admin is None:
        out.write("  orders: marketing admin missing, skipped")
        return
    customers = list(Customer.objects.select_related("region").order_by("pk"))
    for index, customer in enumerate(customers, start=1):
        if not customer.erp_code:
            Customer.objects.filter(pk=customer.pk).update(erp_code=f"K{index:04d}")
    if Order.objects.filter(erp_number__startswith="DEMO-").exists():
        out.write("  orders: demo orders already there")
        return
    # A price per product: its latest standard cost plus a quarter.
    latest_cost: dict[int, Decimal] = {}
    for product_id, total in StandardCost.objects.order_by("product_id", "-month").values_list(
        "product_id", "total"
    ):
        latest_cost.setdefault(product_id, total)
    products = [p for p in Product.objects.filter(is_active=True) if p.pk in latest_cost]
    if not products or not customers:
        out.write("  orders: no products with a cost or no customers, skipped")
        return
    rng = random.Random(2026)
    this_month = timezone.localdate().replace(day=1)
    first = _add_months(this_month, -(MONTHS - 1))
    today = timezone.localdate()
    specs: list[OrderSpec] = []

    def spec(customer, month, lines, *, owner_id=None, quote_id=None):
        number = f"DEMO-{len(specs) + 1:06d}"
        delivered = month if month < this_month else None
        specs.append(
            OrderSpec(
                customer=customer,
                order_date=min(_add_months(month, -1).replace(day=rng.randint(3, 25)), today),
                erp_number=number,
                owner_id=owner_id,
                quote_id=quote_id,
                source=OrderSource.QUOTE if quote_id else OrderSource.IMPORT,
                lines=[
                    LineInput(
                        product=product,
                        quantity=quantity,
                        unit_price=price,
                        requested_month=month,
                        delivered_month=delivered,
                    )
                    for product, quantity, price in lines
                ],
            )
        )

    # Won quotes: the customer orders the quoted product at the quoted price every month from
    # the quote's month on, about a twelfth of the quoted yearly quantity each time.
    won = Quote.objects.filter(status=QuoteStatus.WON).select_related("customer", "product")
    for quote in won:
        start = max(quote.created_at.date().replace(day=1), first)
        month = start
        while month <= this_month:
            quantity = max(1, int(quote.quantity / 12 * rng.uniform(0.7, 1.3)))
            spec(
                quote.customer,
                month,
                [(quote.product, quantity, quote.unit_price)],
                owner_id=quote.owner_id,
                quote_id=quote.pk,
            )
            month = _add_months(month, 1)
    # Everyone else with an account owner: an order most months, one to three products, growing
    # a little year on year.
    for customer in customers:
        if customer.owner_id is None:
            continue
        mix = rng.sample(products, k=min(len(products), rng.randint(1, 3)))
        base = rng.randint(150, 1500)
        for offset in range(MONTHS):
            if rng.random() < 0.25:
                continue
            month = _add_months(first, offset)
            growth = 1 + offset / 60
            lines = []
            for product in mix:
                price = (latest_cost[product.pk] * Decimal(str(rng.uniform(1.15, 1.35)))).quantize(
                    Decimal("0.01")
                )
                lines.append((product, int(base * growth * rng.uniform(0.6, 1.4)), price))
            spec(customer, month, lines)
    count = orders_bulk_create(actor=admin, specs=specs)
    out.write(f"  orders: {len(specs)} orders, {count} lines over {MONTHS} months")
