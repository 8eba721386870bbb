"""Marketing planning (SPEC §5): three-year rolling targets, the annual company target with its
strategy and resources, its decomposition to regions by month, each region's annual plan (per
key customer, development milestones, expense budget), its approval and issue, and mid-year
adjustments.

Targets of an issued plan are `PlanLine` rows, one per (customer or "other customers", month)
and plan version: version 1 is the plan as issued (the original), each approved adjustment
writes the next version (the current one is `RegionPlan.current_version`). Both stay readable:
`selectors.targets(which="original" | "current")`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgets.models import CostCategory
from customers.models import Customer, DevelopmentProject, Stage
from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}
LITRES = {"max_digits": 14, "decimal_places": 2}

# Business bounds of every figure (form max_value and model CheckConstraint alike). A year of
# the whole company: up to 100 million litres and 100 billion CNY; a region or customer month
# is below that, so the same bound holds for every row.
LITRES_MAX = Decimal("100000000")
REVENUE_MAX = Decimal("100000000000")
CUSTOMERS_MAX = 10000
PEOPLE_MAX = 10000
YEAR_MIN, YEAR_MAX = 2000, 2100
TEXT_MAX = 4000


def _bounded(field: str, low, high, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low}) & Q(**{f"{field}__lte": high}), name=name
    )


def year_field(verbose):
    return models.PositiveSmallIntegerField(
        verbose, validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )


class Status(models.TextChoices):
    """A plan's (or adjustment's) state, mirrored from its approval; approved is "issued"."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for rework")


EDITABLE = (Status.DRAFT, Status.RETURNED)


class RollingTarget(models.Model):
    """One version of the three-year rolling target (3年滾動目標), drawn up in `base_year`
    for base_year … base_year + 2. A new version each year; old versions stay readable."""

    base_year = models.PositiveSmallIntegerField(
        _("drawn up in"),
        unique=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
    )
    note = models.TextField(_("assumptions and changes"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-base_year"]
        verbose_name = _("three-year rolling target")
        verbose_name_plural = _("three-year rolling targets")
        constraints = [
            _bounded("base_year", YEAR_MIN, YEAR_MAX, "rolling_target_year_range"),
        ]

    def __str__(self) -> str:
        return _("Rolling target %(first)s–%(last)s") % {
            "first": self.base_year,
            "last": self.base_year + 2,
        }

    def get_absolute_url(self) -> str:
        return reverse("planning:rolling-detail", args=[self.pk])


class RollingTargetYear(models.Model):
    """One year's figures of a rolling-target version."""

    version = models.ForeignKey(
        RollingTarget, on_delete=models.CASCADE, related_name="years", verbose_name=_("version")
    )
    year = year_field(_("year"))
    litres = models.DecimalField(_("volume (L)"), **LITRES)
    revenue = models.DecimalField(_("revenue (CNY)"), **MONEY)
    margin = models.DecimalField(_("gross margin (CNY)"), **MONEY)
    customers_developed = models.PositiveIntegerField(_("customers developed"))

    class Meta:
        ordering = ["version", "year"]
        verbose_name = _("rolling-target year")
        verbose_name_plural = _("rolling-target years")
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="rolling_year_unique"),
            _bounded("litres", 0, LITRES_MAX, "rolling_year_litres_range"),
            _bounded("revenue", 0, REVENUE_MAX, "rolling_year_revenue_range"),
            _bounded("margin", -REVENUE_MAX, REVENUE_MAX, "rolling_year_margin_range"),
            _bounded("customers_developed", 0, CUSTOMERS_MAX, "rolling_year_customers_range"),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.year}"


