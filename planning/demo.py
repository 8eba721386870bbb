"""Demo planning data, so every state shows: two versions of the three-year rolling target
(with what changed), this year's and next year's company targets split to regions by month,
this year's plan of every region issued through the whole chain (North with one approved
mid-year adjustment), and next year's plans in draft (North), returned for rework (East) and
waiting for consolidation (South). Each issued plan's expense budget is the region's budget
as it already stands, so issuing it changes no budget figure. Notification e-mails are not sent
while seeding. Idempotent: a region's plan of a year is only made when there is none."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from regions.models import Region, User

ORDER = 70


def seed(*, out) -> None:
    from approvals.tasks import approval_notify_task

    from . import services

    with (
        mock.patch.object(approval_notify_task, "delay_on_commit", lambda *a, **k: None),
        mock.patch.object(services, "_announce", lambda *a, **k: None),
    ):
        _seed(out=out)


def _approve_all(document, people, *, upto: int | None = None) -> None:
    from approvals.models import State
    from approvals.services import approval_decide, approval_for

    request = approval_for(document)
    while request.state == State.SUBMITTED and (upto is None or request.step <= upto):
        approver = people.get(
            {
                "marketing_admin": "mktadmin",
                "marketing_director": "director",
                "executive_committee": "exec",
                "general_manager": "gm",
            }.get(request.approver_role, "")
        )
        if approver is None:
            return
        request = approval_decide(request=request, actor=approver, decision="approve")


def _base_figures(year: int) -> tuple[Decimal, Decimal, Decimal]:
    """This year's company litres, revenue and margin: last year's demo sales (the orders demo
    runs first) grown by 15 % (the demo's orders grow about a fifth a year), so that targets and
    actuals are of one size and completion reads near 100 %; round figures when there are no
    orders."""
    from access import CompanyReader
    from orders.selectors import actuals_totals

    last = actuals_totals(
        user=CompanyReader(), month_from=date(year - 1, 1, 1), month_to=date(year - 1, 12, 1)
    )
    if not last["revenue"]:
        return Decimal(180000), Decimal(54000000), Decimal(9700000)
    growth = Decimal("1.15")
    return (
        (last["litres"] * growth).quantize(Decimal("1")),
        (last["revenue"] * growth).quantize(Decimal("1")),
        (max(last["margin"], Decimal(0)) * growth).quantize(Decimal("1")),
    )


def _seed(*, out) -> None:
    from approvals.services import approval_decide, approval_for, approval_submit
    from customers.models import KEY_ACCOUNT_CLASSES, Customer, DevelopmentProject, ProjectStage

    from . import services
    from .models import CompanyTarget, RegionPlan, RegionTarget, RollingTarget

    people = {u.username: u for u in User.objects.filter(is_active=True)}
    if "director" not in people:
        return
    director = people["director"]
    year = timezone.localdate().year
    regions = list(Region.objects.filter(is_active=True).order_by("code"))

    litres_base, revenue_base, margin_base = _base_figures(year)

    # Three-year rolling target: last year's version and this year's revision.
    for base, growth in ((year - 1, Decimal("1.00")), (year, Decimal("1.08"))):
        if RollingTarget.objects.filter(base_year=base).exists():
            continue
        services.rolling_create(
            actor=director,
            base_year=base,
            note="汽车市场国六切换，催化剂需求增长；竞争对手降价。"
            if base == year
            else "国六标准实施前的保守假设。",
            years={
                y: {
                    "litres": (litres_base * Decimal("1.15") ** (y - year) * growth).quantize(
                        Decimal("1")
                    ),
                    "revenue": (revenue_base * Decimal("1.15") ** (y - year) * growth).quantize(
                        Decimal("1")
                    ),
                    "margin": (margin_base * Decimal("1.12") ** (y - year) * growth).quantize(
                        Decimal("1")
                    ),
                    "customers_developed": 6 + (y - year) * 2,
                }
                for y in (base, base + 1, base + 2)
            },
        )

    # This year's and next year's company targets, each split to regions by month.
    targets = {}
    for target_year, scale in ((year, Decimal(1)), (year + 1, Decimal("1.15"))):
        target = CompanyTarget.objects.filter(year=target_year).first()
        if target is None:
            target = services.target_save(
                actor=director,
                year=target_year,
                litres=(litres_base * scale).quantize(Decimal("1")),
                revenue=(revenue_base * scale).quantize(Decimal("1")),
                margin=(margin_base * scale).quantize(Decimal("1")),
                customers_developed=6,
                strategy_price="A 类客户具竞争力的报价；成熟产品逐步降价；贵金属价格联动。",
                strategy_brand="技术降本、质量稳定、民族品牌；参加行业展会与客户技术培训。",
                strategy_cooperation="与整车厂联合开发国六平台，与发动机厂签订技术协议。",
                resource_money=Decimal(3000000) * scale,
                resource_people=24,
                resource_note="每片区增加一名销售代表；技术支持两人常驻华东。",
            )
        if not RegionTarget.objects.filter(target=target).exists():
            proposal = services.split_propose(user=director, target=target, regions=regions)
            services.split_save(target=target, actor=director, cells=proposal)
        targets[target_year] = target

    def last_year_sales(region, target_year) -> dict:
        from access import CompanyReader
        from orders.selectors import actuals

        return {
            row["customer_id"]: row["revenue"]
            for row in actuals(
                user=CompanyReader(),
                month_from=date(target_year - 1, 1, 1),
                month_to=date(target_year - 1, 12, 1),
                regions=[region.pk],
                group_by=("customer",),
            )
        }

    def key_customers(region, target_year):
        """The region's key customers: those that bought most the year before, until they make
        nine tenths of its sales (the orders demo runs first), so nearly every sale a rep makes
        is to a customer they carry a target for; without sales, its A and B customers."""
        sales = last_year_sales(region, target_year)
        total = sum(sales.values(), Decimal(0))
        if total <= 0:
            return list(
                Customer.objects.filter(
                    region=region, customer_class__in=KEY_ACCOUNT_CLASSES
                ).order_by("name")[:6]
            )
        chosen, covered = [], Decimal(0)
        for pk, revenue in sorted(sales.items(), key=lambda kv: -kv[1]):
            if covered >= total * Decimal("0.9") or len(chosen) >= 30:
                break
            chosen.append(pk)
            covered += revenue
        by_pk = Customer.objects.filter(pk__in=chosen, owner__isnull=False).in_bulk()
        return sorted(by_pk.values(), key=lambda c: c.name)

    def shares(region, customers, target_year) -> dict:
        """Each key customer's share of the region's target: its share of the region's sales
        the year before, so a rep's target is of the size of what their customers buy; without
        sales, 70 % to key customers by catalyst demand."""
        sales = last_year_sales(region, target_year)
        total = sum(sales.values(), Decimal(0))
        if total > 0:
            return {c.pk: sales.get(c.pk, Decimal(0)) / total for c in customers}
        weights = {c.pk: max(c.catalyst_demand_litres, Decimal(1)) for c in customers}
        total_weight = sum(weights.values()) or Decimal(1)
        return {pk: Decimal("0.7") * w / total_weight for pk, w in weights.items()}

    def cells_for(region, target_year, factor=Decimal(1)):
        """Targets per key customer and month from the region's split, each key customer's
        share as in shares(); the rest to the other customers."""
        split = {
            (row.month): row
            for row in RegionTarget.objects.filter(target=targets[target_year], region=region)
        }
        customers = key_customers(region, target_year)
        share_of = shares(region, customers, target_year)
        cells = {}
        for month in services.months_of(target_year):
            row = split.get(month)
            if row is None:
                continue
            litres, revenue = row.litres * factor, row.revenue * factor
            for customer in customers:
                share = share_of[customer.pk]
                cells[(customer.pk, month)] = {
                    "litres": (litres * share).quantize(Decimal("0.01")),
                    "revenue": (revenue * share).quantize(Decimal("0.01")),
                }
            keyed_l = sum((c["litres"] for (k, m), c in cells.items() if m == month), Decimal(0))
            keyed_r = sum((c["revenue"] for (k, m), c in cells.items() if m == month), Decimal(0))
            cells[(None, month)] = {"litres": litres - keyed_l, "revenue": revenue - keyed_r}
        return cells

    def budget_of(region, plan_year):
        """The region's approved budget as it stands (so issuing changes no figure), else a
        modest plan."""
        from budgets.models import BudgetLine, CostCategory

        lines = BudgetLine.objects.filter(
            budget__year=plan_year, budget__scope="region", budget__region=region
        ).exclude(amount=0)
        amounts = {(line.category_id, line.month): line.amount for line in lines}
        if not amounts:
            for category in CostCategory.objects.filter(is_active=True)[:3]:
                for month in services.months_of(plan_year):
                    amounts[(category.pk, month)] = Decimal(5000)
        return amounts

    def draft(region, plan_year, manager, *, factor=Decimal(1), milestones=True):
        plan = RegionPlan.objects.filter(region=region, year=plan_year).first()
        if plan is not None:
            return plan, False
        plan = services.plan_create(
            actor=manager, year=plan_year, note="按关键客户逐月分解；其他客户按上年比例。"
        )
        services.plan_lines_set(
            plan=plan, actor=manager, cells=cells_for(region, plan_year, factor)
        )
        services.plan_budget_set(plan=plan, actor=manager, amounts=budget_of(region, plan_year))
        if milestones:
            for project in DevelopmentProject.objects.filter(region=region).order_by("pk")[:3]:
                stage = (
                    ProjectStage.objects.filter(project=project, actual_date__isnull=True)
                    .exclude(planned_date=None)
                    .order_by("planned_date")
                    .first()
                )
                baseline = (
                    stage.planned_date
                    if stage and stage.planned_date.year == plan_year
                    else date(plan_year, 9, 30)
                )
                services.milestone_add(
                    plan=plan,
                    actor=manager,
                    project=project,
                    stage=stage.stage if stage else "samples",
                    baseline_date=baseline,
                )
        return plan, True

    managers = {r.code: people.get(f"{r.code}_manager") for r in regions}
    made = 0
    # This year: every region's plan issued through the whole chain.
    for region in regions:
        manager = managers.get(region.code)
        if manager is None:
            continue
        plan, created = draft(region, year, manager)
        if created:
            approval_submit(document=plan, actor=manager)
            _approve_all(plan, people)
            made += 1
    # North's approved mid-year adjustment: the second half lowered by a tenth.
    north = next((r for r in regions if r.code == "north"), None)
    if north is not None and managers.get("north"):
        plan = RegionPlan.objects.filter(region=north, year=year, status="issued").first()
        if plan is not None and not plan.adjustments.exists():
            adjustment = services.adjustment_create(
                plan=plan,
                actor=managers["north"],
                reason="主要客户国六平台推迟投产，下半年需求下调 10%。",
            )
            cells = {
                (line.customer_id, line.month): {
                    "litres": (line.litres * Decimal("0.9")).quantize(Decimal("0.01")),
                    "revenue": (line.revenue * Decimal("0.9")).quantize(Decimal("0.01")),
                }
                for line in plan.lines.filter(version=plan.current_version, month__month__gte=7)
            }
            services.adjustment_lines_set(
                adjustment=adjustment, actor=managers["north"], cells=cells
            )
            approval_submit(document=adjustment, actor=managers["north"])
            _approve_all(adjustment, people)
    # Next year: North in draft, East returned by consolidation, South waiting for it.
    for code, state in (("north", "draft"), ("east", "returned"), ("south", "submitted")):
        region = next((r for r in regions if r.code == code), None)
        manager = managers.get(code)
        if region is None or manager is None:
            continue
        plan, created = draft(region, year + 1, manager, factor=Decimal("1.1"))
        if not created or state == "draft":
            continue
        approval_submit(document=plan, actor=manager)
        if state == "returned" and "mktadmin" in people:
            approval_decide(
                request=approval_for(plan),
                actor=people["mktadmin"],
                decision="return",
                reason="华东一季度目标低于公司分解，请补充关键客户的增量。",
            )
        made += 1
    out.write(f"planning: {made} region plans (targets, milestones, budgets)\n")
