"""Budgets and expenses (SPEC §9): spend is planned, checked against the budget before it
happens, and what was not approved beforehand is not reimbursed.

Budget holders: a region, a company-level department (marketing department, brand) or a
customer development project. A region or department budget is phased by month
(BudgetLine.month is the first of the month); a project budget is annual (BudgetLine.month is
empty). An expense line is charged to exactly one budget line — see `services.charge_target`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.i18n import name_in_language
from customers.models import Customer, DevelopmentProject, Visit
from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}


class Status(models.TextChoices):
    """The document's state, mirrored from its approval by the approval hooks (plus paid)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for rework")
    PAID = "paid", _("Paid")


EDITABLE = (Status.DRAFT, Status.RETURNED)
# A submitted claim commits budget; an approved or paid one has spent it.
COMMITTED = (Status.SUBMITTED,)
SPENT = (Status.APPROVED, Status.PAID)


class Scope(models.TextChoices):
    REGION = "region", _("Region")
    DEPARTMENT = "department", _("Department")
    PROJECT = "project", _("Development project")


class CostCategory(models.Model):
    """A cost category (travel, rent, entertainment, …). Categories are data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")

    def __str__(self) -> str:
        return name_in_language(self.name, self.name_en)


class Department(models.Model):
    """A company-level budget holder without a region (marketing department, brand)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("budget owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return name_in_language(self.name, self.name_en)


class Budget(models.Model):
    """One holder's budget for one year, approved as a whole (document type budgets.budget)."""

    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("budget of"), max_length=16, choices=Scope.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For a project budget: the project's region."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("budget owner"),
        on_delete=models.PROTECT,
        related_name="owned_budgets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "scope", "region", "department", "project"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"],
                condition=Q(scope="region"),
                name="budget_one_per_region_year",
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                condition=Q(scope="department"),
                name="budget_one_per_department_year",
            ),
            models.UniqueConstraint(
                fields=["year", "project"],
                condition=Q(scope="project"),
                name="budget_one_per_project_year",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="region",
                        region__isnull=False,
                        department__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        scope="department",
                        department__isnull=False,
                        region__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        scope="project",
                        project__isnull=False,
                        region__isnull=False,
                        department__isnull=True,
                    )
                ),
                name="budget_holder_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s budget · %(holder)s") % {"year": self.year, "holder": self.holder}

    def get_absolute_url(self) -> str:
        return reverse("budgets:budget-detail", args=[self.pk])

    @property
    def holder(self):
        return {
            Scope.REGION: self.region,
            Scope.DEPARTMENT: self.department,
            Scope.PROJECT: self.project,
        }.get(self.scope)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def phased(self) -> bool:
        """Region and department budgets are phased by month; project budgets are annual."""
        return self.scope != Scope.PROJECT


