"""A small world for the dashboard: quotes in the north and the east (one below floor), a
north budget with a claim, a late project, and the roll-ups run."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

PRICE_MONTH = "2026-03"


def build(org) -> SimpleNamespace:
    from approvals.services import approval_submit
    from budgets.services import budget_execution_rollup
    from budgets.tests.factories import approved_line, categories, claim_with, rules
    from customers.models import ProjectStage
    from customers.tests.factories import make_customer, make_project
    from pricing.models import Quote
    from pricing.tests.factories import customer, market_month, product, quote, strategy

    from ..services import price_facts_rollup

    w = SimpleNamespace(org=org)
    # Prices: two north quotes (one below floor) and one east quote, all agreed.
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    north_customer = customer(org.north, name="北岳汽车", owner=org.north_rep)
    east_customer = customer(org.east, name="东海汽车", owner=org.east_rep, customer_class="C")
    w.north_quotes = [
        quote(org.north_rep, prod, customer_obj=north_customer, quantity=1000),
        quote(org.north_rep, prod, customer_obj=north_customer, quantity=300),
    ]
    w.east_quote = quote(org.east_rep, prod, customer_obj=east_customer, quantity=7777)
    Quote.objects.filter(pk=w.north_quotes[1].pk).update(below_floor=True)
    assert set(Quote.objects.values_list("status", flat=True)) == {"agreed"}
    price_facts_rollup()
    w.product = prod

    # Sales: a north order of 100 pieces at 1,000 and an east one of 10 (March 2026).
    from orders.services import sales_month_rollup
    from orders.tests.factories import order, priced_product

    sold = priced_product(org.finance)
    month = date.fromisoformat(f"{PRICE_MONTH}-01")
    w.north_order = order(org.mktadmin, north_customer, sold, quantity=100, month=month)
    w.east_order = order(org.mktadmin, east_customer, sold, quantity=10, month=month)
    sales_month_rollup()

    # Budget: a north monthly budget of 12,000 and a submitted claim of 10,200 (85 %: warning).
    categories()
    rules()
    line = approved_line(region=org.north, amount="12000", owner=org.north_manager)
    east_line = approved_line(region=org.east, amount="4321", owner=org.east_manager)
    w.claim = claim_with(org.north_rep, ["10200"])
    approval_submit(document=w.claim, actor=org.north_rep)
    w.budget_month = timezone.localdate().replace(day=1)
    budget_execution_rollup(month=w.budget_month, notify=False)
    w.line, w.east_line = line, east_line

    # Development: a north project with a milestone past its planned date.
    project_customer = make_customer(org.north, owner=org.north_rep)
    w.project = make_project(project_customer, owner=org.north_rep)
    stage = ProjectStage.objects.filter(project=w.project).order_by("pk").first()
    if stage is None:
        stage = ProjectStage.objects.create(project=w.project, stage=w.project.stage)
    stage.planned_date = timezone.localdate() - timedelta(days=10)
    stage.actual_date = None
    stage.save()
    return w


def realised(quotes) -> Decimal:
    """What the realised value must be, from the quote rows themselves."""
    return sum((q.unit_price * q.quantity for q in quotes), Decimal("0"))


NORTH_TARGETS = {(None, 1): ("100", "50000"), (None, 3): ("200", "150000")}
EAST_TARGETS = {(None, 3): ("20", "20000")}


def build_targets(org) -> SimpleNamespace:
    """The small world plus issued 2026 plans (the north: January 50,000 and March 150,000;
    the east: March 20,000), the March KPIs computed, and market intelligence reported in
    March: a north entry marked for analysis and an east one."""
    from information.tests.factories import entry, form, plan_item
    from performance.services import kpi_compute
    from planning.tests.factories import issue, plan_with_lines

    w = build(org)
    month = date.fromisoformat(f"{PRICE_MONTH}-01")
    w.north_plan = issue(plan_with_lines(org.north_manager, year=2026, cells=NORTH_TARGETS))
    w.east_plan = issue(plan_with_lines(org.east_manager, year=2026, cells=EAST_TARGETS))
    kpi_compute(month=month)
    # This world's people have little KPI data of their own: score one KPI of each by hand so
    # the ranking has an order (north_rep2 first, then east_rep; the north above the east).
    from performance.models import KpiValue

    march = KpiValue.objects.filter(month=month)
    for person, region, score in (
        (org.north_rep2, None, "95"),
        (org.east_rep, None, "80"),
        (None, org.north, "90"),
        (None, org.east, "70"),
    ):
        rows = march.filter(person=person) if person else march.filter(person=None, region=region)
        first = rows.order_by("pk").first()
        if first is not None:  # none when the KPI definitions are not loaded
            KpiValue.objects.filter(pk=first.pk).update(score=Decimal(score))
    from performance.services import kpi_scores_rebuild

    kpi_scores_rebuild(month=month)  # the ranking's fact follows the hand-set scores
    item = plan_item()
    w.north_entry = entry(
        form(item, org.north_rep, start=month),
        title="北岳汽车 plans a China 6b line",
        reported_on=month.replace(day=12),
        for_analysis=True,
    )
    w.east_entry = entry(
        form(item, org.east_rep, start=month),
        title="东海汽车 changes its buyer",
        reported_on=month.replace(day=20),
    )
    return w


def adjust_north_march(org, plan, revenue="120000") -> None:
    """An approved adjustment of the north's March target (litres 180)."""
    from approvals.services import approval_submit
    from planning import services
    from planning.tests.factories import approve_through

    adjustment = services.adjustment_create(plan=plan, actor=org.north_manager, reason="Stop")
    services.adjustment_lines_set(
        adjustment=adjustment,
        actor=org.north_manager,
        cells={(None, date(2026, 3, 1)): {"litres": Decimal("180"), "revenue": Decimal(revenue)}},
    )
    approval_submit(document=adjustment, actor=org.north_manager)
    approve_through(adjustment)
