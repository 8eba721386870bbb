"""Small builders for the budgets tests: categories, approved budgets, claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from approvals.services import approval_decide, approval_for, approval_submit
from regions.roles import Role
from tests.factories import authority

from ..models import Budget, BudgetLine, CostCategory, Department, Scope, Status
from ..services import claim_create, claim_line_add

CATEGORIES = [
    ("travel", "差旅", "Travel"),
    ("rent", "房屋租赁", "Rent"),
    ("entertainment", "招待", "Entertainment"),
    ("business", "业务", "Business"),
    ("testing", "检测", "Testing"),
    ("brand", "品牌推广", "Brand promotion"),
]


def categories() -> dict[str, CostCategory]:
    result = {}
    for order, (code, name, name_en) in enumerate(CATEGORIES):
        result[code], _ = CostCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
    return result


def rules() -> None:
    """Region managers approve up to 5,000 CNY in their own region; above that (and for
    department documents, which have no region) the director, then the general manager."""
    from regions.models import Region

    for doc in ("budgets.expense", "budgets.supplement", "budgets.advance"):
        for region in Region.objects.all():
            authority(doc, [("5000", Role.REGION_MANAGER)], region=region)
        authority(doc, [("50000", Role.DIRECTOR), (None, Role.GENERAL_MANAGER)])
    authority("budgets.budget", [(None, Role.DIRECTOR)])


def today() -> date:
    return timezone.localdate()


def approved_line(
    *,
    region=None,
    department=None,
    project=None,
    category="travel",
    month: date | None = None,
    amount="10000",
    owner=None,
    created_by=None,
) -> BudgetLine:
    """An approved budget with one line (month of `month`, or annual for a project)."""
    cats = categories()
    month = (month or today()).replace(day=1)
    if project is not None:
        scope, region, year_month = Scope.PROJECT, project.region, None
    elif department is not None:
        scope, year_month = Scope.DEPARTMENT, month
    else:
        scope, year_month = Scope.REGION, month
    if owner is None:
        from regions.models import User

        owner = created_by or User.objects.filter(role=Role.REGION_MANAGER).order_by("pk").first()
    budget, _ = Budget.objects.get_or_create(
        year=month.year,
        scope=scope,
        region=region if scope != Scope.DEPARTMENT else None,
        department=department,
        project=project,
        defaults={"owner": owner, "created_by": created_by or owner, "status": Status.APPROVED},
    )
    line, _ = BudgetLine.objects.update_or_create(
        budget=budget,
        category=cats[category],
        month=year_month,
        defaults={"amount": Decimal(amount)},
    )
    return line


def department(code="marketing", owner=None) -> Department:
    obj, _ = Department.objects.get_or_create(
        code=code, defaults={"name": "市场部", "name_en": "Marketing department", "owner": owner}
    )
    return obj


def claim_with(
    person,
    amounts,
    *,
    category="travel",
    on: date | None = None,
    project=None,
    department=None,
    title="Trip",
):
    claim = claim_create(claimant=person, title=title, department=department)
    for amount in amounts:
        claim_line_add(
            claim=claim,
            actor=person,
            date=on or today(),
            category=categories()[category],
            amount=Decimal(amount),
            project=project,
        )
    claim.refresh_from_db()
    return claim


def submit(claim):
    return approval_submit(document=claim, actor=claim.claimant)


def decide(document, actor, decision="approve", reason=""):
    return approval_decide(
        request=approval_for(document), actor=actor, decision=decision, reason=reason
    )
