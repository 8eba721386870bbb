"""Writes of the orders app: orders entered, taken from a won quote, imported, changed and
cancelled, and the monthly sales roll-up every reader of actuals goes through."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.money import money, round_places
from core.submissions import create_once
from pricing.models import Product, QuoteStatus, StandardCost

from .models import (
    MAX_AMOUNT_CNY,
    MAX_FX,
    MAX_LINES,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    MIN_FX,
    Currency,
    Order,
    OrderLine,
    OrderSource,
    OrderStatus,
    SalesMonth,
)

# ---------------------------------------------------------------- the monthly roll-up

# One number for the PostgreSQL advisory lock that serialises roll-ups: two imports touching
# the same month would otherwise both delete, then both insert the month's rows.
_ROLLUP_LOCK = 0x0D5A1E5


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def sales_month_rollup(*, months: Iterable[date] | None = None) -> int:
    """Rebuild the monthly sales fact for the given months (first days), or for every month.

    Set-based: one GROUP BY over the months' order lines (cancelled orders excluded), then the
    months' rows are deleted and the new ones inserted, in one transaction — so running it
    twice gives the same rows, and readers never see a month half-written. Returns the number
    of rows written."""
    month_list = None if months is None else sorted({first_of_month(m) for m in months})
    if month_list == []:
        return 0
    lines = OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED)
    if month_list is not None:
        lines = lines.filter(sales_month__in=month_list)
    wide = DecimalField(max_digits=20, decimal_places=2)
    grouped = (
        lines.values(
            "sales_month",
            "order__region_id",
            "order__customer_id",
            "product_id",
            "order__owner_id",
        )
        .annotate(
            total_litres=Sum("litres", output_field=DecimalField(max_digits=20, decimal_places=4)),
            total_revenue=Sum("amount_cny", output_field=wide),
            total_margin=Coalesce(
                Sum("margin", output_field=wide), Value(Decimal("0")), output_field=wide
            ),
            lines_n=Count("id"),
        )
        .order_by()
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ROLLUP_LOCK])
        rows = [
            SalesMonth(
                month=g["sales_month"],
                region_id=g["order__region_id"],
                customer_id=g["order__customer_id"],
                product_id=g["product_id"],
                rep_id=g["order__owner_id"],
                litres=g["total_litres"],
                revenue=g["total_revenue"],
                margin=g["total_margin"],
                line_count=g["lines_n"],
            )
            for g in grouped.iterator(chunk_size=5000)
        ]
        stale = SalesMonth.objects.all()
        if month_list is not None:
            stale = stale.filter(month__in=month_list)
        stale.delete()
        SalesMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _rollup_after_commit(months: Iterable[date]) -> None:
    """Roll up the months a write touched, inside the write's transaction: the pivot and every
    plan comparison show the change as soon as the write is committed."""
    sales_month_rollup(months=set(months))


# ---------------------------------------------------------------- line figures


@dataclass
class LineInput:
    product: Product
    quantity: int
    unit_price: Decimal
    requested_month: date
    delivered_month: date | None = None


def costs_for(product_ids: Iterable[int], up_to: date) -> dict[int, list[tuple[date, Decimal]]]:
    """Each product's standard costs up to a month, newest first (one query)."""
    found: dict[int, list[tuple[date, Decimal]]] = {}
    for product_id, month, total in (
        StandardCost.objects.filter(product_id__in=set(product_ids), month__lte=up_to)
        .order_by("product_id", "-month")
        .values_list("product_id", "month", "total")
    ):
        found.setdefault(product_id, []).append((month, total))
    return found


def cost_of(costs: dict, product_id: int, month: date) -> tuple[date | None, Decimal | None]:
    """The standard cost of the month, else the latest month before it."""
    for cost_month, total in costs.get(product_id, ()):
        if cost_month <= month:
            return cost_month, total
    return None, None


def line_figures(
    *,
    product: Product,
    quantity: int,
    unit_price: Decimal,
    fx_rate: Decimal,
    sales_month: date,
    costs: dict,
) -> dict:
    """Litres, amounts and the margin snapshot of one line (the one rounding rule: amounts half
    up to the cent, litres to 0.0001 L)."""
    litres = round_places(Decimal(quantity) * product.volume_l, 4)
    amount = money(Decimal(quantity) * unit_price)
    amount_cny = money(amount * fx_rate)
    cost_month, unit_cost = cost_of(costs, product.pk, sales_month)
    margin = None if unit_cost is None else money(amount_cny - unit_cost * quantity)
    return {
        "litres": litres,
        "amount": amount,
        "amount_cny": amount_cny,
        "unit_cost": unit_cost,
        "cost_month": cost_month,
        "margin": margin,
    }