class BudgetLine(models.Model):
    """The budget of one category for one month (or, for a project, the year). `amount` is the
    approved plan; `supplement` is the sum of approved supplemental requests, kept apart so the
    two layers stay visible. Spending locks this row (select_for_update)."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    month = models.DateField(
        _("month"), null=True, blank=True, help_text=_("Empty: the whole year.")
    )
    amount = models.DecimalField(
        _("budget"),
        default=0,
        validators=bounds.range_validators(0, bounds.BUDGET_LINE_MAX),
        **MONEY,
    )
    supplement = models.DecimalField(_("approved supplements"), default=0, **MONEY)
    # Committed and spent on this line (its lines of submitted, approved and paid claims), kept
    # by services.budget_line_used_refresh on every claim transition and by the nightly roll-up,
    # so the home panel reads a few rows instead of every claim line of the month.
    used = models.DecimalField(_("used"), default=0, editable=False, **MONEY)

    class Meta:
        ordering = ["budget", "category__order", "month"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "category", "month"],
                condition=Q(month__isnull=False),
                name="budget_line_unique_month",
            ),
            models.UniqueConstraint(
                fields=["budget", "category"],
                condition=Q(month__isnull=True),
                name="budget_line_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
            bounds.check("budget_line_amount_bounded", "amount", 0, bounds.BUDGET_LINE_MAX),
            models.CheckConstraint(
                condition=Q(supplement__gte=0), name="budget_line_supplement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        period = self.month.strftime("%Y-%m") if self.month else str(self.budget.year)
        return f"{self.budget.holder} · {self.category} · {period}"

    @property
    def total(self):
        return self.amount + self.supplement


class Supplement(models.Model):
    """A supplemental budget request (費用預算追加申請), approved before the spend."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="budget_supplements",
    )
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="supplements",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount (CNY)"), validators=bounds.range_validators(0, bounds.REQUEST_MAX), **MONEY
    )
    reason = models.TextField(_("reason"), **bounds.text(bounds.NOTE_MAX))
    planned_date = models.DateField(_("planned spend date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supplemental budget request")
        verbose_name_plural = _("supplemental budget requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="supplement_amount_positive"),
            bounds.check("supplement_amount_bounded", "amount", 0, bounds.REQUEST_MAX),
        ]
        indexes = [
            models.Index(fields=["line", "status", "approved_on"], name="supplement_line_idx")
        ]

    def __str__(self) -> str:
        return _("Supplement %(amount)s CNY · %(line)s") % {
            "amount": self.amount,
            "line": self.line,
        }

    def get_absolute_url(self) -> str:
        return reverse("budgets:supplement-detail", args=[self.pk])


class CashAdvance(models.Model):
    """Money borrowed against a foreseen spend (借支), settled by later claims; what is left
    is deducted from the next bonus (see services.outstanding_advance)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="cash_advances",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount (CNY)"), validators=bounds.range_validators(0, bounds.REQUEST_MAX), **MONEY
    )
    reason = models.TextField(_("reason"), **bounds.text(bounds.NOTE_MAX))
    planned_date = models.DateField(_("planned spend date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cash advance")
        verbose_name_plural = _("cash advances")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="advance_amount_positive"),
            bounds.check("advance_amount_bounded", "amount", 0, bounds.REQUEST_MAX),
        ]

    def __str__(self) -> str:
        return _("Advance %(amount)s CNY · %(person)s") % {
            "amount": self.amount,
            "person": self.person,
        }

    def get_absolute_url(self) -> str:
        return reverse("budgets:advance-detail", args=[self.pk])


class AdvanceRepayment(models.Model):
    """Part of an advance settled other than by a claim: deducted from a bonus (SPEC §10).
    `reference` names what deducted it (e.g. "performance.bonusline:42"); it is unique per
    advance, so the same deduction can never settle an advance twice."""

    advance = models.ForeignKey(
        CashAdvance,
        verbose_name=_("advance"),
        on_delete=models.PROTECT,
        related_name="repayments",
    )
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    reference = models.CharField(_("settled by"), max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("settled at"), auto_now_add=True)

    class Meta:
        ordering = ["advance", "created_at"]
        verbose_name = _("advance repayment")
        verbose_name_plural = _("advance repayments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.UniqueConstraint(fields=["advance", "reference"], name="repayment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.advance_id} · {self.amount} · {self.reference}"


class ExpenseClaim(models.Model):
    """An expense claim (報銷). Charged to the claimant's region, or for people without a
    region to a department; a line that served a development project is charged to the
    project's budget instead."""

    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimant"),
        on_delete=models.PROTECT,
        related_name="expense_claims",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The sum of the lines: at most CLAIM_LINES_MAX lines of at most CLAIM_LINE_MAX each.
    total = models.DecimalField(_("total (CNY)"), default=0, **MONEY)
    advance = models.ForeignKey(
        CashAdvance,
        verbose_name=_("settles advance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    advance_settled = models.DecimalField(_("settled against the advance"), default=0, **MONEY)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects claim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        indexes = [
            models.Index(fields=["claimant", "-created_at", "-id"], name="claim_claimant_idx"),
            models.Index(fields=["region", "status"], name="claim_region_status_idx"),
            # Finance's list of every claim, newest first.
            models.Index(fields=["-created_at", "-id"], name="claim_created_idx"),
            # Covering (PostgreSQL): the used-budget sums check each line's claim status from the
            # index.
            models.Index(fields=["id"], include=["status"], name="claim_status_cover_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(department__isnull=False),
                name="claim_has_region_or_department",
            ),
            bounds.check(
                "claim_total_bounded", "total", -bounds.CLAIM_TOTAL_MAX, bounds.CLAIM_TOTAL_MAX
            ),
            bounds.check(
                "claim_advance_settled_bounded", "advance_settled", 0, bounds.CLAIM_TOTAL_MAX
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("budgets:claim-detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The title in the reader's language: a correction keeps the corrected claim's title
        and is shown as "Correction of …" (更正：…) to each reader."""
        if self.corrects_id is None:
            return self.title
        return _("Correction of %(title)s") % {"title": self.title}

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ExpenseLine(models.Model):
    """One spend. `amount` is always CNY (`currency` stays "CNY"): budget checks and roll-ups
    read only it. A receipt in USD keeps its original currency, amount and the rate used
    (finance's monthly USD→CNY rate, see services.claim_line_add); other currencies are
    converted by the claimant (see docs/budgets.md). Negative amounts only on correction claims."""

    CURRENCIES = [("CNY", "CNY")]
    # The receipt currencies accepted: finance publishes a monthly rate only for USD.
    RECEIPT_CURRENCIES = [("CNY", "CNY"), ("USD", "USD")]

    claim = models.ForeignKey(
        ExpenseClaim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="lines"
    )
    date = models.DateField(_("date"))
    month = models.DateField(_("month"), editable=False)
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    amount = models.DecimalField(
        _("amount"),
        validators=bounds.range_validators(-bounds.CLAIM_LINE_MAX, bounds.CLAIM_LINE_MAX),
        **MONEY,
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="CNY")
    original_currency = models.CharField(
        _("receipt currency"), max_length=3, choices=RECEIPT_CURRENCIES, default="CNY"
    )
    original_amount = models.DecimalField(
        _("receipt amount"),
        null=True,
        blank=True,
        help_text=_("In the receipt currency, when it is not CNY."),
        validators=bounds.range_validators(-bounds.CLAIM_LINE_MAX, bounds.CLAIM_LINE_MAX),
        **MONEY,
    )
    fx_rate = models.DecimalField(
        _("exchange rate"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("CNY per unit of the receipt currency."),
    )
    fx_month = models.DateField(
        _("rate of month"),
        null=True,
        blank=True,
        help_text=_("The month of finance's market data whose rate was used."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("charged to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expense_lines",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        # Covering (PostgreSQL): "how much of this budget line is used" reads the index only.
        indexes = [
            models.Index(
                fields=["budget_line", "month"],
                include=["claim", "amount"],
                name="expense_line_budget_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(currency="CNY"), name="expense_line_cny_only"),
            bounds.check(
                "expense_line_amount_bounded",
                "amount",
                -bounds.CLAIM_LINE_MAX,
                bounds.CLAIM_LINE_MAX,
            ),
            # A CNY receipt has no conversion; a USD receipt has all of it.
            models.CheckConstraint(
                condition=(
                    Q(
                        original_currency="CNY",
                        original_amount__isnull=True,
                        fx_rate__isnull=True,
                        fx_month__isnull=True,
                    )
                    | Q(
                        original_currency="USD",
                        original_amount__isnull=False,
                        fx_rate__gt=0,
                        fx_month__isnull=False,
                    )
                ),
                name="expense_line_conversion_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} · {self.category} · {self.amount}"

    def save(self, *args, **kwargs):
        self.month = self.date.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def is_converted(self) -> bool:
        return self.original_currency != "CNY"

    @property
    def conversion(self) -> str:
        """The conversion as shown, e.g. "USD 100.00 × 7.1800 = CNY 718.00" (codes and numbers read
        the same in both languages)."""
        if not self.is_converted:
            return ""
        return (
            f"{self.original_currency} {self.original_amount:,.2f} × {self.fx_rate:.4f} "
            f"= {self.currency} {self.amount:,.2f}"
        )

    @property
    def fx_fallback(self) -> bool:
        """The rate is an earlier month's: finance had not uploaded the month of the expense."""
        return self.is_converted and self.fx_month != self.date.replace(day=1)


def receipt_path(instance, filename: str) -> str:
    return f"receipts/{instance.line.claim_id}/{filename}"


class Receipt(models.Model):
    line = models.ForeignKey(
        ExpenseLine,
        verbose_name=_("expense line"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    file = models.FileField(_("file"), upload_to=receipt_path)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.name


class Period(models.TextChoices):
    MONTH = "month", _("Month")
    YTD = "ytd", _("Year to date")


class ExecutionFigure(models.Model):
    """The stored monthly roll-up: one row per budget holder × category × period for a month,
    written by services.budget_execution_rollup (delete + insert in one transaction)."""

    month = models.DateField(_("month"))
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    scope = models.CharField(_("budget of"), max_length=16, choices=Scope.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, null=True, blank=True
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(CostCategory, verbose_name=_("category"), on_delete=models.CASCADE)
    budget = models.DecimalField(_("budget"), default=0, **MONEY)
    supplement = models.DecimalField(_("supplements"), default=0, **MONEY)
    committed = models.DecimalField(_("committed"), default=0, **MONEY)
    spent = models.DecimalField(_("spent"), default=0, **MONEY)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["month", "period", "scope", "category"]
        verbose_name = _("budget execution figure")
        verbose_name_plural = _("budget execution figures")
        indexes = [models.Index(fields=["month", "period", "region"], name="execution_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.period} {self.scope} {self.category_id}"


class RollupNotice(models.Model):
    """One e-mail per owner per month: a re-run of the roll-up does not e-mail again."""

    month = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "owner"], name="rollup_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} → {self.owner_id}"
