"""One approval mechanism for every document type (SPEC §4).

A document (visit report, expense claim, quote, …) has one ApprovalRequest holding its state;
every transition appends one ApprovalStep. The approvers are resolved from the AuthorityRule
table by document type, region and amount: one approver per step of the type's chain, in order
(most types have a chain of one step).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import bounds
from regions.models import Region
from regions.roles import FRONT_END_ROLES, Role

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for rework")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    RETURN = "return", _("Return for rework")


DECISION_STATE = {
    Decision.APPROVE: State.APPROVED,
    Decision.REJECT: State.REJECTED,
    Decision.RETURN: State.RETURNED,
}
EDITABLE_STATES = (State.DRAFT, State.RETURNED)
OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.RETURNED)


def format_amount(amount, unit: str) -> str:
    """An approval amount in its unit: "1,234.00 CNY" (the money filter's digits), "6.00 %"."""
    if amount is None:
        return ""
    if unit == "%":
        return f"{Decimal(amount):.2f} %"
    from core.templatetags.core import money

    return f"{money(amount)} {unit}"


class AuthorityRule(models.Model):
    """Who approves what (審批權限): for a document type, optionally one region, up to an amount,
    at one step of the type's approval chain.

    For each step number the type has, the rule that applies to a document is the one whose
    region is the document's (or empty, meaning every region) with the smallest "amount up to"
    that is at least the document's amount (empty means no upper limit). A region-specific rule
    wins over a company-wide one with the same limit; a company-wide rule naming a region
    manager (or rep) does not apply to a document without a region. The amount is in the
    unit the document type declares (CNY, or % for a discount below list).
    """

    document_type = models.CharField(_("document type"), max_length=64)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty: applies to every region."),
    )
    amount_up_to = models.DecimalField(
        _("amount up to"),
        null=True,
        blank=True,
        help_text=_(
            "In the document type's unit: CNY for most documents, percent below list price for "
            "quotes and price adjustments. Empty: no upper limit."
        ),
        validators=bounds.range_validators(0, bounds.AUTHORITY_MAX),
        **MONEY,
    )
    step = models.PositiveSmallIntegerField(
        _("step"),
        default=1,
        validators=bounds.range_validators(1, bounds.STEPS_MAX),
        help_text=_(
            "Documents needing more than one decision go through each step in order (1, then 2, …)."
        ),
    )
    approver_role = models.CharField(_("approver role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("authority rule")
        verbose_name_plural = _("authority table")
        # Bands from the narrowest up, "no limit" last (as they are read).
        ordering = ["document_type", "step", "region", F("amount_up_to").asc(nulls_last=True)]
        constraints = [
            # One rule per type, region (or none), band (or none) and step: empty values
            # compared as values, on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                "document_type",
                Coalesce("region", Value(0)),
                Coalesce("amount_up_to", Value(Decimal("-1"))),
                "step",
                name="authority_rule_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount_up_to__isnull=True) | Q(amount_up_to__gte=0),
                name="authority_rule_amount_not_negative",
            ),
            models.CheckConstraint(condition=Q(step__gte=1), name="authority_rule_step_positive"),
            bounds.check("authority_rule_amount_bounded", "amount_up_to", 0, bounds.AUTHORITY_MAX),
        ]

    def __str__(self) -> str:
        limit = (
            format_amount(self.amount_up_to, self.unit) if self.amount_up_to is not None else "∞"
        )
        return f"{self.document_type} #{self.step} ≤ {limit} → {self.get_approver_role_display()}"

    @property
    def unit(self) -> str:
        from .registry import unit_for

        return unit_for(self.document_type)

    def clean(self) -> None:
        from .registry import document_types

        if self.document_type not in document_types():
            raise ValidationError({"document_type": _("Unknown document type.")})


class ApprovalRequest(models.Model):
    """The approval state of one document. Title, region and amount are copied from the
    document at each submission so that the queue needs no query per row."""

    document_type = models.CharField(_("document type"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=255)
    # The title's parts, rendered in each reader's language (display_title; approvals/titles.py).
    title_parts = models.JSONField(_("title parts"), default=dict, blank=True)
    url = models.CharField(max_length=255, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    approver_role = models.CharField(
        _("approver role"), max_length=32, choices=Role.choices, blank=True
    )
    approver_region = models.ForeignKey(
        Region,
        verbose_name=_("approver region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_reason = models.TextField(_("reason"), blank=True, **bounds.text(bounds.NOTE_MAX))
    revision = models.PositiveIntegerField(_("submissions"), default=0)
    # The chain's length is fixed at submission; each step's approver is resolved when the
    # request reaches it (services.authority_resolve).
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    step_count = models.PositiveSmallIntegerField(_("steps"), default=1)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="approval_one_per_document"
            ),
            # Routed to a region manager (or rep): always that region's; to anyone else: no region.
            models.CheckConstraint(
                condition=(
                    Q(approver_role__in=sorted(FRONT_END_ROLES)) & Q(approver_region__isnull=False)
                )
                | (~Q(approver_role__in=sorted(FRONT_END_ROLES)) & Q(approver_region__isnull=True)),
                name="approval_region_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(step__gte=1) & Q(step__lte=F("step_count")),
                name="approval_step_within_chain",
            ),
        ]
        indexes = [
            # The "waiting for me" queue: state + approver role (+ region), newest first.
            models.Index(
                fields=["state", "approver_role", "approver_region", "-submitted_at"],
                name="approval_queue_idx",
            ),
            models.Index(fields=["submitter", "-submitted_at"], name="approval_mine_idx"),
            # The home page's "recent decisions on my submissions".
            models.Index(fields=["submitter", "-decided_at"], name="approval_decided_idx"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("approvals:request-detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The title in the language of whoever reads it (falls back to the stored title)."""
        from .titles import title_render

        return title_render(self.document_type, self.title_parts) or self.title

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def type_label(self) -> str:
        from .registry import handler_for

        try:
            return str(handler_for(self.document_type).label)
        except KeyError:
            return self.document_type

    @property
    def unit(self) -> str:
        from .registry import unit_for

        return unit_for(self.document_type)

    @property
    def amount_display(self) -> str:
        """The amount in its document type's unit ("1,234.00 CNY", "6.00 %"); "" if none."""
        return format_amount(self.amount, self.unit)

    @property
    def step_label(self) -> str:
        """ "Step 2 of 3" for a chain of more than one step, "" otherwise."""
        if self.step_count <= 1:
            return ""
        return gettext("Step %(step)s of %(count)s") % {
            "step": self.step,
            "count": self.step_count,
        }


class StepQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Approval history cannot be changed."))

    def delete(self):
        raise ValidationError(_("Approval history cannot be deleted."))


class ApprovalStep(models.Model):
    """One transition, kept for audit. Written only by approvals.services; never changed."""

    request = models.ForeignKey(
        ApprovalRequest, on_delete=models.PROTECT, related_name="steps", verbose_name=_("approval")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True, **bounds.text(bounds.NOTE_MAX))
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    approver_role = models.CharField(_("approver role"), max_length=32, blank=True)
    # The step of the chain the request was at: submission enters step 1; a decision records
    # the step it was taken at (an approval before the last step goes from submitted to
    # submitted and moves the request on).
    step = models.PositiveSmallIntegerField(_("step"), default=1)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval history")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Approval history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Approval history cannot be deleted."))

    @property
    def is_step_approval(self) -> bool:
        """An approval that moved the request on to the next step of its chain."""
        return self.from_state == State.SUBMITTED and self.to_state == State.SUBMITTED

    @property
    def summary(self) -> str:
        """What happened, for the history: "Approved step 1", or "Submitted → Approved"."""
        if self.is_step_approval:
            return gettext("Approved step %(step)s") % {"step": self.step}
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"