def _check_line(index: int, line: LineInput) -> None:
    where = _("Line %(n)s") % {"n": index}
    if line.quantity is None or not 1 <= int(line.quantity) <= MAX_QUANTITY:
        raise ValidationError(
            _("%(where)s: the quantity must be between 1 and %(max)s pieces.")
            % {"where": where, "max": MAX_QUANTITY}
        )
    if line.unit_price is None or not Decimal("0") <= line.unit_price <= MAX_UNIT_PRICE:
        raise ValidationError(
            _("%(where)s: the unit price must be between 0 and %(max)s.")
            % {"where": where, "max": MAX_UNIT_PRICE}
        )
    if line.delivered_month and line.delivered_month > timezone.localdate():
        raise ValidationError(
            _("%(where)s: a delivery cannot be recorded in a future month.") % {"where": where}
        )


def _status_from_lines(lines: list[OrderLine], current: str) -> str:
    if current in (OrderStatus.CLOSED, OrderStatus.CANCELLED):
        return current
    delivered = sum(1 for line in lines if line.delivered_month)
    if delivered == 0:
        return OrderStatus.OPEN
    if delivered == len(lines):
        return OrderStatus.DELIVERED
    return OrderStatus.PARTLY_DELIVERED


def _build_lines(
    order: Order, lines: list[LineInput], costs: dict | None = None
) -> list[OrderLine]:
    if not lines:
        raise ValidationError(_("An order needs at least one line."))
    if len(lines) > MAX_LINES:
        raise ValidationError(_("An order has at most %(max)s lines.") % {"max": MAX_LINES})
    for index, line in enumerate(lines, start=1):
        _check_line(index, line)
    if costs is None:
        latest = max((line.delivered_month or line.requested_month) for line in lines)
        costs = costs_for([line.product.pk for line in lines], first_of_month(latest))
    built = []
    for index, line in enumerate(lines, start=1):
        requested = first_of_month(line.requested_month)
        delivered = first_of_month(line.delivered_month) if line.delivered_month else None
        sales_month = delivered or requested
        figures = line_figures(
            product=line.product,
            quantity=int(line.quantity),
            unit_price=money(line.unit_price),
            fx_rate=order.fx_rate,
            sales_month=sales_month,
            costs=costs,
        )
        if figures["amount_cny"] > MAX_AMOUNT_CNY:
            raise ValidationError(
                _("Line %(n)s: the amount is over %(max)s CNY; check the quantity and price.")
                % {"n": index, "max": MAX_AMOUNT_CNY}
            )
        built.append(
            OrderLine(
                order=order,
                line_no=index,
                product=line.product,
                quantity=int(line.quantity),
                unit_price=money(line.unit_price),
                requested_month=requested,
                delivered_month=delivered,
                sales_month=sales_month,
                **figures,
            )
        )
    return built


def _check_header(*, currency: str, fx_rate: Decimal) -> None:
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Unknown currency.")})
    if fx_rate is None or not MIN_FX <= fx_rate <= MAX_FX:
        raise ValidationError(
            {
                "fx_rate": _("The exchange rate must be between %(min)s and %(max)s.")
                % {"min": MIN_FX, "max": MAX_FX}
            }
        )
    if currency == Currency.CNY and fx_rate != Decimal("1"):
        raise ValidationError({"fx_rate": _("An order in CNY has the exchange rate 1.")})


def _save_lines(order: Order, built: list[OrderLine]) -> None:
    OrderLine.objects.bulk_create(built, batch_size=1000)
    order.total_litres = sum((line.litres for line in built), Decimal("0"))
    order.total_amount_cny = sum((line.amount_cny for line in built), Decimal("0"))
    order.status = _status_from_lines(built, order.status)


def _new_number_placeholder() -> str:
    return "new-" + uuid.uuid4().hex[:16]


def _assign_number(order: Order) -> None:
    # Derived from the primary key: unique without a race between two people saving at once.
    order.number = f"SO{order.order_date:%Y}-{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(number=order.number)