class CompanyTarget(models.Model):
    """The annual company target (年度營銷目標) with its marketing-mix strategy and resource
    plan; its decomposition to regions by month is `RegionTarget`."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
    )
    litres = models.DecimalField(_("volume (L)"), **LITRES)
    revenue = models.DecimalField(_("revenue (CNY)"), **MONEY)
    margin = models.DecimalField(_("gross margin (CNY)"), **MONEY)
    customers_developed = models.PositiveIntegerField(_("customers developed"))
    strategy_price = models.TextField(_("price strategy"), max_length=TEXT_MAX, blank=True)
    strategy_brand = models.TextField(_("brand strategy"), max_length=TEXT_MAX, blank=True)
    strategy_cooperation = models.TextField(
        _("cooperation strategy"), max_length=TEXT_MAX, blank=True
    )
    resource_money = models.DecimalField(_("resources: money (CNY)"), default=0, **MONEY)
    resource_people = models.PositiveIntegerField(_("resources: people"), default=0)
    resource_note = models.TextField(_("resource plan"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual company target")
        verbose_name_plural = _("annual company targets")
        constraints = [
            _bounded("year", YEAR_MIN, YEAR_MAX, "company_target_year_range"),
            _bounded("litres", 0, LITRES_MAX, "company_target_litres_range"),
            _bounded("revenue", 0, REVENUE_MAX, "company_target_revenue_range"),
            _bounded("margin", -REVENUE_MAX, REVENUE_MAX, "company_target_margin_range"),
            _bounded("customers_developed", 0, CUSTOMERS_MAX, "company_target_customers_range"),
            _bounded("resource_money", 0, REVENUE_MAX, "company_target_money_range"),
            _bounded("resource_people", 0, PEOPLE_MAX, "company_target_people_range"),
        ]

    def __str__(self) -> str:
        return _("%(year)s company target") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("planning:target-detail", args=[self.pk])


class RegionTarget(models.Model):
    """The company target decomposed (指標分解): one region's share for one month."""

    target = models.ForeignKey(
        CompanyTarget, on_delete=models.CASCADE, related_name="splits", verbose_name=_("target")
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    month = models.DateField(_("month"))
    litres = models.DecimalField(_("volume (L)"), default=0, **LITRES)
    revenue = models.DecimalField(_("revenue (CNY)"), default=0, **MONEY)
    margin = models.DecimalField(_("gross margin (CNY)"), default=0, **MONEY)

    class Meta:
        ordering = ["target", "region", "month"]
        verbose_name = _("region target")
        verbose_name_plural = _("region targets")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "region", "month"], name="region_target_unique"
            ),
            _bounded("litres", 0, LITRES_MAX, "region_target_litres_range"),
            _bounded("revenue", 0, REVENUE_MAX, "region_target_revenue_range"),
            _bounded("margin", -REVENUE_MAX, REVENUE_MAX, "region_target_margin_range"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.month:%Y-%m}"


class RegionPlan(models.Model):
    """A region's annual plan (年度銷售計劃、客戶開發計劃、費用預算), drafted by its manager,
    consolidated by marketing administration, reviewed by the director and approved by the
    executive committee (document type planning.plan); approved, it is issued: read-only."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="plans"
    )
    year = year_field(_("year"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("notes"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    current_version = models.PositiveSmallIntegerField(_("version"), default=1)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "region"]
        verbose_name = _("region plan")
        verbose_name_plural = _("region plans")
        constraints = [
            # One live plan per region and year; a rejected plan makes way for a new draft.
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=~Q(status="rejected"),
                name="region_plan_one_per_year",
            ),
            _bounded("year", YEAR_MIN, YEAR_MAX, "region_plan_year_range"),
            models.CheckConstraint(
                condition=Q(current_version__gte=1), name="region_plan_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s plan · %(region)s") % {"year": self.year, "region": self.region}

    def get_absolute_url(self) -> str:
        return reverse("planning:plan-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_issued(self) -> bool:
        return self.status == Status.ISSUED


class PlanLine(models.Model):
    """A target of a region plan: litres and revenue of one key customer (or, with no
    customer, the region's other customers) in one month, in one version of the plan. `rep`
    is the customer's account owner when the plan was drafted: whose target it is."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The plan's region, copied so that region scope and roll-ups need no join.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the region's other customers."),
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    month = models.DateField(_("month"))
    litres = models.DecimalField(_("volume (L)"), default=0, **LITRES)
    revenue = models.DecimalField(_("revenue (CNY)"), default=0, **MONEY)

    class Meta:
        ordering = ["plan", "version", "customer", "month"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version", "customer", "month"],
                condition=Q(customer__isnull=False),
                name="plan_line_unique_customer",
            ),
            models.UniqueConstraint(
                fields=["plan", "version", "month"],
                condition=Q(customer__isnull=True),
                name="plan_line_unique_other",
            ),
            _bounded("litres", 0, LITRES_MAX, "plan_line_litres_range"),
            _bounded("revenue", 0, REVENUE_MAX, "plan_line_revenue_range"),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_line_version_positive"),
        ]
        indexes = [
            # targets(): the months of a period, per region (the tracking pages and dashboard).
            models.Index(fields=["month", "region", "version"], name="plan_line_month_idx"),
            models.Index(fields=["plan", "version"], name="plan_line_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer or _('Other customers')} · {self.month:%Y-%m}"


class Milestone(models.Model):
    """A development milestone of a region plan: this project reaches this stage by this date.
    `baseline_date` is the date as planned when the plan was drafted — kept when the project's
    stage dates move later, so execution is judged against it."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan")
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices)
    baseline_date = models.DateField(_("baseline date"))

    class Meta:
        ordering = ["plan", "baseline_date", "pk"]
        verbose_name = _("development milestone")
        verbose_name_plural = _("development milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "project", "stage"], name="milestone_unique_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"


class PlanBudgetLine(models.Model):
    """The plan's expense budget: one cost category in one month. Approved with the plan, it
    becomes the region's budget in `budgets` (one source, no retyping)."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("plan")
    )
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount (CNY)"), default=0, **MONEY)

    class Meta:
        ordering = ["plan", "category__order", "month"]
        verbose_name = _("plan budget line")
        verbose_name_plural = _("plan budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category", "month"], name="plan_budget_line_unique"
            ),
            _bounded("amount", 0, REVENUE_MAX, "plan_budget_line_amount_range"),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.month:%Y-%m}"


