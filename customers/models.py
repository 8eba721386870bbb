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
    our_share = models.DecimalField(
        _("our share (%)"), max_digits=5, decimal_places=2, default=0
    )
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
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices, default=Stage.CONTACT)
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
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        ordering = ["-visit_date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["region", "-visit_date"], name="visit_region_date_idx"),
            models.Index(fields=["rep", "-visit_date"], name="visit_rep_date_idx"),
            models.Index(fields=["customer", "-visit_date"], name="visit_customer_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.visit_date}"

    def get_absolute_url(self) -> str:
        return reverse("customers:visit-detail", args=[self.pk])