def _order_create(
    *,
    actor,
    customer,
    order_date: date,
    lines: list[LineInput],
    owner=None,
    customer_po: str = "",
    quote=None,
    currency: str = Currency.CNY,
    fx_rate: Decimal = Decimal("1"),
    notes: str = "",
    source: str = OrderSource.ENTRY,
    erp_number: str | None = None,
    costs: dict | None = None,
    rollup: bool = True,
) -> Order:
    _check_header(currency=currency, fx_rate=fx_rate)
    order = Order(
        number=_new_number_placeholder(),
        erp_number=erp_number or None,
        customer=customer,
        region_id=customer.region_id,
        owner=owner if owner is not None else customer.owner,
        order_date=order_date,
        customer_po=customer_po,
        quote=quote,
        currency=currency,
        fx_rate=fx_rate,
        notes=notes,
        source=source,
        created_by=actor,
    )
    built = _build_lines(order, lines, costs)
    order.full_clean(exclude=["number"])
    order.save()
    _save_lines(order, built)
    order.save(update_fields=["total_litres", "total_amount_cny", "status"])
    _assign_number(order)
    if rollup:
        _rollup_after_commit(line.sales_month for line in built)
    return order


def order_create(
    *,
    actor,
    customer,
    order_date: date,
    lines: list[LineInput],
    owner=None,
    customer_po: str = "",
    currency: str = Currency.CNY,
    fx_rate: Decimal = Decimal("1"),
    notes: str = "",
    submission_key: str = "",
) -> Order:
    """Record an order (marketing admin). The region is the customer's today and stays with the
    order; the owner is the customer's account owner unless another rep is named."""
    access.require(actor, "orders.order_create")
    if not access.allowed(actor, customer):
        raise ValidationError({"customer": _("Choose a customer you can see.")})
    with transaction.atomic():
        order, _created = create_once(
            actor=actor,
            key=submission_key,
            create=lambda: _order_create(
                actor=actor,
                customer=customer,
                order_date=order_date,
                lines=lines,
                owner=owner,
                customer_po=customer_po,
                currency=currency,
                fx_rate=fx_rate,
                notes=notes,
            ),
        )
    return order


@transaction.atomic
def order_update(
    *,
    actor,
    order: Order,
    lines: list[LineInput],
    customer_po: str | None = None,
    owner=None,
    currency: str | None = None,
    fx_rate: Decimal | None = None,
    notes: str | None = None,
    close: bool = False,
) -> Order:
    """Change an order's header and replace its lines (deliveries recorded on the lines). The
    months the old and new lines count in are rolled up again."""
    access.require(actor, "orders.order_change", order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.is_cancelled:
        raise ValidationError(_("A cancelled order cannot be changed."))
    old_months = set(order.lines.values_list("sales_month", flat=True))
    if customer_po is not None:
        order.customer_po = customer_po
    if owner is not None:
        order.owner = owner
    if currency is not None:
        order.currency = currency
    if fx_rate is not None:
        order.fx_rate = fx_rate
    if notes is not None:
        order.notes = notes
    _check_header(currency=order.currency, fx_rate=order.fx_rate)
    built = _build_lines(order, lines)
    order.full_clean()
    order.lines.all().delete()
    _save_lines(order, built)
    if close:
        order.status = OrderStatus.CLOSED
    order.save()
    _rollup_after_commit(old_months | {line.sales_month for line in built})
    return order


@transaction.atomic
def order_cancel(*, actor, order: Order, reason: str) -> Order:
    """Cancel an order with a reason: it no longer counts in the actuals."""
    access.require(actor, "orders.order_cancel", order)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    changed = (
        Order.objects.filter(pk=order.pk)
        .exclude(status=OrderStatus.CANCELLED)
        .update(status=OrderStatus.CANCELLED, cancel_reason=reason, updated_at=timezone.now())
    )
    if changed != 1:
        raise ValidationError(_("This order is already cancelled."))
    order.refresh_from_db()
    _rollup_after_commit(order.lines.values_list("sales_month", flat=True))
    return order


def order_from_quote(
    *,
    actor,
    quote,
    order_date: date,
    requested_month: date,
    quantity: int | None = None,
    customer_po: str = "",
    submission_key: str = "",
) -> Order:
    """A won quote becomes an order in one step: customer, rep, product, price and quantity
    come from the quote, and the order keeps the link back to it."""
    access.require(actor, "orders.order_from_quote", quote)
    if quote.status != QuoteStatus.WON:
        raise ValidationError(_("Only a won quote becomes an order."))
    with transaction.atomic():
        order, _created = create_once(
            actor=actor,
            key=submission_key,
            create=lambda: _order_create(
                actor=actor,
                customer=quote.customer,
                order_date=order_date,
                owner=quote.owner,
                customer_po=customer_po,
                quote=quote,
                source=OrderSource.QUOTE,
                lines=[
                    LineInput(
                        product=quote.product,
                        quantity=quantity or quote.quantity,
                        unit_price=quote.unit_price,
                        requested_month=requested_month,
                    )
                ],
            ),
        )
    return order
