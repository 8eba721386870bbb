"""Benchmark volume for budgets and expenses: 50,000 expense lines per unit of scale (500,000 at
scale 10) in about 10,000 claims per unit, spread over the months of the current year, the
three regions' reps and every cost category; approved budgets for each region and the two
departments (and any development projects the customers generator made); an approval record
for every submitted or decided claim, so the managers' queues are realistic.

Jobs: the monthly execution roll-up; submitting ten claims (create, charge, lock, check, route)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bench.registry import BenchContext, Job, Page

ORDER = 60
LINES_PER_UNIT = 50_000
LINES_PER_CLAIM = 5
CATEGORY_CODES = ["travel", "rent", "entertainment", "business", "testing", "brand"]
# status → share of claims
STATUSES = [
    ("paid", 0.70),
    ("approved", 0.15),
    ("submitted", 0.08),
    ("draft", 0.04),
    ("rejected", 0.03),
]


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def generate(ctx: BenchContext) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from approvals.models import ApprovalRequest
    from customers.models import DevelopmentProject
    from regions.roles import Role

    from .demo import CATEGORIES
    from .models import (
        Budget,
        BudgetLine,
        CostCategory,
        Department,
        ExpenseClaim,
        ExpenseLine,
        Scope,
    )

    rng = ctx.rng
    today = _today()
    year = today.year
    months = [date(year, m, 1) for m in range(1, today.month + 1)]
    people = ctx.data["people"]
    director = people["bench_director"]
    categories = ctx.bulk(
        CostCategory,
        [
            CostCategory(code=c, name=n, name_en=e, order=i)
            for i, (c, n, e) in enumerate(CATEGORIES)
        ],
    )
    categories = list(CostCategory.objects.order_by("order"))
    departments = ctx.bulk(
        Department,
        [
            Department(code="marketing", name="市场部", name_en="Marketing", owner_id=director),
            Department(code="brand", name="品牌部", name_en="Brand", owner_id=director),
        ],
    )
    departments = list(Department.objects.order_by("code"))
    # Who approves: the default authority rules (budgets migration 0006) of the fresh database.

    total_lines = ctx.n(LINES_PER_UNIT)
    claims_count = max(1, total_lines // LINES_PER_CLAIM)
    # Budgets: sized so that spending is about 75 % of plan on average.
    per_region_month_category = (
        Decimal(total_lines * 700) / (len(ctx.data["regions"]) * len(months) * 6) / Decimal("0.75")
    )
    per_region_month_category = per_region_month_category.quantize(Decimal("1"))
    budgets = [
        Budget(
            year=year,
            scope=Scope.REGION,
            region_id=rid,
            owner_id=ctx.data["managers"][code],
            created_by_id=people["bench_mktadmin"],
            status="approved",
        )
        for code, rid in ctx.data["regions"].items()
    ]
    budgets += [
        Budget(
            year=year,
            scope=Scope.DEPARTMENT,
            department=d,
            owner_id=director,
            created_by_id=people["bench_mktadmin"],
            status="approved",
        )
        for d in departments
    ]
    project_rows = list(
        DevelopmentProject.objects.values_list("pk", "region_id", "owner_id")[: ctx.n(100)]
    )
    budgets += [
        Budget(
            year=year,
            scope=Scope.PROJECT,
            project_id=pk,
            region_id=region_id,
            owner_id=owner_id,
            created_by_id=people["bench_mktadmin"],
            status="approved",
        )
        for pk, region_id, owner_id in project_rows
    ]
    budgets = ctx.bulk(Budget, budgets)
    budgets = list(Budget.objects.filter(year=year))
    lines = []
    for budget in budgets:
        if budget.scope == Scope.PROJECT:
            lines += [
                BudgetLine(budget=budget, category=c, month=None, amount=Decimal("50000"))
                for c in categories
            ]
        else:
            lines += [
                BudgetLine(budget=budget, category=c, month=m, amount=per_region_month_category)
                for c in categories
                for m in [date(year, k, 1) for k in range(1, 13)]
            ]
    ctx.copy(BudgetLine, lines)
    line_ids = {
        (region_id, category_id, month): pk
        for pk, region_id, category_id, month in BudgetLine.objects.filter(
            budget__scope=Scope.REGION, budget__year=year
        ).values_list("pk", "budget__region_id", "category_id", "month")
    }

    region_of = {}
    reps = []
    for code, rid in ctx.data["regions"].items():
        for rep in ctx.data["reps"][code]:
            reps.append(rep)
            region_of[rep] = rid
    now = timezone.now()
    cumulative = []
    acc = 0.0
    for status, share in STATUSES:
        acc += share
        cumulative.append((acc, status))
    claims = []
    for i in range(claims_count):
        roll = rng.random()
        status = next(s for limit, s in cumulative if roll <= limit)
        rep = reps[i % len(reps)]
        claims.append(
            ExpenseClaim(
                claimant_id=rep,
                region_id=region_of[rep],
                title=f"Claim {i}",
                status=status,
                total=Decimal("0"),
                paid_at=now if status == "paid" else None,
                paid_by_id=people["bench_finance"] if status == "paid" else None,
            )
        )
    claims = ctx.copy(ExpenseClaim, claims)
    expense_lines = []
    totals = {}
    for index, claim in enumerate(claims):
        month = months[index % len(months)]
        last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        last_day = min(last_day, today)
        for _ in range(LINES_PER_CLAIM):
            category = categories[rng.randrange(6)]
            amount = Decimal(rng.randrange(10_000, 130_000)) / 100
            on = month + timedelta(days=rng.randrange((last_day - month).days + 1))
            budget_line = (
                None if claim.status == "draft" else line_ids[(claim.region_id, category.pk, month)]
            )
            expense_lines.append(
                ExpenseLine(
                    claim_id=claim.pk,
                    date=on,
                    month=month,
                    category=category,
                    amount=amount,
                    currency="CNY",
                    budget_line_id=budget_line,
                )
            )
            totals[claim.pk] = totals.get(claim.pk, Decimal("0")) + amount
    ctx.copy(ExpenseLine, expense_lines)
    # Claim totals in one statement.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE budgets_expenseclaim SET total = (SELECT COALESCE(SUM(amount), 0) "
            "FROM budgets_expenseline "
            "WHERE budgets_expenseline.claim_id = budgets_expenseclaim.id)"
        )
    content_type = ContentType.objects.get_for_model(ExpenseClaim)
    managers = {rid: ctx.data["managers"][code] for code, rid in ctx.data["regions"].items()}
    approvals = []
    state_of = {
        "paid": "approved",
        "approved": "approved",
        "submitted": "submitted",
        "rejected": "rejected",
        "draft": "draft",
    }
    for claim in claims:
        total = totals.get(claim.pk, Decimal("0"))
        decided = claim.status not in ("draft", "submitted")
        approvals.append(
            ApprovalRequest(
                document_type="budgets.expense",
                content_type=content_type,
                object_id=claim.pk,
                title=f"{claim.title}",
                url=f"/budgets/claims/{claim.pk}/",
                region_id=claim.region_id,
                amount=total,
                submitter_id=claim.claimant_id,
                state=state_of[claim.status],
                approver_role=Role.REGION_MANAGER if claim.status != "draft" else "",
                approver_region_id=claim.region_id if claim.status != "draft" else None,
                submitted_at=None
                if claim.status == "draft"
                else now - timedelta(minutes=claim.pk % 50000),
                decided_at=now if decided else None,
                decided_by_id=managers[claim.region_id] if decided else None,
                revision=0 if claim.status == "draft" else 1,
            )
        )
    ctx.copy(ApprovalRequest, approvals)
    from .services import budget_execution_rollup

    budget_execution_rollup(month=today, notify=False)
    ctx.data["budgets_rep"] = reps[0]


def _submit_ten_claims(ctx: BenchContext):
    """Ten claims one after the other (the first pays for cold caches); divide by ten."""
    return [_submit_a_claim(ctx) for _ in range(10)]


def _submit_a_claim(ctx: BenchContext):
    from approvals.services import approval_submit
    from regions.models import User

    from .models import CostCategory
    from .services import claim_create, claim_line_add

    rep = User.objects.get(pk=ctx.data["budgets_rep"])
    category = CostCategory.objects.get(code="travel")
    claim = claim_create(claimant=rep, title="Bench claim")
    for amount in ("120.00", "80.50", "45.00"):
        claim_line_add(
            claim=claim, actor=rep, date=_today(), category=category, amount=Decimal(amount)
        )
    return approval_submit(document=claim, actor=rep)


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("budgets: approval queue (north manager)", "bench_north_manager", "/approvals/"),
        Page(
            "budgets: execution page, by region (director)", "bench_director", "/budgets/execution/"
        ),
        Page(
            "budgets: execution page, by category (north manager)",
            "bench_north_manager",
            "/budgets/execution/?group=category",
        ),
        Page("budgets: claim list (finance)", "bench_finance", "/budgets/claims/"),
        Page("budgets: claim list (rep)", "bench_north_rep1", "/budgets/claims/"),
        Page("budgets: claim list (director)", "bench_director", "/budgets/claims/"),
    ]


def jobs(ctx: BenchContext) -> list[Job]:
    from .services import budget_execution_rollup

    return [
        Job(
            "budgets: monthly execution roll-up",
            lambda c: budget_execution_rollup(month=_today(), notify=False),
        ),
        Job(
            "budgets: submit 10 claims (3 lines each, create + budget check + route)",
            _submit_ten_claims,
        ),
    ]
