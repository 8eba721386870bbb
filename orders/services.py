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
from django.db.models import Case, CharField, Count, DecimalField, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, LPad, Round
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
    SalesCustomerMonth,
    SalesMonth,
    SalesRepMonth,
)

# ---------------------------------------------------------------- the monthly roll-up

# One number for the PostgreSQL advisory lock that serialises roll-ups: two imports touching
# the same month would otherwise both delete, then both insert the month's rows.
_ROLLUP_LOCK = 0x0D5A1E5


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def sales_month_rollup(*, months: Iterable[date] | None = None) -> int:
    """Rebuild the monthly sales fact for the given months (first days), or for every month.

    Set-based: the months' rows are deleted and rebuilt by one INSERT … SELECT … GROUP BY over
    the months' order lines (cancelled orders excluded), in one transaction — so running it
    twice gives the same rows, and readers never see a month half-written. Returns the number
    of rows written."""
    month_list = None if months is None else sorted({first_of_month(m) for m in months})
    if month_list == []:
        return 0
    lines = OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED)
    if month_list is not None:
        lines = lines.filter(sales_month__in=month_list)
    litres = DecimalField(max_digits=20, decimal_places=4)
    wide = DecimalField(max_digits=20, decimal_places=2)
    # Column order of the SELECT: the values() fields, then the annotations, as listed.
    grouped = (
        lines.values(
            "sales_month",
            "order__region_id",
            "order__customer_id",
            "product_id",
            "order__owner_id",
        )
        .annotate(
            total_litres=Round(Sum("litres"), 4, output_field=litres),
            total_revenue=Round(Sum("amount_cny"), 2, output_field=wide),
            total_margin=Round(
                Coalesce(Sum("margin"), Value(Decimal("0")), output_field=wide),
                2,
                output_field=wide,
            ),
            lines_n=Count("id"),
        )
        .order_by()
    )
    select, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    meta = SalesMonth._meta
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in (
            "month", "region", "customer", "product", "rep",
            "litres", "revenue", "margin", "line_count",
        )
    )  # fmt: skip
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ROLLUP_LOCK])
        stale = SalesMonth.objects.all()
        if month_list is not None:
            stale = stale.filter(month__in=month_list)
        stale.delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) {select}", params)
            written = cursor.rowcount
        _summaries_rebuild(month_list)
        return written


# The summaries of SalesMonth written with it, each with its key.
_SUMMARIES = (
    (SalesRepMonth, ("month", "region", "rep")),
    (SalesCustomerMonth, ("month", "region", "customer", "rep")),
)


def _summaries_rebuild(month_list: list[date] | None) -> None:
    """Each summary fact (SalesRepMonth, SalesCustomerMonth) for the months (all when None),
    summed from SalesMonth's fresh rows by one INSERT … SELECT … GROUP BY each, inside the
    roll-up's transaction."""
    wide = DecimalField(max_digits=20, decimal_places=2)
    quote = connection.ops.quote_name
    for model, key in _SUMMARIES:
        facts = SalesMonth.objects.all()
        stale = model.objects.all()
        if month_list is not None:
            facts = facts.filter(month__in=month_list)
            stale = stale.filter(month__in=month_list)
        grouped = (
            facts.values(*(f"{name}_id" if name != "month" else name for name in key))
            .annotate(
                total_litres=Sum("litres"),
                total_revenue=Sum("revenue", output_field=wide),
                total_margin=Sum("margin", output_field=wide),
                lines_n=Sum("line_count"),
            )
            .order_by()
        )
        select, params = grouped.query.sql_with_params()
        meta = model._meta
        columns = ", ".join(
            quote(meta.get_field(name).column)
            for name in (*key, "litres", "revenue", "margin", "line_count")
        )
        stale.delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) {select}", params)


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


def costs_for(product_ids: Iterable[int], up_to: date | None = None) -> dict:
    """Each product's standard costs, newest first (one query). `up_to` is accepted for
    callers that know the latest month they need; every month is read so that a sale before
    the first cost month can still be costed (see `cost_of`)."""
    found: dict[int, list[tuple[date, Decimal]]] = {}
    for product_id, month, total in (
        StandardCost.objects.filter(product_id__in=set(product_ids))
        .order_by("product_id", "-month")
        .values_list("product_id", "month", "total")
    ):
        found.setdefault(product_id, []).append((month, total))
    return found


