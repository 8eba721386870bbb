"""Technical support (SPEC §7): technical information per customer platform, support requests
pulled by the regions (ask → accept and assign → deliver → rate), and the deliverables of a
development project's stages.

Every row carries its own region (copied from the customer or project when it is created), so
the access layer scopes lists with one WHERE on an indexed column.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from customers.models import Customer, DevelopmentProject, EmissionStandard, Platform, Stage
from regions.models import Region


class PlatformInfo(models.Model):
    """What tech support needs to know about one vehicle/engine platform of a customer: one
    record per `customers.Platform` (the customer archive's list of platforms), so the customer
    page shows each platform once with its technical data beside it."""

    platform = models.OneToOneField(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="tech_info"
    )
    # Copied from the platform's customer on every save: the access layer scopes on this column.
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    engine_model = models.CharField(_("engine model"), max_length=100, blank=True)
    displacement_litres = models.DecimalField(
        _("displacement (L)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.range_validators(0, bounds.PIECE_LITRES_MAX),
    )
    ecu = models.CharField(_("ECU / engine-management system"), max_length=100, blank=True)
    emission_standard = models.CharField(
        _("emission standard target"), max_length=20, choices=EmissionStandard.choices, blank=True
    )
    constraints = models.TextField(
        _("space and back-pressure constraints"), blank=True, **bounds.text(bounds.NOTE_MAX)
    )
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
        ordering = ["platform__customer__name", "platform__name"]
        verbose_name = _("platform technical information")
        verbose_name_plural = _("platform technical information")
        constraints = [
            models.CheckConstraint(
                condition=Q(displacement_litres__isnull=True) | Q(displacement_litres__gt=0),
                name="platforminfo_displacement_positive",
            ),
            bounds.check(
                "platforminfo_displacement_bounded",
                "displacement_litres",
                0,
                bounds.PIECE_LITRES_MAX,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform.customer} · {self.platform}"

    @property
    def customer(self) -> Customer:
        return self.platform.customer


class RequestType(models.TextChoices):
    TECH_EXCHANGE = "tech_exchange", _("Technical exchange")
    TRAINING = "training", _("Training")
    TEST = "test", _("Test")
    SAMPLES = "samples", _("Samples")
    OTHER = "other", _("Other")


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DELIVERED = "delivered", _("Delivered")
    RATED = "rated", _("Rated")


OPEN_STATES = (RequestState.NEW, RequestState.ACCEPTED)


class SupportRequest(models.Model):
    """A region asks tech support for help; tech support accepts and assigns it, delivers it,
    and the requester rates the help (the rating feeds back-end KPIs, SPEC §10)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    request_type = models.CharField(_("type"), max_length=20, choices=RequestType.choices)
    need = models.TextField(_("what is needed"), **bounds.text(bounds.TEXT_MAX))
    wanted_by = models.DateField(_("wanted by"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=RequestState.choices,
        default=RequestState.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    delivery_notes = models.TextField(
        _("delivery notes"), blank=True, **bounds.text(bounds.REPORT_MAX)
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(
        _("comment on the help"), blank=True, **bounds.text(bounds.TEXT_MAX)
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["wanted_by", "pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            # The tech-support queue: open requests by state, earliest wanted date first.
            models.Index(fields=["state", "wanted_by"], name="supportreq_state_wanted_idx"),
            # "My requests" of a rep and the region manager's list, newest first.
            models.Index(fields=["requester", "-created_at"], name="supportreq_requester_idx"),
            models.Index(fields=["region", "-created_at"], name="supportreq_region_idx"),
            # The company-wide list (director, general manager), newest first, read in order.
            models.Index(fields=["-created_at", "-id"], name="supportreq_created_idx"),
            # The engineer's own queue and the ratings per person for a period.
            models.Index(fields=["assignee", "state"], name="supportreq_assignee_idx"),
            models.Index(fields=["rated_at"], name="supportreq_rated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="supportreq_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.NEW) | Q(assignee__isnull=False),
                name="supportreq_assigned_after_new",
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.RATED) | Q(rating__isnull=False),
                name="supportreq_rated_has_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_request_type_display()} · {self.customer}"

    def get_absolute_url(self) -> str:
        return reverse("techsupport:request-detail", args=[self.pk])


class SupportRequestReassignment(models.Model):
    """One hand-over of an accepted request from one tech-support person to another: who, to
    whom, by whom and when (the request row keeps only the current assignee)."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="reassignments"
    )
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    reassigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reassigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reassigned_at = models.DateTimeField(_("reassigned at"), auto_now_add=True)

    class Meta:
        ordering = ["reassigned_at", "pk"]
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")

    def __str__(self) -> str:
        return f"#{self.request_id}: {self.from_assignee} → {self.to_assignee}"


class FileKind(models.TextChoices):
    REQUEST = "request", _("Attached to the request")
    DELIVERY = "delivery", _("Delivered")


class SupportRequestFile(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to="techsupport/requests/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("techsupport:request-file", args=[self.pk])


# The stages whose deliverables tech support records (SPEC §6–7).
DELIVERABLE_STAGES = [
    Stage.SUPPLY_APPLICATION,
    Stage.TEST_PLAN,
    Stage.TECH_AGREEMENT,
    Stage.SAMPLES,
    Stage.MATCHING_TEST,
    Stage.CERTIFICATION,
    Stage.AFTER_SALES,
]


class StageDeliverable(models.Model):
    """One deliverable (a document, a sample shipment, a test report) recorded against a stage
    of a development project."""

    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="deliverables",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(
        _("stage"), max_length=32, choices=[(s.value, s.label) for s in DELIVERABLE_STAGES]
    )
    title = models.CharField(_("deliverable"), max_length=200)
    note = models.TextField(_("note"), blank=True, **bounds.text(bounds.TEXT_MAX))
    delivered_on = models.DateField(_("date"))
    file = models.FileField(upload_to="techsupport/deliverables/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("stage deliverable")
        verbose_name_plural = _("stage deliverables")
        indexes = [
            # The project page's section and the customer page's timeline read by project.
            models.Index(fields=["project", "-delivered_on"], name="deliverable_project_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("techsupport:project-deliverables", args=[self.project_id])

    def get_edit_url(self) -> str:
        return reverse("techsupport:deliverable-edit", args=[self.pk])


class LibraryKind(models.TextChoices):
    SOLUTION = "solution", _("Standard product solution")
    STATEMENT = "statement", _("Standard statement")
    TRAINING = "training", _("Training material")


class EngineClass(models.TextChoices):
    GASOLINE = "gasoline", _("Light-duty gasoline")
    HYBRID = "hybrid", _("Hybrid / range extender")
    LIGHT_DIESEL = "light_diesel", _("Light-duty diesel")
    HEAVY_DIESEL = "heavy_diesel", _("Heavy-duty diesel")
    NON_ROAD = "non_road", _("Non-road machinery")
    MOTORCYCLE = "motorcycle", _("Motorcycle")


class LibraryItem(models.Model):
    """The technical library (SPEC §7): standard product solutions (engine class + emission
    standard → recommended formula), standard statements and training material. Everyone reads
    it; tech support and marketing admin maintain it."""

    kind = models.CharField(_("kind"), max_length=16, choices=LibraryKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    engine_class = models.CharField(
        _("engine class"), max_length=20, choices=EngineClass.choices, blank=True
    )
    emission_standard = models.CharField(
        _("emission standard"), max_length=20, choices=EmissionStandard.choices, blank=True
    )
    recommended_formula = models.CharField(_("recommended formula"), max_length=300, blank=True)
    body = models.TextField(_("content"), blank=True, **bounds.text(bounds.DOCUMENT_MAX))
    file = models.FileField(upload_to="techsupport/library/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
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
        ordering = ["kind", "engine_class", "emission_standard", "title"]
        verbose_name = _("library item")
        verbose_name_plural = _("technical library")
        indexes = [
            # The solution finder: engine class + emission standard.
            models.Index(
                fields=["engine_class", "emission_standard"], name="library_class_standard_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="solution")
                | (~Q(engine_class="") & ~Q(emission_standard="") & ~Q(recommended_formula="")),
                name="library_solution_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == LibraryKind.SOLUTION:
            missing = {
                name: _("A standard product solution needs this.")
                for name in ("engine_class", "emission_standard", "recommended_formula")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)
