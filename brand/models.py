"""Brand management (SPEC §11, 品牌管理程序).

* `Positioning` — the brand's value positioning of one year (versioned by year), with the
  evidence it rests on; approved through the approval mechanism ("brand.positioning"). The
  current positioning is the latest approved year.
* `ToolkitItem` / `ToolkitVersion` — the promotion toolkit: standard statements, brochure,
  product sheets, customer cases; each item has a language and an owner and keeps every
  uploaded version; reps download the current (latest) one.
* `PromotionPlan` / `PromotionActivity` — a year's promotion plan and its activities (dates,
  owner, supervisor, expected effect, budget). The plan's budget is checked against the brand
  department's brand-promotion budget of the budgets app (`services.plan_budget_check`) and
  approved through the approval mechanism ("brand.promotion"); results are recorded per activity.
* `BrandSurvey` / `ImprovementAction` — how a customer perceives the brand, once a year, and the
  improvement plan that follows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}
# One activity's budget: a trade fair stand or a national ad campaign stays below this.
ACTIVITY_BUDGET_MAX = 5_000_000
COUNT_MAX = 100_000


class Status(models.TextChoices):
    """Mirrored from the approval (the mechanism moves it)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for rework")


EDITABLE = (Status.DRAFT, Status.RETURNED)


class Positioning(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    statement = models.TextField(_("value positioning"), max_length=4000)
    value_claims = models.CharField(
        _("value claims"),
        max_length=300,
        help_text=_("E.g. low cost through technology; stable quality; national brand; service."),
    )
    customer_research = models.TextField(_("customer research"), max_length=4000, blank=True)
    competitor_analysis = models.TextField(_("competitor analysis"), max_length=4000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("brand positioning")
        verbose_name_plural = _("brand positionings")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="positioning_year_range"
            )
        ]

    def __str__(self) -> str:
        return _("Brand positioning %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("brand:positioning-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ToolkitKind(models.TextChoices):
    STATEMENT = "statement", _("Standard statement")
    BROCHURE = "brochure", _("Company brochure")
    PRODUCT_SHEET = "product_sheet", _("Product sheet")
    CASE = "case", _("Customer case")


class Language(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")


class ToolkitItem(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ToolkitKind.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The latest version, kept on the item so the list reads it without a query per row.
    current = models.ForeignKey(
        "ToolkitVersion",
        verbose_name=_("current version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "title", "language"]
        verbose_name = _("toolkit item")
        verbose_name_plural = _("promotion toolkit")

    def __str__(self) -> str:
        return self.title


class ToolkitVersion(models.Model):
    item = models.ForeignKey(ToolkitItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to="brand/toolkit/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="toolkit_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class ActivityKind(models.TextChoices):
    MEDIA_AD = "media_ad", _("Trade-media advertising")
    CONFERENCE = "conference", _("Conference or exhibition")
    TRAINING = "training", _("Customer training")


class PromotionPlan(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The sum of the activities' budgets, refreshed by the service that changes them.
    total = models.DecimalField(_("budget"), default=0, **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("promotion plan")
        verbose_name_plural = _("promotion plans")
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="promotion_total_not_negative")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("brand:plan-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class PromotionActivity(models.Model):
    plan = models.ForeignKey(
        PromotionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("activity"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_effect = models.CharField(_("expected effect"), max_length=300)
    budget = models.DecimalField(
        _("budget (CNY)"),
        validators=[MinValueValidator(1), MaxValueValidator(ACTIVITY_BUDGET_MAX)],
        **MONEY,
    )
    # Results, recorded once the activity is done.
    leads = models.PositiveIntegerField(
        _("leads"), null=True, blank=True, validators=[MaxValueValidator(COUNT_MAX)]
    )
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, validators=[MaxValueValidator(COUNT_MAX)]
    )
    actual_cost = models.DecimalField(
        _("actual cost (CNY)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(ACTIVITY_BUDGET_MAX)],
        **MONEY,
    )
    results_note = models.CharField(_("results"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("results recorded"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("promotion activity")
        verbose_name_plural = _("promotion activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gt=0) & Q(budget__lte=ACTIVITY_BUDGET_MAX),
                name="activity_budget_bounded",
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True)
                | (Q(actual_cost__gte=0) & Q(actual_cost__lte=ACTIVITY_BUDGET_MAX)),
                name="activity_cost_bounded",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_dates_order"
            ),
            models.CheckConstraint(
                condition=(Q(leads__isnull=True) | Q(leads__lte=COUNT_MAX))
                & (Q(attendance__isnull=True) | Q(attendance__lte=COUNT_MAX)),
                name="activity_counts_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BrandSurvey(models.Model):
    """How one customer perceives the brand in one year, on the positioning's value claims
    (1–5 each); the overall score is their average."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    technology = models.PositiveSmallIntegerField(
        _("low cost through technology"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    quality = models.PositiveSmallIntegerField(
        _("stable quality"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    national_brand = models.PositiveSmallIntegerField(
        _("national brand"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    service = models.PositiveSmallIntegerField(
        _("service"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCORES = ("technology", "quality", "national_brand", "service")

    class Meta:
        ordering = ["-year", "customer__name"]
        verbose_name = _("brand perception survey")
        verbose_name_plural = _("brand perception surveys")
        constraints = [
            models.UniqueConstraint(fields=["customer", "year"], name="brand_survey_per_year"),
            models.CheckConstraint(
                condition=Q(technology__gte=1, technology__lte=5)
                & Q(quality__gte=1, quality__lte=5)
                & Q(national_brand__gte=1, national_brand__lte=5)
                & Q(service__gte=1, service__lte=5),
                name="brand_survey_scores_1_5",
            ),
        ]
        indexes = [models.Index(fields=["year", "region"], name="brand_survey_year_idx")]

    def __str__(self) -> str:
        return f"{self.customer} · {self.year}"


class ImprovementAction(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement plan")

    def __str__(self) -> str:
        return self.action
