"""Customer visits (SPEC §6): the visit report reviewed through the approval mechanism, its
attachments, and how often each class of customer should be visited. Visit is an anchor other
apps link to (expense lines): its name and fields are a contract."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from regions.models import Region

from .archive import Customer, CustomerClass
from .projects import DevelopmentProject


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
    key_needs = models.TextField(
        _("customer's key needs"), blank=True, **bounds.text(bounds.NOTE_MAX)
    )
    decision_makers_met = models.CharField(_("decision makers met"), max_length=300, blank=True)
    competitor_news = models.TextField(
        _("competitor news"), blank=True, **bounds.text(bounds.NOTE_MAX)
    )
    next_steps = models.TextField(_("next steps"), blank=True, **bounds.text(bounds.NOTE_MAX))
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
            # The company-wide visit list (director, general manager): newest first, read from
            # the index instead of sorting every visit.
            models.Index(fields=["-visit_date", "-id"], name="visit_date_pk_idx"),
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
    every_days = models.PositiveIntegerField(
        _("visit at least every (days)"), validators=bounds.range_validators(1, bounds.DAYS_MAX)
    )

    class Meta:
        ordering = ["customer_class"]
        verbose_name = _("visit frequency")
        verbose_name_plural = _("visit frequencies")
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=1), name="visit_frequency_positive")
        ]

    def __str__(self) -> str:
        return f"{self.customer_class}: {self.every_days}"
