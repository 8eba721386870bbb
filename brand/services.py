"""Writes of brand management. Each public function is one transaction and checks the actor's
right first.

The budget-first rule for promotion plans (SPEC §9, §11): a plan's activities are paid from the
brand department's brand-promotion budget of its year (budgets app: department "brand",
category "brand", approved). On submit and again on approval the plan must fit in what that
budget has left:

    headroom = plan + approved supplements − committed − spent by claims   (budgets.budget_headroom)
    reserved = the budgets of other submitted or approved plans' activities not yet done
    refused when reserved + this plan > headroom

An activity stops reserving once its results are recorded: from then on its spending is in the
expense claims charged to the same budget lines, which the headroom already counts. The budget
lines are locked (pk order) while the check runs, as the claim check does.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_open
from core.money import ZERO
from core.submissions import create_once

from .models import (
    BrandSurvey,
    ImprovementAction,
    Positioning,
    PromotionActivity,
    PromotionPlan,
    Status,
    ToolkitItem,
    ToolkitVersion,
)

BRAND_DEPARTMENT = "brand"
BRAND_CATEGORY = "brand"
RESERVING = (Status.SUBMITTED, Status.APPROVED)


def fmt(value) -> str:
    return f"{Decimal(value or 0):,.2f}"


# --- positioning -----------------------------------------------------------------------------

POSITIONING_FIELDS = (
    "year",
    "statement",
    "value_claims",
    "customer_research",
    "competitor_analysis",
)


@transaction.atomic
def positioning_save(*, actor, values: dict, instance: Positioning | None = None, key: str = ""):
    access.require(actor, "brand.positioning_draft")
    if instance is not None and not instance.is_editable:
        raise ValidationError(_("Only a draft or a returned positioning can be changed."))

    def build() -> Positioning:
        positioning = instance or Positioning(author=actor)
        for name in POSITIONING_FIELDS:
            setattr(positioning, name, values[name])
        positioning.full_clean()
        positioning.save()
        approval_open(document=positioning, actor=actor)
        return positioning

    if instance is not None:
        return build()
    positioning, _created = create_once(actor=actor, key=key, create=build)
    return positioning


# --- toolkit ---------------------------------------------------------------------------------


@transaction.atomic
def toolkit_item_create(*, actor, values: dict, upload, note: str = "", key: str = ""):
    access.require(actor, "brand.toolkit_write")

    def build() -> ToolkitItem:
        item = ToolkitItem(**values)
        item.full_clean()
        item.save()
        _add_version(item=item, upload=upload, note=note, actor=actor)
        return item

    item, _created = create_once(actor=actor, key=key, create=build)
    return item


def _add_version(*, item: ToolkitItem, upload, note: str, actor) -> ToolkitVersion:
    # Lock the item so two uploads at once get numbers one after the other.
    ToolkitItem.objects.select_for_update().get(pk=item.pk)
    last = item.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ToolkitVersion.objects.create(
        item=item,
        number=last + 1,
        file=upload,
        file_name=os.path.basename(upload.name)[:255],
        note=note,
        uploaded_by=actor,
    )
    ToolkitItem.objects.filter(pk=item.pk).update(current=version)
    item.current = version
    return version


@transaction.atomic
def toolkit_version_add(*, actor, item: ToolkitItem, upload, note: str = "") -> ToolkitVersion:
    access.require(actor, "brand.toolkit_write")
    return _add_version(item=item, upload=upload, note=note, actor=actor)


# --- promotion plans -------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, year: int, title: str, key: str = "") -> PromotionPlan:
    access.require(actor, "brand.plan_draft")

    def build() -> PromotionPlan:
        plan = PromotionPlan(year=year, title=title, author=actor)
        plan.full_clean()
        plan.save()
        approval_open(document=plan, actor=actor)
        return plan

    plan, _created = create_once(actor=actor, key=key, create=build)
    return plan


def _editable_plan(plan: PromotionPlan, actor) -> PromotionPlan:
    access.require(actor, "brand.plan_draft")
    locked = PromotionPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_editable:
        raise ValidationError(_("Only a draft or a returned plan can be changed."))
    return locked


def _plan_total_refresh(plan: PromotionPlan) -> None:
    total = plan.activities.aggregate(total=Sum("budget"))["total"] or ZERO
    PromotionPlan.objects.filter(pk=plan.pk).update(total=total)
    plan.total = total


ACTIVITY_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "owner",
    "supervisor",
    "expected_effect",
    "budget",
)


@transaction.atomic
def activity_add(*, actor, plan: PromotionPlan, values: dict, key: str = "") -> PromotionActivity:
    locked = _editable_plan(plan, actor)

    def build() -> PromotionActivity:
        activity = PromotionActivity(plan=locked, **{n: values[n] for n in ACTIVITY_FIELDS})
        if activity.starts_on and activity.starts_on.year != locked.year:
            raise ValidationError({"starts_on": _("The activity starts in another year.")})
        activity.full_clean()
        activity.save()
        return activity

    activity, _created = create_once(actor=actor, key=key, create=build)
    _plan_total_refresh(locked)
    plan.total = locked.total
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: PromotionActivity) -> None:
    locked = _editable_plan(activity.plan, actor)
    PromotionActivity.objects.filter(pk=activity.pk).delete()
    _plan_total_refresh(locked)


@transaction.atomic
def activity_results(
    *, actor, activity: PromotionActivity, leads, attendance, actual_cost, note: str = ""
) -> PromotionActivity:
    access.require(actor, "brand.activity_results", activity)
    if activity.plan.status != Status.APPROVED:
        raise ValidationError(_("Results are recorded for activities of an approved plan."))
    activity.leads = leads
    activity.attendance = attendance
    activity.actual_cost = actual_cost
    activity.results_note = note
    activity.done_at = activity.done_at or timezone.now()
    activity.full_clean()
    activity.save()
    return activity


def brand_budget_lines(year: int):
    from budgets.models import BudgetLine, Scope
    from budgets.models import Status as BudgetStatus

    return BudgetLine.objects.filter(
        budget__status=BudgetStatus.APPROVED,
        budget__scope=Scope.DEPARTMENT,
        budget__department__code=BRAND_DEPARTMENT,
        budget__year=year,
        category__code=BRAND_CATEGORY,
    )


def plan_budget_figures(*, plan: PromotionPlan, lock: bool = False) -> dict:
    """The brand budget of the plan's year, what claims and other plans use of it, this plan."""
    from budgets.services import budget_headroom

    lines = brand_budget_lines(plan.year)
    headroom = budget_headroom(lines=lines, lock=lock)
    reserved = (
        PromotionActivity.objects.filter(
            plan__year=plan.year, plan__status__in=RESERVING, done_at__isnull=True
        )
        .exclude(plan=plan)
        .aggregate(total=Sum("budget"))["total"]
        or ZERO
    )
    this = plan.activities.aggregate(total=Sum("budget"))["total"] or ZERO
    return {
        "has_budget": lines.exists(),
        "budget": headroom.budget,
        "committed": headroom.committed,
        "spent": headroom.spent,
        "reserved": reserved,
        "this": this,
        "remaining_after": headroom.remaining - reserved - this,
    }