class Adjustment(models.Model):
    """A mid-year target adjustment (目標調整方案) of an issued plan: a reason and new figures
    for some (customer, month) cells, approved like the plan (document type
    planning.adjustment). Approved, it writes the plan's next version."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.PROTECT, related_name="adjustments", verbose_name=_("plan")
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("plan version written"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("target adjustment")
        verbose_name_plural = _("target adjustments")
        constraints = [
            # One open adjustment per plan at a time: each is judged against the current version.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="adjustment_one_open_per_plan",
            )
        ]

    def __str__(self) -> str:
        return _("Adjustment of %(plan)s") % {"plan": self.plan}

    def get_absolute_url(self) -> str:
        return reverse("planning:adjustment-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class AdjustmentLine(models.Model):
    """The new figures of one (customer or other customers, month) cell."""

    adjustment = models.ForeignKey(
        Adjustment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("adjustment")
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, null=True, blank=True
    )
    month = models.DateField(_("month"))
    litres = models.DecimalField(_("volume (L)"), default=0, **LITRES)
    revenue = models.DecimalField(_("revenue (CNY)"), default=0, **MONEY)

    class Meta:
        ordering = ["adjustment", "customer", "month"]
        verbose_name = _("adjustment line")
        verbose_name_plural = _("adjustment lines")
        constraints = [
            models.UniqueConstraint(
                fields=["adjustment", "customer", "month"],
                condition=Q(customer__isnull=False),
                name="adjustment_line_unique_customer",
            ),
            models.UniqueConstraint(
                fields=["adjustment", "month"],
                condition=Q(customer__isnull=True),
                name="adjustment_line_unique_other",
            ),
            _bounded("litres", 0, LITRES_MAX, "adjustment_line_litres_range"),
            _bounded("revenue", 0, REVENUE_MAX, "adjustment_line_revenue_range"),
        ]

    def __str__(self) -> str:
        return f"{self.customer or _('Other customers')} · {self.month:%Y-%m}"


class TargetVersion(models.TextChoices):
    """Which targets a comparison reads: the plan as issued, or after approved adjustments."""

    ORIGINAL = "original", _("original")
    CURRENT = "current", _("current")


class TargetMonth(models.Model):
    """Issued targets summed over customers: plan × original/current × month × rep.

    Written only by `planning.services.target_month_rebuild` whenever a plan's targets change
    (a draft saved, the plan issued, an adjustment approved: the plan's rows replaced in the
    same transaction). `planning.selectors.targets` reads the issued plans' rows whenever a
    question needs no customer (by month, region or rep; the dashboard, the home panels, the
    KPI job) and the consolidation reads every plan's, so their cost follows the number of
    reps, not of key customers."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    which = models.CharField(_("targets"), max_length=8, choices=TargetVersion.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    month = models.DateField(_("month"))
    litres = models.DecimalField(_("volume (L)"), max_digits=20, decimal_places=2)
    revenue = models.DecimalField(_("revenue (CNY)"), max_digits=20, decimal_places=2)

    class Meta:
        ordering = ["plan", "which", "month", "rep"]
        verbose_name = _("monthly target per rep")
        verbose_name_plural = _("monthly targets per rep")
        indexes = [
            models.Index(fields=["which", "month", "region"], name="targetmonth_month_idx"),
            models.Index(fields=["region", "which", "month"], name="targetmonth_region_idx"),
            models.Index(fields=["rep", "which", "month"], name="targetmonth_rep_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id}/{self.rep_id} ({self.which})"