def cost_of(costs: dict, product_id: int, month: date) -> tuple[date | None, Decimal | None]:
    """The standard cost of the month, else of the latest month before it, else (a sale before
    the first month costed) of the earliest month there is. The month used is kept with the
    line."""
    known = costs.get(product_id, ())
    for cost_month, total in known:
        if cost_month <= month:
            return cost_month, total
    if known:
        return known[-1]
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
    def where() -> str:
        return _("Line %(n)s") % {"n": index}

    if line.quantity is None or not 1 <= int(line.quantity) <= MAX_QUANTITY:
        raise ValidationError(
            _("%(where)s: the quantity must be between 1 and %(max)s pieces.")
            % {"where": where(), "max": MAX_QUANTITY}
        )
    if line.unit_price is None or not Decimal("0") <= line.unit_price <= MAX_UNIT_PRICE:
        raise ValidationError(
            _("%(where)s: the unit price must be between 0 and %(max)s.")
            % {"where": where(), "max": MAX_UNIT_PRICE}
        )
    if line.delivered_month and line.delivered_month > _today():
        raise ValidationError(
            _("%(where)s: a delivery cannot be recorded in a future month.") % {"where": where()}
        )


def _today() -> date:
    return timezone.localdate()


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


def assign_numbers(pks: list[int]) -> None:
    """Give new orders their number, SO<year of the order date>-<primary key, 6 digits>, in one
    statement per batch: unique without a race between two people saving at once, and no row
    by row update for an import of thousands."""
    digits = Cast("pk", output_field=CharField())
    number = Concat(
        Value("SO"),
        Cast(ExtractYear("order_date"), output_field=CharField()),
        Value("-"),
        Case(
            When(pk__lt=1_000_000, then=LPad(digits, 6, Value("0"))),
            default=digits,
            output_field=CharField(),
        ),
        output_field=CharField(),
    )
    for start in range(0, len(pks), 5000):
        Order.objects.filter(pk__in=pks[start : start + 5000]).update(number=number)


def _assign_number(order: Order) -> None:
    assign_numbers([order.pk])
    order.number = Order.objects.filter(pk=order.pk).values_list("number", flat=True).get()


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
    return order_replace(
        order=order,
        lines=lines,
        customer_po=customer_po,
        owner=owner,
        currency=currency,
        fx_rate=fx_rate,
        notes=notes,
        close=close,
    )


def order_replace(
    *,
    order: Order,
    lines: list[LineInput],
    customer_po: str | None = None,
    owner=None,
    currency: str | None = None,
    fx_rate: Decimal | None = None,
    notes: str | None = None,
    close: bool = False,
) -> Order:
    """The change itself, for callers that checked their own action first (`order_update`, and
    the ERP's push in orders.push). Call inside a transaction: the order is locked."""
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


@dataclass
class OrderSpec:
    customer: object
    order_date: date
    lines: list[LineInput]
    owner_id: int | None = None
    erp_number: str | None = None
    quote_id: int | None = None
    currency: str = Currency.CNY
    fx_rate: Decimal = Decimal("1")
    source: str = OrderSource.IMPORT


def orders_bulk_create(*, actor, specs: list[OrderSpec], rollup: bool = True) -> int:
    """Create many orders at once (demo data, the benchmark, a first load from the ERP): the
    same figures as `order_create`, written with bulk inserts and rolled up once. Returns the
    number of lines."""
    access.require(actor, "orders.import_run")
    if not specs:
        return 0
    latest = max(
        (line.delivered_month or line.requested_month) for spec in specs for line in spec.lines
    )
    product_ids = {line.product.pk for spec in specs for line in spec.lines}
    costs = costs_for(product_ids, first_of_month(latest))
    now = timezone.now()
    built_orders, built_lines = [], []
    for spec in specs:
        order = Order(
            number=_new_number_placeholder(),
            erp_number=spec.erp_number,
            customer=spec.customer,
            region_id=spec.customer.region_id,
            owner_id=spec.owner_id if spec.owner_id is not None else spec.customer.owner_id,
            order_date=spec.order_date,
            quote_id=spec.quote_id,
            currency=spec.currency,
            fx_rate=spec.fx_rate,
            source=spec.source,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        lines = _build_lines(order, spec.lines, costs)
        order.total_litres = sum((x.litres for x in lines), Decimal("0"))
        order.total_amount_cny = sum((x.amount_cny for x in lines), Decimal("0"))
        order.status = _status_from_lines(lines, OrderStatus.OPEN)
        built_orders.append(order)
        built_lines.append(lines)
    with transaction.atomic():
        Order.objects.bulk_create(built_orders, batch_size=2000)
        assign_numbers([order.pk for order in built_orders])
        flat = []
        for order, lines in zip(built_orders, built_lines, strict=True):
            for line in lines:
                line.order = order
                flat.append(line)
        OrderLine.objects.bulk_create(flat, batch_size=5000)
        if rollup:
            sales_month_rollup(months={line.sales_month for line in flat})
    return len(flat)
