"""Customer-development projects and their stage-gate (SPEC §6). DevelopmentProject is an
anchor other apps link to (budgets, expense lines, support requests): its name and fields are a
contract."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from core import bounds
from regions.models import Region

from .archive import Customer, Platform


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
    region when the project is created (kept if the customer later moves). Its money is the
    budgets app's project budget (a `budgets.Budget` of scope project), shown on the project
    page, the project list and the funnel through what budgets registers in
    `customers.sections`."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="projects"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=200)
    # PROTECT, not SET_NULL: the platform is what the project is about, so removing it from the
    # archive must not silently unlink the project; the customer form refuses and names it
    # (rename the platform instead). The platform is one of the project's customer's: clean().
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("vehicle/engine platform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
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
    expected_litres = models.DecimalField(
        _("expected volume (L/year)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.LITRES_PER_YEAR_MAX),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        indexes = [models.Index(fields=["region", "stage"], name="project_region_stage_idx")]
        constraints = [
            bounds.check(
                "project_litres_bounded", "expected_litres", 0, bounds.LITRES_PER_YEAR_MAX
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:project-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.platform_id and self.customer_id and self.platform.customer_id != self.customer_id:
            raise ValidationError({"platform": _("This platform belongs to another customer.")})


class DevelopmentProjectUserObjectPermission(UserObjectPermissionBase):
    """Per-project exceptions (a tech-support engineer assigned to one project)."""

    content_object = models.ForeignKey(DevelopmentProject, on_delete=models.CASCADE)


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
    expected_deliverables = models.TextField(
        _("expected deliverables"), blank=True, **bounds.text(bounds.NOTE_MAX)
    )

    class Meta:
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="project_stage_unique")
        ]
        indexes = [
            # The funnel's late milestones: a project's stages not done yet, by planned date
            # (read from the index alone on PostgreSQL).
            models.Index(
                fields=["project", "planned_date"],
                condition=Q(actual_date__isnull=True),
                name="projectstage_open_idx",
            ),
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
