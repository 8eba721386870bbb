"""The ERP's push of its orders (through the API): each order is created the first time its
ERP order number arrives and replaced (header and lines) every time after, so pushing the
same order twice — a retry, or two pushes at the same moment — leaves one order.

The figures, bounds and roll-up are the orders services' own (`_order_create`,
`order_replace`); only the upsert on the ERP number lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import access
from customers.models import Customer
from pricing.models import Product

from .models import Currency, Order, OrderSource
from .services import LineInput, _order_create, order_replace

ERP_NUMBER_MAX = 40


@dataclass
class PushedLine:
    product_code: str
    quantity: int
    unit_price: Decimal
    requested_month: date
    delivered_month: date | None = None


def _lines(pushed: list[PushedLine]) -> list[LineInput]:
    codes = {line.product_code for line in pushed}
    products = {p.code: p for p in Product.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(products))
    if unknown:
        raise ValidationError(
            {"lines": _("Unknown product code(s): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [
        LineInput(
            product=products[line.product_code],
            quantity=line.quantity,
            unit_price=line.unit_price,
            requested_month=line.requested_month,
            delivered_month=line.delivered_month,
        )
        for line in pushed
    ]


def order_push(
    *,
    actor,
    erp_number: str,
    customer_id: int,
    order_date: date,
    lines: list[PushedLine],
    currency: str = Currency.CNY,
    fx_rate: Decimal = Decimal("1"),
    customer_po: str = "",
    notes: str = "",
) -> tuple[Order, bool]:
    """(order, created). The ERP sells to every customer, so the customer is found by its id
    company-wide; an ERP number already used for another customer is refused."""
    access.require(actor, "orders.order_push")
    erp_number = (erp_number or "").strip()
    if not erp_number or len(erp_number) > ERP_NUMBER_MAX:
        raise ValidationError(
            {"erp_number": _("Give the ERP order number (at most 40 characters).")}
        )
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise ValidationError({"customer": _("Unknown customer.")})
    line_inputs = _lines(lines)
    for _attempt in range(3):
        with transaction.atomic():
            existing = Order.objects.select_for_update().filter(erp_number=erp_number).first()
            if existing is not None:
                if existing.customer_id != customer.pk:
                    raise ValidationError(
                        {"erp_number": _("This ERP order number belongs to another customer.")}
                    )
                order = order_replace(
                    order=existing,
                    lines=line_inputs,
                    customer_po=customer_po,
                    currency=currency,
                    fx_rate=fx_rate,
                    notes=notes,
                )
                return order, False
            try:
                with transaction.atomic():
                    order = _order_create(
                        actor=actor,
                        customer=customer,
                        order_date=order_date,
                        lines=line_inputs,
                        customer_po=customer_po,
                        currency=currency,
                        fx_rate=fx_rate,
                        notes=notes,
                        source=OrderSource.IMPORT,
                        erp_number=erp_number,
                    )
                return order, True
            except IntegrityError:
                # A push of the same order committed first (the unique ERP number): go round
                # again and replace it.
                if not Order.objects.filter(erp_number=erp_number).exists():
                    raise
            except ValidationError as exc:
                # The same, seen by full_clean's unique check; any other refusal is the caller's.
                if set(getattr(exc, "error_dict", {})) != {"erp_number"}:
                    raise
    raise ValidationError(_("This order is being changed by another push; send it again."))
