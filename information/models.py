"""Information management (SPEC §12, 信息管理程序): the information plan, the standard collection
forms each person owes per period, what they report in them, and the periodic digest.

* `PlanItem` — one row of the information plan (信息需求規劃): what kind of information, who
  collects it (a role), through which channel, how often, who consolidates and analyses it, and
  who receives the result. The plan *drives* the forms: `services.forms_generate` creates each
  collector's due form for each period.
* `InformationForm` — one person's form for one plan row and one period, with its due date.
  "Late" and "missing" are defined on it (see docs/information.md and `selectors.late_forms`).
* `Entry` — one piece of information reported in a form. One model for every kind (customer
  news, competitor price/technology, policy and regulation, market data): the kinds share the
  title, text, source, customer and author, and the consolidation page, the search and the
  digest read one table; the few typed fields of each kind are nullable and a CheckConstraint per
  kind says which are required. A competitor price is not stored here: it is recorded in
  pricing's list of competitor prices (the one list the quotes also read) and linked.
* `Digest` — the periodic intelligence digest marketing admin publishes for a month.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, EmissionStandard
from pricing.models import CompetitorPrice
from regions.models import Region
from regions.roles import Role

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}
# A market figure (volumes, shares, prices): wide enough for national vehicle output in units.
FIGURE = {"max_digits": 16, "decimal_places": 2}
FIGURE_MAX = 10**13


class Kind(models.TextChoices):
    CUSTOMER_NEWS = "customer_news", _("Customer news")
    COMPETITOR = "competitor", _("Competitor prices and technology")
    POLICY = "policy", _("Policy and regulation")
    MARKET = "market", _("Market data")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ON_EVENT = "on_event", _("On event")


class Channel(models.TextChoices):
    VISITS = "visits", _("Customer visits")
    RESEARCH = "research", _("Organised market research")
    ASSOCIATION = "association", _("Industry associations")
    WEB = "web", _("Websites and industry contacts")
    AUTHORITIES = "authorities", _("Government and regulators")


class PlanItem(models.Model):
    """One row of the information plan. Kept by marketing administration."""

    kind = models.CharField(_("kind of information"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what is collected"), max_length=200)
    collector_role = models.CharField(_("collected by"), max_length=32, choices=Role.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    grace_days = models.PositiveSmallIntegerField(
        _("days to hand in after the period"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("The form is due this many days after the period ends."),
    )
    consolidator_role = models.CharField(_("consolidated by"), max_length=32, choices=Role.choices)
    analyst_role = models.CharField(_("analysed by"), max_length=32, choices=Role.choices)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("result sent to"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "frequency", "pk"]
        verbose_name = _("information plan row")
        verbose_name_plural = _("information plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(grace_days__lte=60), name="planitem_grace_days_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scheduled(self) -> bool:
        return self.frequency != Frequency.ON_EVENT


class InformationForm(models.Model):
    """One person's standard collection form for one plan row and one period. Created by
    `services.forms_generate` (scheduled rows) or by the person when something happens (rows
    "on event": period = the day, due the same day, handed in at once)."""

    plan_item = models.ForeignKey(
        PlanItem, verbose_name=_("plan row"), on_delete=models.PROTECT, related_name="forms"
    )
    kind = models.CharField(_("kind of information"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        on_delete=models.PROTECT,
        related_name="information_forms",
    )
    # The person's region when the form was created (empty for company-level people): the
    # region manager's list scopes on this column.
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"))
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    # The local (Asia/Shanghai) date of submitted_at: "late" compares it with due_on in SQL.
    submitted_on = models.DateField(_("handed in on"), null=True, blank=True)
    nothing_to_report = models.BooleanField(_("nothing to report"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "plan_item_id", "person_id"]
        verbose_name = _("information form")
        verbose_name_plural = _("information forms")
        constraints = [
            # forms_generate upserts on this key, so running it again creates nothing.
            models.UniqueConstraint(
                fields=["plan_item", "person", "period_start"], name="infoform_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start"))
                & Q(due_on__gte=models.F("period_end")),
                name="infoform_period_order",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, submitted_on__isnull=True)
                | Q(submitted_at__isnull=False, submitted_on__isnull=False),
                name="infoform_submitted_both",
            ),
        ]
        indexes = [
            # late_forms and the lists: forms by due date (the month range), per person.
            models.Index(fields=["due_on", "person"], name="infoform_due_person_idx"),
            models.Index(fields=["person", "-due_on"], name="infoform_person_due_idx"),
            models.Index(fields=["region", "-due_on"], name="infoform_region_due_idx"),
            # The missing forms (not handed in, past due): a tenth of the forms, counted and
            # listed from this index alone on PostgreSQL.
            models.Index(
                fields=["due_on"],
                include=["plan_item", "region", "person"],
                condition=Q(submitted_at__isnull=True),
                name="infoform_missing_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_item} · {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("information:form-detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Entry(models.Model):
    """One piece of information reported in a form (see the module docstring)."""

    form = models.ForeignKey(
        InformationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_on = models.DateField(_("reported on"))
    title = models.CharField(_("headline"), max_length=200)
    body = models.TextField(_("details"), max_length=4000, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Competitor: the competitor's name and technology; its price lives in pricing's list.
    competitor = models.CharField(_("competitor"), max_length=100, blank=True)
    product = models.CharField(_("competitor's product"), max_length=100, blank=True)
    competitor_price = models.ForeignKey(
        CompetitorPrice,
        verbose_name=_("competitor price"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Policy and regulation.
    emission_standard = models.CharField(
        _("emission standard"), max_length=20, choices=EmissionStandard.choices, blank=True
    )
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    # Market data.
    metric = models.CharField(_("figure"), max_length=100, blank=True)
    value = models.DecimalField(_("value"), null=True, blank=True, **FIGURE)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    # Consolidation.
    for_analysis = models.BooleanField(_("marked for analysis"), default=False)
    digest = models.ForeignKey(
        "Digest",
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("information entry")
        verbose_name_plural = _("information entries")
        indexes = [
            # The consolidation page reads a month of entries, newest first.
            models.Index(fields=["reported_on", "kind"], name="infoentry_reported_idx"),
            models.Index(fields=["region", "-reported_on"], name="infoentry_region_idx"),
            models.Index(fields=["author", "-reported_on"], name="infoentry_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="competitor") | ~Q(competitor=""),
                name="infoentry_competitor_named",
            ),
            models.CheckConstraint(
                condition=~Q(kind="market") | (~Q(metric="") & Q(value__isnull=False)),
                name="infoentry_market_has_figure",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(value__gt=-FIGURE_MAX) & Q(value__lt=FIGURE_MAX)),
                name="infoentry_value_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Digest(models.Model):
    """The intelligence digest of one month: what marketing admin marked for analysis, with a
    summary, published to the plan's recipients (page, Excel, e-mail)."""

    month = models.DateField(_("month"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary and analysis"), max_length=8000, blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipients_count = models.PositiveIntegerField(_("sent to"), default=0)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("intelligence digest")
        verbose_name_plural = _("intelligence digests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("information:digest-detail", args=[self.pk])
