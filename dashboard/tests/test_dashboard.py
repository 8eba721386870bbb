"""The dashboard's figures: the same as the sources' selectors and the drill-downs, and no
figure from outside the reader's scope."""

import json
import re

import pytest

from core.templatetags.core import money
from tests.querycount import assert_constant_queries

from .. import selectors
from .factories import PRICE_MONTH, build, realised

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    return build(org)


def _chart(page: str, name: str) -> dict:
    return json.loads(page.split(f'id="{name}" type="application/json">')[1].split("</script>")[0])


def _testid(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', page)
    assert match, testid
    return match.group(1).strip()


def test_director_sees_the_company_price_figures_and_the_quotes_behind_them(world, client_for):
    org = world.org
    client = client_for(org.director)
    page = client.get(f"/dashboard/?period=month&month={PRICE_MONTH}").content.decode()
    every = [*world.north_quotes, world.east_quote]
    expected = realised(every)
    period = selectors.period_from({"period": "month", "month": PRICE_MONTH})
    figures = selectors.prices(user=org.director, period=period)
    assert figures["totals"]["realised"] == expected
    assert _testid(page, "prices-realised") == money(expected)
    assert _testid(page, "prices-below") == "1"
    # The drill-down lists the same quotes and adds up to the same figure.
    drill = client.get(f"/dashboard/prices/?period=month&month={PRICE_MONTH}").content.decode()
    assert _testid(drill, "drill-realised") == money(expected)
    assert drill.count('data-testid="drill-row"') == 3
    below = client.get(
        f"/dashboard/prices/?period=month&month={PRICE_MONTH}&below=1"
    ).content.decode()
    assert below.count('data-testid="drill-row"') == 1 and world.north_quotes[1].number in below
    # The chart is drawn from the same rows: class A (north) and C (east).
    chart = _chart(page, "chart-prices")
    assert len(chart["data"]["labels"]) == 2 and chart["options"]["locale"] == "en-US"


def test_sales_figures_equal_the_actuals_and_the_order_lines(world, client_for):
    from orders.selectors import actuals_totals

    org = world.org
    client = client_for(org.director)
    page = client.get(f"/dashboard/?month={PRICE_MONTH}").content.decode()
    month = world.north_order.lines.get().sales_month
    totals = actuals_totals(user=org.director, month_from=month, month_to=month)
    assert totals["revenue"] == 110000  # 100 + 10 pieces at 1,000
    assert _testid(page, "sales-revenue") == money(totals["revenue"])
    assert _testid(page, "sales-margin") == money(totals["margin"])
    # Drill from the north's row to its order lines: the same revenue, line by line.
    pattern = r'href="(/dashboard/sales/\?[^"]*region=north[^"]*)"'
    drill = client.get(re.search(pattern, page).group(1).replace("&amp;", "&")).content.decode()
    assert _testid(drill, "drill-revenue") == money(100000)
    assert drill.count('data-testid="drill-row"') == 1
    assert world.north_order.number in drill and world.east_order.number not in drill
    chart = _chart(page, "chart-sales")
    assert chart["data"]["labels"] == [PRICE_MONTH]
    assert chart["data"]["datasets"][0]["data"] == [110000.0]


def test_budget_and_funnel_figures_equal_their_sources(world, client_for):
    from budgets.selectors import execution_figures
    from customers.selectors import project_list

    org = world.org
    client = client_for(org.director)
    month = f"{world.budget_month:%Y-%m}"
    page = client.get(f"/dashboard/?month={month}").content.decode()
    rows = execution_figures(user=org.director, month=world.budget_month, period="month")
    north = next(r for r in rows if r["region__code"] == "north")
    assert north["used"] == 10200 and north["total"] == 12000
    assert money(north["used"]) in page and "85.0 % ⚠" in page
    # Drill from the north's figure to the claim lines behind it: the same amount.
    pattern = r'href="(/dashboard/budget/\?[^"]*region=' + str(org.north.pk) + r'[^"]*)"'
    link = re.search(pattern, page)
    drill = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert _testid(drill, "drill-total") == money(10200)
    assert drill.count('data-testid="drill-row"') == 1
    # Funnel: one active project, late; the project list's late filter gives the same project.
    assert _testid(page, "funnel-late") == "1"
    late = project_list(user=org.director, filters={"late": "1", "status": "active"})
    assert list(late) == [world.project]


def test_a_region_manager_sees_no_other_region(world, client_for):
    org = world.org
    client = client_for(org.east_manager)
    page = client.get(f"/dashboard/?period=year&month={PRICE_MONTH}").content.decode()
    east_value = realised([world.east_quote])
    assert _testid(page, "prices-realised") == money(east_value)
    north_value = realised(world.north_quotes)
    assert money(north_value) not in page and money(realised(world.north_quotes[:1])) not in page
    assert world.north_quotes[0].number not in page
    # Budgets of this month: the east's 4,321 only, never the north's 12,000 or its claim.
    page = client.get(f"/dashboard/?month={world.budget_month:%Y-%m}").content.decode()
    assert money(4321) in page and money(12000) not in page and money(10200) not in page
    assert "North" not in page and "华北" not in page
    budget_chart = _chart(page, "chart-budget")
    assert budget_chart["data"]["labels"] == ["East"]
    assert budget_chart["data"]["datasets"][0]["data"] == [4321.0]
    # Asking for the north by its code or id changes nothing.
    other = client.get(
        f"/dashboard/?month={world.budget_month:%Y-%m}&region=north"
    ).content.decode()
    assert money(12000) not in other
    drill = client.get(
        f"/dashboard/budget/?month={world.budget_month:%Y-%m}&region={org.north.pk}"
    ).content.decode()
    assert 'data-testid="drill-row"' not in drill
    sales = client.get(f"/dashboard/?month={PRICE_MONTH}").content.decode()
    assert _testid(sales, "sales-revenue") == money(10000)
    assert _chart(sales, "chart-sales")["data"]["datasets"][0]["data"] == [10000.0]
    lines = client.get(f"/dashboard/sales/?month={PRICE_MONTH}&region=north").content.decode()
    assert world.north_order.number not in lines and world.east_order.number in lines
    quotes = client.get(f"/dashboard/prices/?month={PRICE_MONTH}&region=north").content.decode()
    assert world.north_quotes[0].number not in quotes and world.east_quote.number in quotes


def test_a_rep_sees_their_own_quotes(world, client_for):
    org = world.org
    page = client_for(org.north_rep).get(f"/dashboard/?month={PRICE_MONTH}").content.decode()
    assert _testid(page, "prices-realised") == money(realised(world.north_quotes))
    assert 'data-testid="panel-queue"' not in page  # a rep decides nothing


def test_the_queue_shows_what_waits_oldest_first(world, client_for):
    from approvals.services import approval_submit
    from budgets.tests.factories import claim_with

    org = world.org
    first = approval_submit(document=claim_with(org.north_rep, ["100"]), actor=org.north_rep)
    later = approval_submit(document=claim_with(org.north_rep, ["200"]), actor=org.north_rep)
    page = client_for(org.north_manager).get("/dashboard/").content.decode()
    items = re.findall(r'data-testid="queue-item"><a href="/approvals/(\d+)/"', page)
    assert items == [str(first.pk), str(later.pk)]  # the 10,200 claim waits for the director
    assert _testid(page, "queue-count") == "2"


def test_the_period_picker_adds_up_the_quarter(world, client_for):
    period = selectors.period_from({"period": "quarter", "month": "2026-05"})
    assert (period.start.month, period.end.month, len(period.months)) == (4, 5, 2)
    period = selectors.period_from({"period": "year", "month": "2026-03"})
    figures = selectors.prices(user=world.org.director, period=period)
    assert figures["totals"]["quotes"] == 3
    period = selectors.period_from({"period": "quarter", "month": "2026-06"})
    assert selectors.prices(user=world.org.director, period=period)["totals"]["quotes"] == 0
    assert selectors.period_from({"month": "garbage", "period": "x"}).kind == "month"


def test_the_dashboard_is_for_management_region_managers_and_reps(world, client_for):
    org = world.org
    for person, status in (
        (org.finance, 403),
        (org.tech, 403),
        (org.gm, 200),
        (org.exec, 200),
        (org.north_rep, 200),
    ):
        assert client_for(person).get("/dashboard/").status_code == status


def test_dashboard_queries_do_not_grow(world, client_for):
    from budgets.tests.factories import claim_with
    from pricing.tests.factories import customer, quote

    from ..services import price_facts_rollup

    org = world.org

    def grow(n):
        for k in range(n):
            c = customer(org.north, name=f"增长客户{k}-{n}", owner=org.north_rep)
            quote(org.north_rep, world.product, customer_obj=c, quantity=10 + k)
            claim_with(org.north_rep, ["10"])
        price_facts_rollup()

    client = client_for(org.director)
    assert_constant_queries(client, f"/dashboard/?month={PRICE_MONTH}", grow=grow, small=1, large=4)
    assert_constant_queries(
        client, f"/dashboard/prices/?month={PRICE_MONTH}", grow=grow, small=1, large=4
    )


def test_the_regional_price_fact_is_the_owners_facts_summed(world):
    """The roll-up writes PriceRegionFact with PriceFact: per month, region, class and stage
    the same sums; the director and a region manager read it, a rep the per-owner rows, and
    all three get the figures of the quotes they see. A re-run gives the same rows."""
    from django.db.models import Sum

    from dashboard.models import PriceFact, PriceRegionFact
    from dashboard.services import price_facts_rollup

    key = ("month", "region_id", "customer_class", "lifecycle")
    sums = ("quotes", "quantity", "realised", "list_value", "floor_value", "below_floor")

    def regional():
        return sorted(PriceRegionFact.objects.values_list(*key, *sums))

    owners = sorted(
        tuple(r.values())
        for r in PriceFact.objects.values(*key)
        .annotate(**{f"t_{n}": Sum(n) for n in sums})
        .order_by()
    )
    assert regional() == owners and len(owners) == 2  # north class A, east class C
    before = regional()
    price_facts_rollup()
    assert regional() == before
    org = world.org
    period = selectors.period_from({"period": "month", "month": PRICE_MONTH})
    for user, quotes in (
        (org.director, [*world.north_quotes, world.east_quote]),
        (org.east_manager, [world.east_quote]),
        (org.north_rep, world.north_quotes),
    ):
        assert selectors.prices(user=user, period=period)["totals"]["realised"] == realised(quotes)
