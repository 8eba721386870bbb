"""Orders: what was actually sold (SPEC §12), the actuals plans and KPIs are measured against
(SPEC §5.7, §10).

An order belongs to a customer and keeps the customer's region at the time of the order (a
customer moving later does not move its history). Each line keeps its litres (quantity × the
product's volume), its amount in the order's currency and in CNY, and its gross margin from the
standard cost of a month, with that month kept.

A line counts in its *sales month*: the actual delivery month when delivered, else the
requested one. Cancelled orders count nowhere. `SalesMonth` is the pre-aggregated monthly fact
every reader of actuals goes through (`orders.selectors`), rebuilt by
`orders.services.sales_month_rollup`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from pricing.models import Product, Quote
from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}

# Business bounds (a form's max_value and a CheckConstraint each).
MAX_QUANTITY = 1_000_000  # pieces on one order line
MAX_UNIT_PRICE = Decimal("1000000")  # per piece, in the order's currency
MAX_FX = Decimal("1000")  # CNY per unit of the order's currency
MIN_FX = Decimal("0.0001")
MAX_LINES = 200  # lines on one order
# Quantity × price × rate could reach 1e15, past what MONEY holds (1e14); a line's amount in
# CNY is bounded on its own, and an order's sum (MAX_LINES lines) still fits MONEY.
MAX_AMOUNT_CNY = Decimal("10000000000")  # 10 billion CNY on one line


class Currency(models.TextChoices):
    CNY = "CNY", "CNY"
    USD = "USD", "USD"
    EUR = "EUR", "EUR"
    JPY = "JPY", "JPY"


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_DELIVERED = "partly_delivered", _("Partly delivered")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderSource(models.TextChoices):
    ENTRY = "entry", _("Entered")
    QUOTE = "quote", _("From a quote")
    IMPORT = "import", _("ERP import")


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    erp_number = models.CharField(
        _("ERP order number"), max_length=40, null=True, blank=True, unique=True
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    # The customer's region when the order was taken: kept when the customer moves later.
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    order_date = models.DateField(_("order date"))
    customer_po = models.CharField(_("customer PO number"), max_length=40, blank=True)
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("quote"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    fx_rate = models.DecimalField(
        _("exchange rate to CNY"),
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        validators=[MinValueValidator(MIN_FX), MaxValueValidator(MAX_FX)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=OrderSource.choices, default=OrderSource.ENTRY
    )
    # Sums of the lines, kept by the services for the list's totals row.
    total_litres = models.DecimalField(
        _("litres"), max_digits=20, decimal_places=4, default=Decimal("0")
    )
    total_amount_cny = models.DecimalField(_("amount (CNY)"), **MONEY, default=Decimal("0"))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-order_date", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            # The order list, newest first, scoped by region or by owner.
            models.Index(fields=["-order_date", "-id"], name="order_date_idx"),
            models.Index(fields=["region", "-order_date"], name="order_region_idx"),
            models.Index(fields=["owner", "-order_date"], name="order_owner_idx"),
            models.Index(fields=["customer", "-order_date"], name="order_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fx_rate__gte=MIN_FX) & Q(fx_rate__lte=MAX_FX),
                name="order_fx_in_bounds",
            ),
            models.CheckConstraint(
                condition=Q(total_litres__gte=0) & Q(total_amount_cny__gte=0),
                name="order_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="order_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:order-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == OrderStatus.CANCELLED


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.PositiveSmallIntegerField(_("line"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(
        _("quantity (pieces)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    # quantity × product.volume_l when the line was saved.
    litres = models.DecimalField(_("litres"), max_digits=18, decimal_places=4)
    unit_price = models.DecimalField(
        _("unit price"),
        **MONEY,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_UNIT_PRICE)],
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    amount_cny = models.DecimalField(_("amount (CNY)"), **MONEY)
    requested_month = models.DateField(_("requested delivery month"))
    delivered_month = models.DateField(_("actual delivery month"), null=True, blank=True)
    # The month the line counts in: delivered_month, else requested_month.
    sales_month = models.DateField(_("sales month"))
    # Margin snapshot: the standard cost per piece of cost_month (the sales month's, or the
    # latest before it); None when the product had no standard cost yet.
    unit_cost = models.DecimalField(_("standard cost per piece"), null=True, blank=True, **MONEY)
    cost_month = models.DateField(_("cost month"), null=True, blank=True)
    margin = models.DecimalField(_("gross margin (CNY)"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["order", "line_no"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        indexes = [
            # The roll-up and the drill-down: lines of a month range.
            models.Index(fields=["sales_month", "product"], name="orderline_month_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_no"], name="orderline_unique_no"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_QUANTITY),
                name="orderline_quantity_in_bounds",
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(unit_price__lte=MAX_UNIT_PRICE),
                name="orderline_price_in_bounds",
            ),
            models.CheckConstraint(
                condition=Q(litres__gte=0) & Q(amount__gte=0) & Q(amount_cny__gte=0),
                name="orderline_figures_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_cny__lte=MAX_AMOUNT_CNY), name="orderline_amount_in_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.line_no}"


class SalesFigures(models.Model):
    """What every monthly sales fact holds: the month, region and rep (the order's owner) of
    its key, and the figures summed over it."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    litres = models.DecimalField(_("litres"), max_digits=20, decimal_places=4)
    revenue = models.DecimalField(_("revenue (CNY)"), max_digits=20, decimal_places=2)
    margin = models.DecimalField(_("gross margin (CNY)"), max_digits=20, decimal_places=2)
    line_count = models.PositiveIntegerField(_("lines"))

    class Meta:
        abstract = True


class SalesMonth(SalesFigures):
    """Actuals pre-aggregated by month × region × customer × product × rep (the order's owner).

    Written only by `orders.services.sales_month_rollup` (delete and insert the months touched,
    in one transaction); read only through `orders.selectors`. The sales pivot and every other
    app's comparison with plans read this table, not the order lines, so their cost does not
    grow with the number of lines."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["month", "region", "customer", "product"]
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        indexes = [
            # Month ranges scoped by region (managers) or by rep (reps).
            models.Index(fields=["region", "month"], name="salesmonth_region_idx"),
            models.Index(fields=["rep", "month"], name="salesmonth_rep_idx"),
            models.Index(fields=["customer", "month"], name="salesmonth_customer_idx"),
        ]
        constraints = [
            # NULLS NOT DISTINCT would be the exact key with a rep-less order; the roll-up
            # writes one row per key, so the plain unique index is the guard that matters.
            models.UniqueConstraint(
                fields=["month", "region", "customer", "product", "rep"],
                name="salesmonth_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id}/{self.customer_id}/{self.product_id}"


class SalesRepMonth(SalesFigures):
    """The monthly sales fact summed over customers and products: month × region × rep.

    Written with `SalesMonth`, from its rows, by `orders.services.sales_month_rollup` (same
    months, same transaction), so the two always agree. The actuals selectors read it when a
    question groups and filters by month, region and rep only (the dashboard, planning's
    tracking by month, region or rep, the KPI job): their cost follows the number of reps, not
    of customers × products."""

    class Meta:
        ordering = ["month", "region", "rep"]
        verbose_name = _("monthly sales per rep")
        verbose_name_plural = _("monthly sales per rep")
        indexes = [
            models.Index(fields=["month", "region"], name="salesrepmonth_month_idx"),
            models.Index(fields=["region", "month"], name="salesrepmonth_region_idx"),
            models.Index(fields=["rep", "month"], name="salesrepmonth_rep_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "rep"], name="salesrepmonth_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id}/{self.rep_id}"


class SalesCustomerMonth(SalesFigures):
    """The monthly sales fact summed over products: month × region × customer × rep.

    Written with `SalesMonth`, from its rows, by `orders.services.sales_month_rollup` (same
    months, same transaction). The actuals selectors read it when a question groups or filters
    by customer but not by product (the pivot by customer, its top customers, planning's key
    customers): a year of it is a row a customer and month, not one per product too."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["month", "region", "customer"]
        verbose_name = _("monthly sales per customer")
        verbose_name_plural = _("monthly sales per customer")
        indexes = [
            models.Index(fields=["month", "region"], name="salescustmonth_month_idx"),
            models.Index(fields=["region", "month"], name="salescustmonth_region_idx"),
            models.Index(fields=["rep", "month"], name="salescustmonth_rep_idx"),
            models.Index(fields=["customer", "month"], name="salescustmonth_customer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "customer", "rep"], name="salescustmonth_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id}/{self.customer_id}/{self.rep_id}"


def _import_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1][:5] if "." in filename else "bin"
    return f"orders/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class OrderImport(models.Model):
    """One ERP file imported: who, when, how many lines and orders, the warnings shown, and the
    file itself. A refused file is not kept (nothing was imported from it)."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200)
    file = models.FileField(_("stored file"), upload_to=_import_path, blank=True)
    rows = models.PositiveIntegerField(_("lines"), default=0)
    orders_created = models.PositiveIntegerField(_("new orders"), default=0)
    orders_updated = models.PositiveIntegerField(_("orders updated"), default=0)
    warnings = models.TextField(_("warnings"), blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("ERP import")
        verbose_name_plural = _("ERP imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
