"""Key-account plans (SPEC §6): a key account's yearly plan, approved through the approval
mechanism, and its action items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from regions.models import Region

from .archive import Customer

MONEY = {"max_digits": settings.MONEY_MAX_DIGITS, "decimal_places": settings.MONEY_DECIMAL_PLACES}


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
    profile = models.TextField(_("profile"), blank=True, **bounds.text(bounds.TEXT_MAX))
    opportunities = models.TextField(_("opportunities"), blank=True, **bounds.text(bounds.TEXT_MAX))
    difficulties = models.TextField(_("difficulties"), blank=True, **bounds.text(bounds.TEXT_MAX))
    stage_goals = models.TextField(_("stage goals"), blank=True, **bounds.text(bounds.TEXT_MAX))
    strategy = models.TextField(_("strategy"), blank=True, **bounds.text(bounds.TEXT_MAX))
    resources_people = models.CharField(_("resources: people"), max_length=300, blank=True)
    resources_money = models.DecimalField(
        _("resources: money (CNY)"),
        default=0,
        validators=bounds.range_validators(0, bounds.PLAN_MONEY_MAX),
        **MONEY,
    )
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
            bounds.check("plan_money_bounded", "resources_money", 0, bounds.PLAN_MONEY_MAX),
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
