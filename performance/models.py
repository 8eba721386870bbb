"""Sales-force performance (SPEC §10): the competency model and assessments, training, KPI
definitions and their monthly values, incentive parameters and bonus sheets."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import name_in_language
from regions.models import Region
from regions.roles import Role

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}
# A bonus line's pay figures: at most ten million CNY a person and period.
PAY_MAX = Decimal("10000000")
# Percent figures (weights, targets, achievement, scores): up to 9,999.99 %.
PERCENT = {"max_digits": 8, "decimal_places": 2}
LEVELS = [(n, str(n)) for n in range(1, 6)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


# --- the competency model ---------------------------------------------------------------------


class CompetencyGroup(models.Model):
    """One of the four groups: judgement, drive, cohesion, inner drive."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("competency group")
        verbose_name_plural = _("competency groups")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return name_in_language(self.name, self.name_en)


class Competency(models.Model):
    """A competency A–J, assessed in levels 1 (highest) to 5."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    group = models.ForeignKey(
        CompetencyGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="competencies",
    )
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return name_in_language(self.name, self.name_en)


class LevelStandard(models.Model):
    """The written standard of one level of one competency."""

    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=LEVEL_VALIDATORS
    )
    standard = models.CharField(_("standard"), max_length=400)
    standard_en = models.CharField(_("English standard"), max_length=400, blank=True)

    class Meta:
        ordering = ["competency", "level"]
        verbose_name = _("level standard")
        verbose_name_plural = _("level standards")
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="levelstandard_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="levelstandard_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code}{self.level}"

    @property
    def display_standard(self) -> str:
        return name_in_language(self.standard, self.standard_en)


class RequiredLevel(models.Model):
    """The level a role requires in one competency (the profile per role, SPEC §10)."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("required level"), choices=LEVELS, validators=LEVEL_VALIDATORS
    )

    class Meta:
        ordering = ["role", "competency"]
        verbose_name = _("required level")
        verbose_name_plural = _("required profiles")
        constraints = [
            models.UniqueConstraint(fields=["role", "competency"], name="requiredlevel_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="requiredlevel_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.competency.code}{self.level}"


class AssessmentStatus(models.TextChoices):
    SELF = "self", _("Self-assessment")
    MANAGER = "manager", _("Manager's assessment")
    AGREED = "agreed", _("Agreed")


class Assessment(models.Model):
    """One assessment of a person against their role's profile: the person's own levels, the
    manager's, and the level both agreed (which the gaps are read from)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    # The role and region at the time of the assessment: history stays where it was.
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    assessed_on = models.DateField(_("assessment date"))
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.SELF
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["person", "-assessed_on"], name="assessment_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.assessed_on}"

    def get_absolute_url(self) -> str:
        return reverse("performance:assessment-detail", args=[self.pk])


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    self_level = models.PositiveSmallIntegerField(
        _("self"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    manager_level = models.PositiveSmallIntegerField(
        _("manager"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    agreed_level = models.PositiveSmallIntegerField(
        _("agreed"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )

    class Meta:
        ordering = ["assessment", "competency"]
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="score_once"),
            models.CheckConstraint(
                condition=(Q(self_level__isnull=True) | Q(self_level__gte=1, self_level__lte=5))
                & (Q(manager_level__isnull=True) | Q(manager_level__gte=1, manager_level__lte=5))
                & (Q(agreed_level__isnull=True) | Q(agreed_level__gte=1, agreed_level__lte=5)),
                name="score_levels_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.competency_id}"


class TrainingSession(models.Model):
    """A training session (培訓): its topic, the competencies it develops, date and trainer."""

    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    trainer = models.CharField(_("trainer"), max_length=100)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies addressed"), related_name="+"
    )
    # A region's own session, or the whole department's (no region).
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.held_on} · {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("performance:training-detail", args=[self.pk])


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["session", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.person_id}"


# --- KPIs ---------------------------------------------------------------------------------------


class Formula(models.TextChoices):
    """How a KPI's value is computed from what the system records (services.KPI_FORMULAS)."""

    SALES_COMPLETION = "sales_completion", _("Sales target completion")
    DEVELOPMENT_PLAN = "development_plan", _("Customer development plan execution")
    VISITS_ON_TIME = "visits_on_time", _("Visit reports on time")
    FORMS_ON_TIME = "forms_on_time", _("Information forms on time")
    BUDGET_KEPT = "budget_kept", _("Budget kept")
    DEPARTMENT_TARGET = "department_target", _("Marketing department target completion")
    SATISFACTION = "satisfaction", _("Internal customer satisfaction")


class Scope(models.TextChoices):
    """Whose records a KPI reads for a person: their own, their region's, the department's."""

    OWN = "own", _("Own records")
    REGION = "region", _("The region's records")
    DEPARTMENT = "department", _("The whole department's records")


class KpiDefinition(models.Model):
    """One KPI of one role in one year: a changed weight or target for next year is a new row,
    so last year's scores are never rewritten."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    formula = models.CharField(_("formula"), max_length=32, choices=Formula.choices)
    scope = models.CharField(_("measured on"), max_length=16, choices=Scope.choices, default="own")
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **PERCENT,
    )
    target = models.DecimalField(
        _("target"),
        help_text=_("In the KPI's unit: percent, or the average rating (1–5) for satisfaction."),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1000)],
        **PERCENT,
    )

    class Meta:
        ordering = ["year", "role", "-weight", "formula"]
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI definitions")
        constraints = [
            models.UniqueConstraint(fields=["year", "role", "formula"], name="kpidef_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100), name="kpidef_weight_0_100"
            ),
            models.CheckConstraint(
                condition=Q(target__gt=0, target__lte=1000), name="kpidef_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_role_display()} · {self.display_name}"

    @property
    def display_name(self) -> str:
        return name_in_language(self.name, self.name_en)


class ScoringBand(models.Model):
    """Achievement (value ÷ target, in percent) from `achievement_from` up scores `score`
    points; the highest band reached applies, below every band the score is 0."""

    definition = models.ForeignKey(
        KpiDefinition, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="bands"
    )
    achievement_from = models.DecimalField(
        _("achievement from (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        **PERCENT,
    )
    score = models.DecimalField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(200)], **PERCENT
    )

    class Meta:
        ordering = ["definition", "achievement_from"]
        verbose_name = _("scoring band")
        verbose_name_plural = _("scoring bands")
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "achievement_from"], name="scoringband_once"
            ),
            models.CheckConstraint(
                condition=Q(achievement_from__gte=0, achievement_from__lte=1000)
                & Q(score__gte=0, score__lte=200),
                name="scoringband_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"≥ {self.achievement_from} % → {self.score}"


class ValueStatus(models.TextChoices):
    OK = "ok", _("Computed")
    NO_DATA = "no_data", _("Nothing to measure this month")


class KpiValue(models.Model):
    """One KPI's value for one person (or, with no person, one region) and month, written by
    the monthly job (services.kpi_compute: the month's rows deleted and inserted in one
    transaction)."""

    month = models.DateField(_("month"))
    definition = models.ForeignKey(
        KpiDefinition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="values"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_values",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=ValueStatus.choices)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **MONEY)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **MONEY)
    value = models.DecimalField(_("value"), null=True, blank=True, max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), **PERCENT)
    achievement = models.DecimalField(
        _("achievement (%)"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    score = models.DecimalField(_("score"), null=True, blank=True, **PERCENT)
    weight = models.DecimalField(_("weight (%)"), **PERCENT)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["month", "definition"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        indexes = [
            # The scorecard (a person's months of a year) and the ranking (a month's people).
            models.Index(fields=["person", "month"], name="kpivalue_person_month_idx"),
            models.Index(fields=["month", "region"], name="kpivalue_month_region_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "definition", "person"],
                condition=Q(person__isnull=False),
                name="kpivalue_person_once",
            ),
            models.UniqueConstraint(
                fields=["month", "definition", "region"],
                condition=Q(person__isnull=True),
                name="kpivalue_region_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.definition_id} · {self.person_id or self.region_id}"


class KpiScore(models.Model):
    """A person's weighted KPI score for a month — Σ weight × score ÷ Σ weight of their
    computed KPIs — the ranking's fact: one row a person and month, written with the month's
    KpiValues (services.kpi_scores_rebuild, from kpi_compute), so the ranking sorts people, not
    every KPI value of every person."""

    month = models.DateField(_("month"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=32, blank=True)
    weighted = models.DecimalField(
        _("weighted score sum"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    weights = models.DecimalField(
        _("weights of the computed KPIs"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    # weighted ÷ weights (None without a computed KPI): what the ranking orders by.
    rank_score = models.DecimalField(
        _("score"), null=True, blank=True, max_digits=16, decimal_places=6
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["month", "person"]
        verbose_name = _("monthly KPI score")
        verbose_name_plural = _("monthly KPI scores")
        constraints = [
            models.UniqueConstraint(fields=["month", "person"], name="kpiscore_person_once")
        ]
        indexes = [models.Index(fields=["month", "region"], name="kpiscore_month_region_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.person_id}"


# --- incentives ---------------------------------------------------------------------------------


class IncentiveParameter(models.Model):
    """The pay formula's parameters for one role and year (SPEC §10), per month of the period.

    front end: fixed pay + performance base × score ÷ 100 + commission on sales over target;
    back end: fixed pay + department bonus base × department score ÷ 100 + satisfaction bonus
    base × satisfaction score ÷ 100, no commission."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    fixed_pay = models.DecimalField(
        _("fixed pay a month"),
        validators=[MinValueValidator(0), MaxValueValidator(PAY_MAX)],
        **MONEY,
    )
    performance_base = models.DecimalField(
        _("performance pay base a month"),
        validators=[MinValueValidator(0), MaxValueValidator(PAY_MAX)],
        **MONEY,
    )
    department_bonus_base = models.DecimalField(
        _("department bonus base a month"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(PAY_MAX)],
        **MONEY,
    )
    satisfaction_bonus_base = models.DecimalField(
        _("satisfaction bonus base a month"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(PAY_MAX)],
        **MONEY,
    )

    class Meta:
        ordering = ["year", "role"]
        verbose_name = _("incentive parameters")
        verbose_name_plural = _("incentive parameters")
        constraints = [
            models.UniqueConstraint(fields=["year", "role"], name="incentive_once"),
            models.CheckConstraint(
                condition=Q(fixed_pay__gte=0, fixed_pay__lte=PAY_MAX)
                & Q(performance_base__gte=0, performance_base__lte=PAY_MAX)
                & Q(department_bonus_base__gte=0, department_bonus_base__lte=PAY_MAX)
                & Q(satisfaction_bonus_base__gte=0, satisfaction_bonus_base__lte=PAY_MAX),
                name="incentive_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_role_display()}"


class CommissionBand(models.Model):
    """Commission on sales over target (超指標提成), by band, like a tax table: the part of the
    revenue over target that lies from `over_from` percent of target up to the next band's
    start earns `rate` percent."""

    parameter = models.ForeignKey(
        IncentiveParameter,
        verbose_name=_("incentive parameters"),
        on_delete=models.CASCADE,
        related_name="commission_bands",
    )
    over_from = models.DecimalField(
        _("over target from (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        **PERCENT,
    )
    rate = models.DecimalField(
        _("commission rate (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        **PERCENT,
    )

    class Meta:
        ordering = ["parameter", "over_from"]
        verbose_name = _("commission band")
        verbose_name_plural = _("commission bands")
        constraints = [
            models.UniqueConstraint(fields=["parameter", "over_from"], name="commission_once"),
            models.CheckConstraint(
                condition=Q(over_from__gte=0, over_from__lte=1000) & Q(rate__gte=0, rate__lte=50),
                name="commission_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"≥ {self.over_from} % → {self.rate} %"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    REJECTED = "rejected", _("Rejected")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class BonusSheet(models.Model):
    """The bonus sheet of one period: one line per person, computed from the KPI scores;
    approved by the director and then the general manager; read-only once approved."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    month_from = models.DateField(_("from month"))
    month_to = models.DateField(_("to month"))
    status = models.CharField(
        _("status"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("total to pay (CNY)"), default=0, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-month_from", "-pk"]
        verbose_name = _("bonus sheet")
        verbose_name_plural = _("bonus sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["month_from", "month_to"],
                condition=~Q(status="rejected"),
                name="bonussheet_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="year", quarter__isnull=True)
                | Q(kind="quarter", quarter__gte=1, quarter__lte=4),
                name="bonussheet_period_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.period_label

    def get_absolute_url(self) -> str:
        return reverse("performance:sheet-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year} Q{self.quarter}"
        return str(self.year)

    @property
    def read_only(self) -> bool:
        return self.status in (SheetStatus.SUBMITTED, SheetStatus.APPROVED, SheetStatus.REJECTED)


class BonusLine(models.Model):
    """One person's pay for the period, with the figures that produced it (`explanation`)."""

    sheet = models.ForeignKey(
        BonusSheet, verbose_name=_("bonus sheet"), on_delete=models.CASCADE, related_name="lines"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="bonus_lines",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    kpi_score = models.DecimalField(_("KPI score"), null=True, blank=True, **PERCENT)
    fixed_pay = models.DecimalField(_("fixed pay"), default=0, **MONEY)
    performance_pay = models.DecimalField(_("performance pay"), default=0, **MONEY)
    commission = models.DecimalField(_("commission"), null=True, blank=True, **MONEY)
    department_bonus = models.DecimalField(_("department bonus"), default=0, **MONEY)
    gross = models.DecimalField(_("gross"), default=0, **MONEY)
    advance_deduction = models.DecimalField(_("advance deducted"), default=0, **MONEY)
    net = models.DecimalField(_("to pay"), default=0, **MONEY)
    explanation = models.JSONField(_("explanation"), default=list)

    class Meta:
        ordering = ["sheet", "region", "person"]
        verbose_name = _("bonus line")
        verbose_name_plural = _("bonus lines")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "person"], name="bonusline_once"),
            models.CheckConstraint(
                condition=Q(advance_deduction__gte=0) & Q(gross__gte=0) & Q(net__gte=0),
                name="bonusline_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} · {self.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("performance:line-detail", args=[self.pk])
