"""Reads of brand management; every read starts from the access layer."""

from __future__ import annotations

from django.db.models import QuerySet

import access

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


def positioning_list(*, user) -> QuerySet[Positioning]:
    return access.visible(user, Positioning).select_related("author").order_by("-year")


def positioning_current(*, user) -> Positioning | None:
    """The latest approved year's positioning."""
    return positioning_list(user=user).filter(status=Status.APPROVED).first()


def positioning_get_for_user(*, user, pk) -> Positioning:
    return access.get_for_user(user, Positioning.objects.select_related("author"), pk=pk)


def toolkit_list(*, user, kind: str = "", language: str = "") -> QuerySet[ToolkitItem]:
    qs = access.visible(user, ToolkitItem).select_related("owner", "current")
    if kind:
        qs = qs.filter(kind=kind)
    if language:
        qs = qs.filter(language=language)
    return qs


def toolkit_item_get_for_user(*, user, pk) -> ToolkitItem:
    return access.get_for_user(user, ToolkitItem, pk=pk)


def toolkit_version_get_for_user(*, user, pk) -> ToolkitVersion:
    return access.get_for_user(user, ToolkitVersion.objects.select_related("item"), pk=pk)


def plan_list(*, user) -> QuerySet[PromotionPlan]:
    return access.visible(user, PromotionPlan).select_related("author")


def plan_get_for_user(*, user, pk) -> PromotionPlan:
    return access.get_for_user(user, PromotionPlan.objects.select_related("author"), pk=pk)


def plan_activities(*, user, plan: PromotionPlan) -> list[PromotionActivity]:
    rows = list(
        access.visible(user, PromotionActivity)
        .filter(plan=plan)
        .select_related("owner", "supervisor")
    )
    may = set(
        access.visible(user, PromotionActivity, action="brand.activity_results")
        .filter(plan=plan)
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.may_record = row.pk in may
    return rows


def activity_get_for_user(*, user, pk) -> PromotionActivity:
    return access.get_for_user(user, PromotionActivity.objects.select_related("plan"), pk=pk)


def survey_list(*, user) -> QuerySet[BrandSurvey]:
    return access.visible(user, BrandSurvey).select_related("customer", "conducted_by")


def improvement_list(*, user) -> QuerySet[ImprovementAction]:
    return access.visible(user, ImprovementAction).select_related("owner")


def improvement_get_for_user(*, user, pk) -> ImprovementAction:
    return access.get_for_user(user, ImprovementAction, pk=pk)