def plan_budget_check(*, plan: PromotionPlan) -> dict:
    """Refuse (ValidationError) a plan with no activity, with no approved brand budget for its
    year, or that does not fit in what the brand budget has left (see the module docstring)."""
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before submitting."))
    figures = plan_budget_figures(plan=plan, lock=True)
    if not figures["has_budget"]:
        raise ValidationError(
            _(
                "No approved brand-promotion budget for %(year)s: promotion that was not "
                "budgeted is not approved."
            )
            % {"year": plan.year}
        )
    if figures["remaining_after"] < 0:
        raise ValidationError(
            _(
                "Over the brand budget: budget %(budget)s, claimed %(used)s, other plans "
                "%(reserved)s, this plan %(this)s (%(over)s CNY over). Only a supplemental "
                "budget request approved first can cover it."
            )
            % {
                "budget": fmt(figures["budget"]),
                "used": fmt(figures["committed"] + figures["spent"]),
                "reserved": fmt(figures["reserved"]),
                "this": fmt(figures["this"]),
                "over": fmt(-figures["remaining_after"]),
            }
        )
    return figures


# --- evaluation ------------------------------------------------------------------------------


@transaction.atomic
def survey_record(*, actor, customer, year: int, scores: dict, comment: str = "") -> BrandSurvey:
    access.require(actor, "brand.survey_record", customer)
    if BrandSurvey.objects.filter(customer=customer, year=year).exists():
        raise ValidationError(_("This customer's brand survey of that year is recorded already."))
    values = [int(scores[name]) for name in BrandSurvey.SCORES]
    survey = BrandSurvey(
        customer=customer,
        region=customer.region,
        year=year,
        comment=comment,
        conducted_by=actor,
        score=(Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")),
        **{name: int(scores[name]) for name in BrandSurvey.SCORES},
    )
    survey.full_clean()
    survey.save()
    return survey


def score_trend(*, surveys) -> list[dict]:
    """The average score per year of these surveys (a queryset), oldest first. One query."""
    return list(
        surveys.values("year")
        .annotate(
            score=Avg("score"),
            technology=Avg("technology"),
            quality=Avg("quality"),
            national_brand=Avg("national_brand"),
            service=Avg("service"),
        )
        .order_by("year")
    )


@transaction.atomic
def improvement_add(*, actor, year: int, action: str, owner, due_on, key: str = ""):
    access.require(actor, "brand.improvement_write")

    def build() -> ImprovementAction:
        row = ImprovementAction(year=year, action=action, owner=owner, due_on=due_on)
        row.full_clean()
        row.save()
        return row

    row, _created = create_once(actor=actor, key=key, create=build)
    return row


@transaction.atomic
def improvement_done(*, actor, item: ImprovementAction) -> ImprovementAction:
    access.require(actor, "brand.improvement_write")
    ImprovementAction.objects.filter(pk=item.pk, done_on__isnull=True).update(
        done_on=timezone.localdate()
    )
    item.refresh_from_db()
    return item
