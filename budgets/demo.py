"""Demo budgets and expenses: a year of approved budgets for the three regions, the marketing
department and brand, two project budgets, claims in every state, one approved supplement, one
outstanding cash advance, and the South region close to its travel budget so the warning shows.
Notification e-mails are not sent while seeding (the console would fill with them)."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from regions.models import Region, User

ORDER = 60
CATEGORIES = [
    ("travel", "差旅", "Travel"),
    ("rent", "房屋租赁", "Rent"),
    ("entertainment", "招待", "Entertainment"),
    ("business", "业务", "Business"),
    ("testing", "检测", "Testing"),
    ("brand", "品牌推广", "Brand promotion"),
]
# Monthly plan per category for a region (CNY).
REGION_PLAN = {
    "travel": 20000,
    "rent": 8000,
    "entertainment": 12000,
    "business": 6000,
    "testing": 3000,
    "brand": 2000,
}
DEPARTMENT_PLAN = {
    "travel": 15000,
    "rent": 0,
    "entertainment": 5000,
    "business": 10000,
    "testing": 8000,
    "brand": 40000,
}
DEPARTMENTS = [
    ("marketing", "市场部", "Marketing department", "director"),
    ("brand", "品牌部", "Brand", "mktadmin"),
]


def seed(*, out) -> None:
    from approvals.tasks import approval_notify_task

    with mock.patch.object(approval_notify_task, "delay_on_commit", lambda *args, **kwargs: None):
        _seed(out=out)


def _seed(*, out) -> None:
    from approvals.services import approval_decide, approval_for, approval_submit
    from customers.models import DevelopmentProject

    from .models import Budget, CostCategory, Department, Scope
    from .services import (
        advance_create,
        budget_create,
        budget_execution_rollup,
        budget_lines_set,
        claim_create,
        claim_line_add,
        claim_mark_paid,
        supplement_create,
    )

    people = {u.username: u for u in User.objects.filter(is_active=True)}
    if "director" not in people:
        return
    for order, (code, name, name_en) in enumerate(CATEGORIES):
        CostCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
    categories = {c.code: c for c in CostCategory.objects.all()}
    for code, name, name_en, owner in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "owner": people.get(owner)}
        )
    # Who approves comes from the default authority rules (migration 0006).
    today = timezone.localdate()
    year = today.year
    director, admin, finance = people["director"], people["mktadmin"], people["finance"]
    regions = {r.code: r for r in Region.objects.all()}

    def decide(document, actor, decision="approve", reason=""):
        return approval_decide(
            request=approval_for(document), actor=actor, decision=decision, reason=reason
        )

    if not Budget.objects.filter(year=year).exists():
        holders = [
            (Scope.REGION, {"region": region}, people.get(f"{code}_manager"), REGION_PLAN)
            for code, region in regions.items()
        ]
        holders += [
            (Scope.DEPARTMENT, {"department": d}, d.owner or director, DEPARTMENT_PLAN)
            for d in Department.objects.all()
        ]
        for project in DevelopmentProject.objects.select_related("owner").order_by("pk")[:3]:
            holders.append((Scope.PROJECT, {"project": project}, project.owner, None))
        for scope, holder, owner, plan in holders:
            budget = budget_create(
                year=year, scope=scope, owner=owner or director, actor=admin, **holder
            )
            amounts = {}
            for line in budget.lines.select_related("category"):
                if plan is None:
                    amounts[line.pk] = Decimal(
                        {"testing": 30000, "travel": 15000, "entertainment": 8000}.get(
                            line.category.code, 0
                        )
                    )
                else:
                    amounts[line.pk] = Decimal(plan[line.category.code])
            budget_lines_set(budget=budget, amounts=amounts, actor=admin)
            approval_submit(document=budget, actor=admin)
            decide(budget, director)

        # Past months: each region spent part of its travel budget (South almost all of it).
        for code, share in (("north", "0.62"), ("east", "0.55"), ("south", "0.97")):
            rep, manager = people.get(f"{code}_rep1"), people.get(f"{code}_manager")
            if rep is None or manager is None:
                continue
            for month in range(1, today.month + (1 if code == "south" else 0)):
                spend_on = date(year, month, min(12, today.day if month == today.month else 12))
                amount = (Decimal(REGION_PLAN["travel"]) * Decimal(share)).quantize(Decimal("1"))
                # Split so each claim stays within a manager's authority.
                claim = claim_create(claimant=rep, title=f"{spend_on:%Y-%m} 差旅 / travel")
                for part in (
                    Decimal("4900"),
                    Decimal("4900"),
                    Decimal("4900"),
                    amount - Decimal("14700"),
                ):
                    if part > 0:
                        claim_line_add(
                            claim=claim,
                            actor=rep,
                            date=spend_on,
                            category=categories["travel"],
                            amount=part,
                            description="高铁/机票 train and flights",
                        )
                claim.refresh_from_db()
                approval_submit(document=claim, actor=rep)
                decide(claim, director if claim.total > 5000 else manager)
                if month < today.month:
                    claim_mark_paid(claim=claim, actor=finance)

        # The South is close to its limit this month (about 93 %), so the warning shows.
        rep, manager = people.get("south_rep2"), people.get("south_manager")
        if rep and manager:
            for code in ("rent", "entertainment", "business", "testing", "brand"):
                amount = (Decimal(REGION_PLAN[code]) * Decimal("0.9")).quantize(Decimal("1"))
                c = claim_create(
                    claimant=rep,
                    title=f"{today:%Y-%m} {categories[code].name} / {categories[code].name_en}",
                )
                remaining = amount
                while remaining > 0:
                    part = min(remaining, Decimal("4900"))
                    claim_line_add(
                        claim=c,
                        actor=rep,
                        date=today.replace(day=1),
                        category=categories[code],
                        amount=part,
                    )
                    remaining -= part
                c.refresh_from_db()
                approval_submit(document=c, actor=rep)
                decide(c, director if c.total > 5000 else manager)

        # This month in the North: claims in every state.
        rep, rep2, manager = (
            people.get("north_rep1"),
            people.get("north_rep2"),
            people.get("north_manager"),
        )
        if rep and rep2 and manager:
            first_day = today.replace(day=1)

            def claim(person, title, lines):
                c = claim_create(claimant=person, title=title)
                for category, amount, *served in lines:
                    claim_line_add(
                        claim=c,
                        actor=person,
                        date=first_day,
                        category=categories[category],
                        amount=Decimal(amount),
                        **(served[0] if served else {}),
                    )
                c.refresh_from_db()
                return c

            # Lines that served a customer and a project, so the customer and project pages show
            # their expenses; one receipt in USD, converted at finance's rate (pricing seeds it).
            import access
            from customers.models import Customer
            from pricing.models import MarketUpload

            customer = access.visible(rep, Customer).order_by("pk").first()
            project = next(
                (
                    p
                    for p in DevelopmentProject.objects.filter(budgets__year=year).order_by("pk")
                    if access.allowed(rep, p)
                ),
                None,
            )
            served = {"customer": customer} if customer else {}
            claim(rep, "客户拜访餐费 / Customer dinner (draft)", [("entertainment", "680", served)])
            submitted = claim(
                rep,
                "天津出差 / Tianjin trip",
                [("travel", "1260", served), ("entertainment", "420", served)],
            )
            if project is not None:
                submitted_lines = [("testing", "2400", {"project": project})]
                if MarketUpload.objects.filter(is_current=True, month__lte=first_day).exists():
                    submitted_lines.append(
                        (
                            "travel",
                            "300",
                            {
                                "project": project,
                                "currency": "USD",
                                "description": "SAE 底特律 / Detroit conference",
                            },
                        )
                    )
                test = claim(rep, "匹配试验 / Matching test", submitted_lines)
                approval_submit(document=test, actor=rep)
                decide(test, manager)
            approval_submit(document=submitted, actor=rep)
            approved = claim(rep2, "石家庄客户交流 / Shijiazhuang visit", [("travel", "980")])
            approval_submit(document=approved, actor=rep2)
            decide(approved, manager)
            paid = claim(rep2, "办公室租金 / Office rent", [("rent", "7500")])
            approval_submit(document=paid, actor=rep2)
            decide(paid, director)
            claim_mark_paid(claim=paid, actor=finance)
            returned = claim(rep, "样品快递 / Sample courier", [("business", "320")])
            approval_submit(document=returned, actor=rep)
            decide(returned, manager, "return", "请附上快递单 / attach the courier receipt")
            rejected = claim(rep2, "高尔夫球 / Golf", [("entertainment", "2600")])
            approval_submit(document=rejected, actor=rep2)
            decide(rejected, manager, "reject", "不属于业务招待 / not business entertainment")

            # An approved supplement for the North's travel line this month.
            from .models import BudgetLine

            line = BudgetLine.objects.get(
                budget__year=year,
                budget__scope=Scope.REGION,
                budget__region=regions["north"],
                category=categories["travel"],
                month=first_day,
            )
            supplement = supplement_create(
                requester=manager,
                line=line,
                amount=Decimal("8000"),
                reason="车展参展差旅 / Auto show travel",
                planned_date=today,
            )
            approval_submit(document=supplement, actor=manager)
            decide(supplement, director)

            # An advance, partly settled: 3,000 advanced, 1,800 settled, 1,200 outstanding.
            advance = advance_create(
                person=rep,
                amount=Decimal("3000"),
                reason="车展 / Auto show",
                planned_date=today + timedelta(days=7),
            )
            approval_submit(document=advance, actor=rep)
            decide(advance, manager)
            advance.refresh_from_db()
            settling = claim_create(
                claimant=rep, title="车展住宿 / Auto show hotel", advance=advance
            )
            claim_line_add(
                claim=settling,
                actor=rep,
                date=first_day,
                category=categories["travel"],
                amount=Decimal("1800"),
            )
            approval_submit(document=settling, actor=rep)
            decide(settling, manager)
    for month in {today.replace(day=1), (today.replace(day=1) - timedelta(days=1)).replace(day=1)}:
        if month.year == year:
            budget_execution_rollup(month=month, notify=False)
    out.write(f"budgets: {Budget.objects.filter(year=year).count()} budgets for {year}")
