"""Customers, development projects and visits (SPEC §6).

Customer, DevelopmentProject and Visit are the anchors other apps link to (pricing quotes,
budget lines and expense claims): their names and the fields below are a contract.
"""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from regions.models import Region

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}


def search_key(text: str) -> str:
    """Case-, width- and space-insensitive form of a name, for search and duplicate warnings:
    NFKC turns full-width Ｂｅｉｊｉｎｇ and （ ） into their half-width forms."""
    normalised = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in normalised if ch.isalnum())


class CustomerType(models.TextChoices):
    OEM = "oem", _("Vehicle maker (OEM)")
    ENGINE = "engine", _("Engine maker")
    EXHAUST = "exhaust", _("Exhaust-system maker")
    AFTERMARKET = "aftermarket", _("Aftermarket distributor")


class EmissionStandard(models.TextChoices):
    CN5 = "cn5", _("China 5")
    CN6A = "cn6a", _("China 6a")
    CN6B = "cn6b", _("China 6b")
    CN_NR4 = "cn_nr4", _("China non-road 4")
    EURO5 = "euro5", _("Euro 5")
    EURO6 = "euro6", _("Euro 6")
    EURO7 = "euro7", _("Euro 7")


class CustomerClass(models.TextChoices):
    """The 2×2 grid of attractiveness × likelihood of winning (SPEC §6)."""

    A = "A", _("A — attractive, likely to win")
    B = "B", _("B — attractive, hard to win")
    C = "C", _("C — less attractive, likely to win")
    D = "D", _("D — less attractive, hard to win")


KEY_ACCOUNT_CLASSES = (CustomerClass.A, CustomerClass.B)


