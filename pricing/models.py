"""Products and formulas, monthly market data, standard costs, the pricing strategy and quotes
(SPEC §8).

Rounding rule (one place, `pricing.calc`): loadings are stored exactly as entered; metal
content per piece is kept to 0.000001 g; a price converted to CNY/g is kept to 0.0001 CNY/g;
every amount (each metal's cost, substrate, manufacturing, markup, prices) is rounded half up to
the cent (core.money.money) before it is added.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from customers.models import Customer, DevelopmentProject
from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}


class Metal(models.TextChoices):
    PT = "pt", "Pt"
    PD = "pd", "Pd"
    RH = "rh", "Rh"


METALS = [Metal.PT, Metal.PD, Metal.RH]


class Lifecycle(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    GROWTH = "growth", _("Growth")
    MATURITY = "maturity", _("Maturity")
    DECLINE = "decline", _("Decline")


class SubstrateType(models.TextChoices):
    CORDIERITE = "cordierite", _("Cordierite honeycomb")
    SIC = "sic", _("Silicon carbide (DPF)")
    METAL = "metal", _("Metal foil")


class LoadingUnit(models.TextChoices):
    G_PER_L = "g_l", _("g/L")
    G_PER_FT3 = "g_ft3", _("g/ft³")


class PriceUnit(models.TextChoices):
    CNY_PER_G = "cny_g", _("CNY/g")
    USD_PER_OZ = "usd_oz", _("USD/troy oz")


class Product(models.Model):
    code = models.CharField(_("product code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    substrate_type = models.CharField(
        _("substrate type"), max_length=20, choices=SubstrateType.choices
    )
    substrate_dimensions = models.CharField(
        _("substrate dimensions"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Ø118.4 × 100 mm, 600/3"),
    )
    volume_l = models.DecimalField(
        _("volume (L)"),
        max_digits=10,
        decimal_places=4,
        validators=bounds.range_validators(0, bounds.PIECE_LITRES_MAX),
    )
    lifecycle = models.CharField(
        _("lifecycle stage"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.GROWTH
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(volume_l__gt=0), name="product_volume_positive"),
            bounds.check("product_volume_bounded", "volume_l", 0, bounds.PIECE_LITRES_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("pricing:product-detail", args=[self.pk])


class FormulaVersion(models.Model):
    """One version of a product's precious-metal loading. Versions are never changed once a
    quote uses them; a new loading is a new version."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="formulas"
    )
    version = models.PositiveIntegerField(_("version"))
    loading_unit = models.CharField(
        _("loading unit"), max_length=10, choices=LoadingUnit.choices, default=LoadingUnit.G_PER_FT3
    )
    pt_loading = models.DecimalField(_("Pt loading"), max_digits=12, decimal_places=4, default=0)
    pd_loading = models.DecimalField(_("Pd loading"), max_digits=12, decimal_places=4, default=0)
    rh_loading = models.DecimalField(_("Rh loading"), max_digits=12, decimal_places=4, default=0)
    # Metal content per piece in grams, computed from loading × volume when saved.
    pt_g = models.DecimalField(
        _("Pt per piece (g)"), max_digits=14, decimal_places=6, editable=False, default=0
    )
    pd_g = models.DecimalField(
        _("Pd per piece (g)"), max_digits=14, decimal_places=6, editable=False, default=0
    )
    rh_g = models.DecimalField(
        _("Rh per piece (g)"), max_digits=14, decimal_places=6, editable=False, default=0
    )
    valid_from = models.DateField(_("valid from"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["product", "-version"]
        verbose_name = _("formula version")
        verbose_name_plural = _("formula versions")
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="formula_version_unique"),
            models.CheckConstraint(
                condition=Q(pt_loading__gte=0) & Q(pd_loading__gte=0) & Q(rh_loading__gte=0),
                name="formula_loading_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} v{self.version}"

    def save(self, *args, **kwargs):
        from .calc import content_g

        for metal in METALS:
            setattr(
                self,
                f"{metal}_g",
                content_g(
                    getattr(self, f"{metal}_loading"), self.loading_unit, self.product.volume_l
                ),
            )
        super().save(*args, **kwargs)

    def content(self) -> dict:
        return {metal: getattr(self, f"{metal}_g") for metal in METALS}


def current_month() -> date:
    """The first day of today's month (local time). Market data for a later month is refused,
    and no quote is priced or re-priced from one."""
    return timezone.localdate().replace(day=1)


class MarketUpload(models.Model):
    """One uploaded monthly market-data file. Re-uploading a month makes a new current upload;
    earlier ones stay as history (is_current = False)."""

    month = models.DateField(_("month"))
    usd_cny = models.DecimalField(_("USD→CNY rate"), max_digits=10, decimal_places=4)
    fx_source = models.CharField(_("rate source"), max_length=100, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_current = models.BooleanField(_("current"), default=True)
    product_count = models.PositiveIntegerField(_("products"), default=0)
    warnings_confirmed = models.TextField(_("warnings confirmed"), blank=True)

    class Meta:
        ordering = ["-month", "-uploaded_at"]
        verbose_name = _("market data upload")
        verbose_name_plural = _("market data uploads")
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=Q(is_current=True), name="market_one_current_per_month"
            )
        ]

    def __str__(self) -> str:
        return self.month.strftime("%Y-%m")

    def get_absolute_url(self) -> str:
        return reverse("pricing:market-detail", args=[self.pk])


class MetalPrice(models.Model):
    upload = models.ForeignKey(MarketUpload, on_delete=models.CASCADE, related_name="prices")
    month = models.DateField(_("month"))
    metal = models.CharField(_("metal"), max_length=2, choices=Metal.choices)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10, choices=PriceUnit.choices)
    source = models.CharField(_("source"), max_length=100, blank=True)
    cny_per_g = models.DecimalField(_("CNY/g"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["month", "metal"]
        verbose_name = _("metal price")
        verbose_name_plural = _("metal prices")
        constraints = [
            models.UniqueConstraint(fields=["upload", "metal"], name="metal_price_unique"),
            models.CheckConstraint(condition=Q(price__gt=0), name="metal_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_metal_display()} {self.cny_per_g} CNY/g"


class ProductCost(models.Model):
    upload = models.ForeignKey(MarketUpload, on_delete=models.CASCADE, related_name="costs")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    substrate = models.DecimalField(_("substrate cost"), **MONEY)
    manufacturing = models.DecimalField(_("manufacturing cost"), **MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["upload", "product"], name="product_cost_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.upload} {self.product_id}"


class StandardCost(models.Model):
    """A product's standard cost for one month, written by the monthly roll-up."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="standard_costs")
    month = models.DateField(_("month"))
    formula = models.ForeignKey(FormulaVersion, on_delete=models.PROTECT, related_name="+")
    upload = models.ForeignKey(MarketUpload, on_delete=models.PROTECT, related_name="+")
    pt_cost = models.DecimalField(_("Pt"), **MONEY)
    pd_cost = models.DecimalField(_("Pd"), **MONEY)
    rh_cost = models.DecimalField(_("Rh"), **MONEY)
    metal_cost = models.DecimalField(_("metal"), **MONEY)
    substrate = models.DecimalField(_("substrate"), **MONEY)
    manufacturing = models.DecimalField(_("manufacturing"), **MONEY)
    total = models.DecimalField(_("standard cost"), **MONEY)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "product"]
        verbose_name = _("standard cost")
        verbose_name_plural = _("standard costs")
        constraints = [
            models.UniqueConstraint(fields=["product", "month"], name="standard_cost_unique"),
        ]
        indexes = [models.Index(fields=["month", "product"], name="stdcost_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.product_id}: {self.total}"


# The strategy's markups and steps, in percent (points): each from 0 to bounds.MARKUP_MAX.
STRATEGY_FIGURES = [
    "markup_a",
    "markup_b",
    "markup_c",
    "markup_d",
    "step_growth",
    "step_maturity",
    "step_decline",
    "channel_markup",
    "floor_markup",
    "ceiling_extra",
]


class PricingStrategy(models.Model):
    """Markups on the value-added part (cost excluding metal), approved before use. The newest
    approved strategy whose start is not in the future applies."""

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    markup_a = models.DecimalField(
        _("markup class A (%)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    markup_b = models.DecimalField(
        _("markup class B (%)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    markup_c = models.DecimalField(
        _("markup class C (%)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    markup_d = models.DecimalField(
        _("markup class D (%)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    step_growth = models.DecimalField(
        _("step-down in growth (points)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    step_maturity = models.DecimalField(
        _("step-down in maturity (points)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    step_decline = models.DecimalField(
        _("step-down in decline (points)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    channel_markup = models.DecimalField(
        _("distributor / aftermarket markup (points)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    floor_markup = models.DecimalField(
        _("floor markup (%)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    ceiling_extra = models.DecimalField(
        _("ceiling above list (points)"),
        max_digits=6,
        decimal_places=2,
        validators=bounds.range_validators(0, bounds.MARKUP_MAX),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from", "-created_at"]
        verbose_name = _("pricing strategy")
        verbose_name_plural = _("pricing strategies")
        constraints = [
            bounds.check(f"strategy_{name}_bounded", name, 0, bounds.MARKUP_MAX)
            for name in STRATEGY_FIGURES
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("pricing:strategy-detail", args=[self.pk])


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for approval")
    AGREED = "agreed", _("Price agreed")
    REJECTED = "rejected", _("Price refused")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


OPEN_QUOTE_STATUSES = (QuoteStatus.DRAFT, QuoteStatus.PENDING, QuoteStatus.AGREED)
# Quotes whose price binds us (agreed, or won and in supply): the ones the metal pass-through
# clause re-prices each month. Drafts and pending quotes are priced afresh when they are agreed;
# lost and refused ones are over.
REPRICED_QUOTE_STATUSES = (QuoteStatus.AGREED, QuoteStatus.WON)


class Quote(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="quotes"
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="quotes"
    )
    formula = models.ForeignKey(
        FormulaVersion,
        verbose_name=_("formula version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    strategy = models.ForeignKey(
        PricingStrategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="+"
    )
    upload = models.ForeignKey(
        MarketUpload, verbose_name=_("market data"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("cost month"))
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=bounds.range_validators(1, bounds.QUANTITY_MAX)
    )
    metal_cost = models.DecimalField(_("metal pass-through"), **MONEY)
    value_added = models.DecimalField(_("value-added cost"), **MONEY)
    markup_percent = models.DecimalField(_("markup (%)"), max_digits=6, decimal_places=2)
    list_price = models.DecimalField(_("list price"), **MONEY)
    floor_price = models.DecimalField(_("floor price"), **MONEY)
    ceiling_price = models.DecimalField(_("ceiling price"), **MONEY)
    unit_price = models.DecimalField(
        _("unit price"), validators=bounds.range_validators(0, bounds.UNIT_PRICE_MAX), **MONEY
    )
    discount_percent = models.DecimalField(
        _("discount below list (%)"), max_digits=6, decimal_places=2, default=0
    )
    snapshot = models.JSONField(_("prices used"), default=dict)
    metal_clause = models.BooleanField(_("metal pass-through clause"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    below_floor = models.BooleanField(_("below floor at latest cost"), default=False)
    below_floor_month = models.DateField(null=True, blank=True)
    customer_reaction = models.TextField(
        _("customer reaction"), blank=True, **bounds.text(bounds.NOTE_MAX)
    )
    competitor = models.CharField(_("competitor"), max_length=100, blank=True)
    competitor_price = models.DecimalField(
        _("competitor price"),
        null=True,
        blank=True,
        validators=bounds.range_validators(0, bounds.UNIT_PRICE_MAX),
        **MONEY,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="quote_created_idx"),
            models.Index(fields=["region", "-created_at"], name="quote_region_idx"),
            models.Index(fields=["owner", "-created_at"], name="quote_owner_idx"),
            models.Index(fields=["status", "product"], name="quote_status_product_idx"),
            # The home panel's counts of open quotes, read from the index (covering on PostgreSQL).
            models.Index(
                fields=["status", "region"], include=["below_floor"], name="quote_status_region_idx"
            ),
            # A month's quotes (price realisation's drill-down, the month's re-pricing).
            models.Index(fields=["month", "status"], name="quote_month_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="quote_quantity_positive"),
            bounds.check("quote_quantity_bounded", "quantity", 1, bounds.QUANTITY_MAX),
            bounds.check(
                "quote_competitor_price_bounded", "competitor_price", 0, bounds.UNIT_PRICE_MAX
            ),
            bounds.check("quote_discount_percent", "discount_percent", 0, bounds.PERCENT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.customer} · {self.product.code}"

    def get_absolute_url(self) -> str:
        return reverse("pricing:quote-detail", args=[self.pk])

    @property
    def total(self):
        return self.unit_price * self.quantity

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUOTE_STATUSES


class QuoteCount(models.Model):
    """How many open quotes (draft, pending, agreed) a region has, by status and whether they
    are below the floor: the home page's counts, so they cost the same whatever the number of
    quotes. Recounted for the quote's region by `services.quote_counts_refresh` in the same
    transaction as every change of a quote's status or floor flag, and for every region
    nightly."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=QuoteStatus.choices)
    below_floor = models.BooleanField(_("below floor at latest cost"))
    n = models.PositiveIntegerField(_("quotes"))
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        ordering = ["region", "status"]
        verbose_name = _("open quote count")
        verbose_name_plural = _("open quote counts")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "status", "below_floor"], name="quotecount_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} · {self.status} · {self.n}"


class RevisionKind(models.TextChoices):
    METAL = "metal", _("Metal pass-through")
    ADJUSTMENT = "adjustment", _("Price adjustment")


class QuoteRevision(models.Model):
    """One change of a quote's price after it was agreed. A metal pass-through revision moves the
    metal part to a month's metal cost and keeps the value-added part; there is at most one per
    quote and month (a corrected upload of the month rewrites it from its starting point)."""

    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RevisionKind.choices)
    month = models.DateField(_("cost month"))
    upload = models.ForeignKey(
        MarketUpload,
        verbose_name=_("market data"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    old_month = models.DateField(_("previous cost month"))
    old_upload = models.ForeignKey(
        MarketUpload,
        verbose_name=_("previous market data"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_snapshot = models.JSONField(_("previous prices used"), default=dict)
    old_metal_cost = models.DecimalField(_("previous metal cost"), **MONEY)
    new_metal_cost = models.DecimalField(_("new metal cost"), **MONEY)
    old_unit_price = models.DecimalField(_("previous unit price"), **MONEY)
    new_unit_price = models.DecimalField(_("new unit price"), **MONEY)
    note = models.TextField(_("reason"), blank=True, **bounds.text(bounds.NOTE_MAX))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("price revision")
        verbose_name_plural = _("price revisions")
        indexes = [
            models.Index(fields=["quote", "-created_at"], name="quote_revision_quote_idx"),
            models.Index(fields=["month", "kind"], name="quote_revision_month_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quote", "month"],
                condition=Q(kind="metal"),
                name="quote_revision_one_metal_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id} {self.month:%Y-%m} {self.old_unit_price} → {self.new_unit_price}"

    @property
    def change(self):
        return self.new_unit_price - self.old_unit_price


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Refused")
    RETURNED = "returned", _("Returned")


class PriceAdjustment(models.Model):
    """A request to change an agreed or won quote's unit price (调价申请). Within the requester's
    authority band it is applied at once; otherwise it goes through approval (document type
    pricing.adjustment, amount = discount below the quote's list price in %)."""

    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="adjustments"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    metal_cost = models.DecimalField(_("metal pass-through"), **MONEY)
    list_price = models.DecimalField(_("list price"), **MONEY)
    old_unit_price = models.DecimalField(_("previous unit price"), **MONEY)
    new_unit_price = models.DecimalField(
        _("new unit price"), validators=bounds.range_validators(0, bounds.UNIT_PRICE_MAX), **MONEY
    )
    discount_percent = models.DecimalField(
        _("discount below list (%)"), max_digits=6, decimal_places=2, default=0
    )
    reason = models.TextField(_("reason"), **bounds.text(bounds.NOTE_MAX))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PENDING,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("price adjustment")
        verbose_name_plural = _("price adjustments")
        indexes = [models.Index(fields=["quote", "-created_at"], name="price_adjustment_quote_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["quote"],
                condition=Q(status="pending"),
                name="price_adjustment_one_open_per_quote",
            ),
            models.CheckConstraint(
                condition=Q(new_unit_price__gte=0), name="price_adjustment_price_not_negative"
            ),
            bounds.check(
                "price_adjustment_price_bounded", "new_unit_price", 0, bounds.UNIT_PRICE_MAX
            ),
            bounds.check(
                "price_adjustment_discount_percent", "discount_percent", 0, bounds.PERCENT_MAX
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.old_unit_price} → {self.new_unit_price}"

    def get_absolute_url(self) -> str:
        return reverse("pricing:quote-detail", args=[self.quote_id])


class CompetitorPrice(models.Model):
    """Competitor intelligence: a competitor's price seen at a customer, kept beside the quotes."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="competitor_prices",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("our comparable product"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    competitor = models.CharField(_("competitor"), max_length=100)
    price = models.DecimalField(
        _("price per piece (CNY)"),
        validators=bounds.range_validators(0, bounds.UNIT_PRICE_MAX),
        **MONEY,
    )
    formula_notes = models.CharField(_("formula notes"), max_length=300, blank=True)
    observed_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("competitor price")
        verbose_name_plural = _("competitor prices")
        indexes = [models.Index(fields=["region", "-observed_on"], name="competitor_region_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="competitor_price_positive"),
            bounds.check("competitor_price_bounded", "price", 0, bounds.UNIT_PRICE_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} · {self.customer} · {self.price}"
