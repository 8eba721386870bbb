"""Builders for brand tests: the brand budget (budgets' own builders), plans and activities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from brand.models import (
    ActivityKind,
    Language,
    Positioning,
    PromotionActivity,
    PromotionPlan,
    Status,
    ToolkitItem,
    ToolkitKind,
)
from brand.services import _add_version
from budgets.tests import factories as budget_factories

PDF = b"%PDF-1.4\n% test\n"


def brand_budget(*, year: int, monthly: str = "10000", months=range(1, 13), owner=None):
    """An approved brand department budget with a brand-promotion line per month."""
    department = budget_factories.department(code="brand", owner=owner)
    return [
        budget_factories.approved_line(
            department=department,
            category="brand",
            month=date(year, month, 1),
            amount=monthly,
            owner=owner,
        )
        for month in months
    ]


def plan(*, year: int, author, status=Status.DRAFT, title="年度推广计划") -> PromotionPlan:
    from approvals.services import approval_open

    row = PromotionPlan.objects.create(year=year, title=title, author=author, status=status)
    approval_open(document=row, actor=author)
    return row


def activity(plan_row, *, owner, supervisor, budget="10000", starts_on=None, **fields):
    starts_on = starts_on or date(plan_row.year, 5, 10)
    row = PromotionActivity.objects.create(
        plan=plan_row,
        kind=fields.pop("kind", ActivityKind.CONFERENCE),
        title=fields.pop("title", "国六技术研讨会"),
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", starts_on),
        owner=owner,
        supervisor=supervisor,
        expected_effect="30 家客户到会",
        budget=Decimal(budget),
        **fields,
    )
    total = sum(a.budget for a in plan_row.activities.all())
    PromotionPlan.objects.filter(pk=plan_row.pk).update(total=total)
    plan_row.refresh_from_db()
    return row


def positioning(*, year: int, author, status=Status.DRAFT) -> Positioning:
    from approvals.services import approval_open

    row = Positioning.objects.create(
        year=year,
        statement="技术进步带来的低成本",
        value_claims="低成本；品质稳定；民族品牌；服务周到",
        author=author,
        status=status,
    )
    approval_open(document=row, actor=author)
    return row


def toolkit_item(*, owner) -> ToolkitItem:
    item = ToolkitItem.objects.create(
        kind=ToolkitKind.BROCHURE, title="公司画册", language=Language.ZH, owner=owner
    )
    _add_version(item=item, upload=ContentFile(PDF, name="brochure.pdf"), note="", actor=owner)
    return item