class Customer(models.Model):
    name = models.CharField(_("legal name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    search_name = models.CharField(max_length=400, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group / parent company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    customer_type = models.CharField(_("type"), max_length=20, choices=CustomerType.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="customers"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    emission_standard = models.CharField(
        _("emission standard targeted"), max_length=20, choices=EmissionStandard.choices, blank=True
    )
    annual_volume = models.PositiveIntegerField(_("annual vehicle/engine volume"), default=0)
    catalyst_demand_litres = models.DecimalField(
        _("catalyst demand (L/year)"), max_digits=14, decimal_places=2, default=0
    )
    incumbent_supplier = models.CharField(_("incumbent supplier"), max_length=200, blank=True)
    our_share = models.DecimalField(_("our share (%)"), max_digits=5, decimal_places=2, default=0)
    customer_class = models.CharField(
        _("class"), max_length=1, choices=CustomerClass.choices, blank=True, db_index=True
    )
    last_visit_date = models.DateField(_("last visit"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            # Region-scoped lists sorted by name: the rep's and manager's customer list.
            models.Index(fields=["region", "name"], name="customer_region_name_idx"),
            # The same list when the access layer ORs the region with per-object grants (which
            # defeats the index above): walk names in order, filter, stop after one page.
            models.Index(fields=["name", "id"], name="customer_name_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(our_share__gte=0) & Q(our_share__lte=100), name="customer_share_percent"
            ),
            models.CheckConstraint(
                condition=Q(catalyst_demand_litres__gte=0), name="customer_demand_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(f"{self.name} {self.name_en}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("customers:customer-detail", args=[self.pk])

    @property
    def is_key_account(self) -> bool:
        return self.customer_class in KEY_ACCOUNT_CLASSES


class CustomerUserObjectPermission(UserObjectPermissionBase):
    """Per-customer exceptions (a tech-support engineer assigned to one customer)."""

    content_object = models.ForeignKey(Customer, on_delete=models.CASCADE)


class Stage(models.TextChoices):
    """The customer-development stage-gate (SPEC §6), in order."""

    CONTACT = "contact", _("Contact")
    TECH_EXCHANGE = "tech_exchange", _("Technical exchange")
    SUPPLY_APPLICATION = "supply_application", _("Supply application")
    TEST_PLAN = "test_plan", _("Test plan")
    TECH_AGREEMENT = "tech_agreement", _("Technical agreement")
    SAMPLES = "samples", _("Samples")
    MATCHING_TEST = "matching_test", _("Matching test")
    CERTIFICATION = "certification", _("Certification")
    VOLUME_SUPPLY = "volume_supply", _("Volume supply")
    AFTER_SALES = "after_sales", _("After-sales service")


STAGE_ORDER = [stage.value for stage in Stage]


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class DevelopmentProject(models.Model):
    """A project to win supply for one platform of one customer. Its region is the customer's
    region when the project is created (kept if the customer later moves)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="projects"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=200)
    platform = models.CharField(_("vehicle/engine platform"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.CONTACT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    budget = models.DecimalField(_("project budget (CNY)"), default=0, **MONEY)
    expected_litres = models.DecimalField(
        _("expected volume (L/year)"), max_digits=14, decimal_places=2, default=0
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        indexes = [models.Index(fields=["region", "stage"], name="project_region_stage_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:project-detail", args=[self.pk])


class DevelopmentProjectUserObjectPermission(UserObjectPermissionBase):
    """Per-project exceptions (a tech-support engineer assigned to one project)."""

    content_object = models.ForeignKey(DevelopmentProject, on_delete=models.CASCADE)


class Visit(models.Model):
    """A customer visit report, logged by a rep and reviewed by the region manager through the
    approval mechanism (document type "customers.visit")."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="visits"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="visits"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    visit_date = models.DateField(_("visit date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    people_met = models.CharField(_("people met"), max_length=300, blank=True)
    key_needs = models.TextField(_("customer's key needs"), blank=True)
    decision_makers_met = models.CharField(_("decision makers met"), max_length=300, blank=True)
    competitor_news = models.TextField(_("competitor news"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    next_step_due = models.DateField(_("next steps due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next steps done"), default=False)
    # A random token the form carries, so a double-clicked submit saves one visit, not two.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        ordering = ["-visit_date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["region", "-visit_date"], name="visit_region_date_idx"),
            models.Index(fields=["rep", "-visit_date"], name="visit_rep_date_idx"),
            models.Index(fields=["customer", "-visit_date"], name="visit_customer_date_idx"),
            # The rep's home panel: open next steps by due date (a rep has thousands of visits).
            models.Index(
                fields=["rep", "next_step_due"],
                condition=Q(next_step_done=False),
                name="visit_rep_open_step_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rep", "submission_key"],
                condition=~Q(submission_key=""),
                name="visit_submission_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.visit_date}"

    def get_absolute_url(self) -> str:
        return reverse("customers:visit-detail", args=[self.pk])


# --- The archive around a customer ---------------------------------------------------------


class ContactRole(models.TextChoices):
    """A contact's role in the customer's decision (SPEC §6)."""

    DECISION_MAKER = "decision_maker", _("Key decision maker")
    TECHNICAL = "technical", _("Technical")
    PURCHASING = "purchasing", _("Purchasing")
    QUALITY = "quality", _("Quality")
    OTHER = "other", _("Other")


class Contact(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    decision_role = models.CharField(
        _("role in the decision"),
        max_length=20,
        choices=ContactRole.choices,
        default=ContactRole.OTHER,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


def platform_name_key(name: str) -> str:
    """A platform name compared case-, width- and space-insensitively: "BY-2.0T GDI" and
    "by-2.0t  gdi" are the same platform (punctuation still counts: 1.5L is not 15L)."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


class PlatformKind(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    ENGINE = "engine", _("Engine")


class Platform(models.Model):
    """A vehicle or engine platform of the customer: the one list of platforms. Techsupport's
    PlatformInfo (engine, ECU, constraints) points at a row here, one technical record per
    platform; a platform with technical data cannot be deleted (PROTECT on that side)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="platforms"
    )
    name = models.CharField(_("platform"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PlatformKind.choices, default=PlatformKind.VEHICLE
    )
    annual_volume = models.PositiveIntegerField(_("annual volume"), default=0)

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.name

    @property
    def name_key(self) -> str:
        return platform_name_key(self.name)


class CustomerFile(models.Model):
    """A file in the customer archive; stored under MEDIA_ROOT and served only through the
    access-checked view customers:customer-file."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="customers/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("customer file")
        verbose_name_plural = _("customer files")

    def __str__(self) -> str:
        return self.name


class VisitAttachment(models.Model):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="visits/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("visit attachment")
        verbose_name_plural = _("visit attachments")

    def __str__(self) -> str:
        return self.name


class VisitFrequency(models.Model):
    """How often a customer of each class should be visited (an administrator edits it)."""

    customer_class = models.CharField(
        _("class"), max_length=1, choices=CustomerClass.choices, unique=True
    )
    every_days = models.PositiveIntegerField(_("visit at least every (days)"))

    class Meta:
        ordering = ["customer_class"]
        verbose_name = _("visit frequency")
        verbose_name_plural = _("visit frequencies")
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=1), name="visit_frequency_positive")
        ]

    def __str__(self) -> str:
        return f"{self.customer_class}: {self.every_days}"


# --- Development-project stages -----------------------------------------------------------


class ProjectStage(models.Model):
    """One stage of a project's stage-gate: planned and actual date, owner and the deliverables
    expected of it (the plan, free text). What was actually delivered is recorded by techsupport
    as StageDeliverable rows and shown beside this text on the project page."""

    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expected_deliverables = models.TextField(_("expected deliverables"), blank=True)

    class Meta:
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="project_stage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def position(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def is_late(self, today) -> bool:
        """Planned date passed without the stage being done."""
        return bool(self.planned_date and not self.actual_date and self.planned_date < today)

    @property
    def done_late(self) -> bool:
        return bool(self.planned_date and self.actual_date and self.actual_date > self.planned_date)


# --- Classification -------------------------------------------------------------------------


class Axis(models.TextChoices):
    ATTRACTIVENESS = "attractiveness", _("Attractiveness")
    LIKELIHOOD = "likelihood", _("Likelihood of winning")


class ClassificationCriterion(models.Model):
    """A scoring criterion on one axis with its weight; an administrator edits the list."""

    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["axis", "order", "pk"]
        verbose_name = _("classification criterion")
        verbose_name_plural = _("classification criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "en").startswith("en"):
            return self.name_en
        return self.name


class CustomerScore(models.Model):
    """A customer's classification for one year: the two axis scores (0–100) and the class.
    One row per customer per year, so the yearly history is kept."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    attractiveness = models.DecimalField(_("attractiveness"), max_digits=5, decimal_places=1)
    likelihood = models.DecimalField(_("likelihood of winning"), max_digits=5, decimal_places=1)
    customer_class = models.CharField(_("class"), max_length=1, choices=CustomerClass.choices)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["customer", "year"], name="customer_score_year_unique"),
            models.CheckConstraint(
                condition=Q(
                    attractiveness__gte=0,
                    attractiveness__lte=100,
                    likelihood__gte=0,
                    likelihood__lte=100,
                ),
                name="customer_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.year}: {self.customer_class}"


class CriterionScore(models.Model):
    score = models.ForeignKey(CustomerScore, on_delete=models.CASCADE, related_name="values")
    criterion = models.ForeignKey(
        ClassificationCriterion, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score (0–10)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(condition=Q(value__lte=10), name="criterion_score_max_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


# --- Key-account plans ----------------------------------------------------------------------


class KeyAccountPlan(models.Model):
    """A key account's plan for one year (關鍵客戶計劃), approved through the approval
    mechanism (document type "customers.plan")."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="plans"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="key_account_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    profile = models.TextField(_("profile"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    stage_goals = models.TextField(_("stage goals"), blank=True)
    strategy = models.TextField(_("strategy"), blank=True)
    resources_people = models.CharField(_("resources: people"), max_length=300, blank=True)
    resources_money = models.DecimalField(_("resources: money (CNY)"), default=0, **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "customer__name"]
        verbose_name = _("key-account plan")
        verbose_name_plural = _("key-account plans")
        constraints = [
            models.UniqueConstraint(fields=["customer", "year"], name="plan_customer_year_unique"),
            models.CheckConstraint(
                condition=Q(resources_money__gte=0), name="plan_money_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("customers:plan-detail", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanAction(models.Model):
    plan = models.ForeignKey(KeyAccountPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description


# --- Surveys ----------------------------------------------------------------------------------


class SurveyQuestion(models.Model):
    """A question of the customer survey; an administrator edits the list. A scored question is
    answered 1–5; otherwise the answer is text."""

    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    scored = models.BooleanField(_("scored 1–5"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if self.text_en and (get_language() or "en").startswith("en"):
            return self.text_en
        return self.text


class Survey(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="surveys"
    )
    survey_date = models.DateField(_("date"))
    respondent = models.CharField(_("respondent"), max_length=200, blank=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    average_score = models.DecimalField(
        _("average score"), max_digits=3, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-survey_date", "-pk"]
        verbose_name = _("customer survey")
        verbose_name_plural = _("customer surveys")

    def __str__(self) -> str:
        return f"{self.customer} · {self.survey_date}"

    def get_absolute_url(self) -> str:
        return reverse("customers:customer-detail", args=[self.customer_id]) + "#surveys"


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="survey_answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score or self.text}"
