"""Target vs actual: completion against hand-computed figures, the month and the year to date,
original or current targets, drill-down to the orders, the Excel download, the home panel."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from orders.services import sales_month_rollup
from orders.tests.factories import customer, order, priced_product
from planning import selectors, services
from planning.tests.factories import approve_through, issue, plan_with_lines

YEAR = 2026
pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(org):
    prod = priced_product(org.finance, month=date(YEAR, 1, 1))  # 1.5 L a piece
    key = customer(org.north, name="北岳汽车", owner=org.north_rep)
    key2 = customer(org.north, name="燕山重卡", owner=org.north_rep2)
    small = customer(org.north, name="小客户", owner=org.north_rep)
    plan = issue(
        plan_with_lines(
            org.north_manager,
            year=YEAR,
            cells={
                (key, 1): ("300", "200000"),
                (key, 2): ("400", "250000"),
                (key2, 2): ("200", "100000"),
                (None, 2): ("100", "50000"),
            },
        )
    )
    # January: key takes 100 pieces = 150 L for 100 × 1000 = 100,000 CNY.
    order(org.mktadmin, key, prod, quantity=100, unit_price="1000", month=date(YEAR, 1, 1))
    # February: key 200 pieces = 300 L (240,000 CNY); the small customer 40 pieces = 60 L.
    order(org.mktadmin, key, prod, quantity=200, unit_price="1200", month=date(YEAR, 2, 1))
    order(org.mktadmin, small, prod, quantity=40, unit_price="1000", month=date(YEAR, 2, 1))
    sales_month_rollup(months=[date(YEAR, 1, 1), date(YEAR, 2, 1)])
    return {"plan": plan, "key": key, "key2": key2, "small": small, "product": prod}


def _row(data, key):
    return next(r for r in data["rows"] if r["key"] == key)


def test_completion_by_month_against_hand_computed_figures(org, tracked):
    data = selectors.tracking(user=org.director, year=YEAR, month=2, by="month")
    jan, feb = _row(data, date(YEAR, 1, 1)), _row(data, date(YEAR, 2, 1))
    assert jan["target"]["litres"] == 300 and jan["actual"]["litres"] == 150
    assert jan["litres_percent"] == Decimal("50.0")  # 150 / 300
    assert feb["target"]["litres"] == 700 and feb["actual"]["litres"] == 360
    assert feb["litres_percent"] == Decimal("51.4")  # 360 / 700 = 51.43 %
    assert feb["revenue_percent"] == Decimal("70.0")  # 280,000 / 400,000
    assert data["totals"]["litres_percent"] == Decimal("51.0")  # 510 / 1000


def test_by_key_customer_month_and_year_to_date(org, tracked):
    key, key2 = tracked["key"], tracked["key2"]
    month = selectors.tracking(user=org.director, year=YEAR, month=2, by="customer", period="month")
    assert _row(month, key.pk)["litres_percent"] == Decimal("75.0")  # 300 / 400
    assert _row(month, key2.pk)["litres_percent"] == Decimal("0.0")
    # The small customer has no target of its own: it counts among the other customers.
    other = _row(month, None)
    assert other["target"]["litres"] == 100 and other["actual"]["litres"] == 60
    ytd = selectors.tracking(user=org.director, year=YEAR, month=2, by="customer", period="ytd")
    assert _row(ytd, key.pk)["litres_percent"] == Decimal("64.3")  # 450 / 700


def test_a_rep_sees_their_own_and_a_manager_their_region(org, tracked):
    mine = selectors.tracking(user=org.north_rep, year=YEAR, month=2, by="customer", period="ytd")
    assert {r["key"] for r in mine["rows"]} == {tracked["key"].pk, None}
    assert mine["totals"]["target"]["litres"] == 700  # key's 700; not key2's, not the rest
    east = selectors.tracking(user=org.east_manager, year=YEAR, month=2, by="region")
    assert east["totals"]["target"]["litres"] == 0 and east["totals"]["actual"]["litres"] == 0


def test_reports_compare_with_original_or_current_targets(org, tracked, client_for):
    plan, key = tracked["plan"], tracked["key"]
    from approvals.services import approval_submit

    adjustment = services.adjustment_create(plan=plan, actor=org.north_manager, reason="Stop")
    services.adjustment_lines_set(
        adjustment=adjustment,
        actor=org.north_manager,
        cells={(key.pk, date(YEAR, 2, 1)): {"litres": Decimal("300"), "revenue": Decimal("1")}},
    )
    approval_submit(document=adjustment, actor=org.north_manager)
    approve_through(adjustment)
    current = selectors.tracking(user=org.director, year=YEAR, month=2, by="month")
    original = selectors.tracking(
        user=org.director, year=YEAR, month=2, by="month", which="original"
    )
    assert _row(current, date(YEAR, 2, 1))["target"]["litres"] == 600
    assert _row(original, date(YEAR, 2, 1))["target"]["litres"] == 700
    page = client_for(org.director).get("/planning/tracking/?year=2026&month=2&which=original")
    assert "Compared with the original targets" in page.content.decode()
    page = client_for(org.director).get("/planning/tracking/?year=2026&month=2")
    assert "Compared with the current targets" in page.content.decode()


def test_drill_down_shows_the_orders_behind_a_figure(org, tracked, client_for):
    client = client_for(org.director)
    page = client.get(
        f"/planning/tracking/orders/?year=2026&month=2&period=month&customer={tracked['key'].pk}"
    )
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="order-line"') == 1
    page = client.get("/planning/tracking/orders/?year=2026&month=2&period=ytd")
    assert page.content.decode().count('data-testid="order-line"') == 3
    # A rep drilling into another rep's customer sees nothing of it.
    rep = client_for(org.north_rep2).get(
        f"/planning/tracking/orders/?year=2026&month=2&customer={tracked['key'].pk}"
    )
    assert rep.content.decode().count('data-testid="order-line"') == 0


def test_the_excel_download_has_the_figures_and_no_formula(org, tracked, client_for):
    tracked["key"].name = "=HYPERLINK(1)"
    tracked["key"].save()
    response = client_for(org.director).get(
        "/planning/tracking/export/?year=2026&month=2&by=customer&period=month"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [row[0] for row in rows]
    assert "=HYPERLINK(1)" in names
    cell = sheet.cell(row=names.index("=HYPERLINK(1)") + 1, column=1)
    assert cell.data_type == "s"
    key_row = rows[names.index("=HYPERLINK(1)")]
    assert key_row[1] == 400 and key_row[2] == 300 and key_row[3] == 75


def test_the_home_panel_shows_the_region_month_against_plan(org, tracked, client_for):
    data = selectors.month_against_plan(user=org.north_manager, month=date(YEAR, 2, 1))
    (row,) = data["rows"]
    assert row["month"]["target"]["litres"] == 700 and row["month"]["actual"]["litres"] == 360
    assert row["ytd"]["litres_percent"] == Decimal("51.0")
    director = selectors.month_against_plan(user=org.director, month=date(YEAR, 2, 1))
    # All regions with targets or sales: only North has any.
    (north,) = director["rows"]
    assert north["ytd"]["target"]["litres"] == 1000 and north["ytd"]["actual"]["litres"] == 510
    rep = selectors.month_against_plan(user=org.north_rep, month=date(YEAR, 2, 1))
    assert rep["rows"][0]["month"]["target"]["litres"] == 400  # their own customer only
    page = client_for(org.north_manager).get("/")
    assert 'data-testid="panel-month-against-plan"' in page.content.decode()


def test_the_per_rep_fact_and_the_key_customer_targets_give_the_same_sums(org, tracked):
    """Questions without a customer read the per-rep fact (TargetMonth); by customer they read
    the plan's targets. After an adjustment both agree, for every reader, original and current."""
    from approvals.services import approval_submit
    from planning.models import TargetMonth

    plan, key = tracked["plan"], tracked["key"]
    adjustment = services.adjustment_create(plan=plan, actor=org.north_manager, reason="Stop")
    services.adjustment_lines_set(
        adjustment=adjustment,
        actor=org.north_manager,
        cells={(key.pk, date(YEAR, 2, 1)): {"litres": Decimal("250"), "revenue": Decimal("7")}},
    )
    approval_submit(document=adjustment, actor=org.north_manager)
    approve_through(adjustment)
    assert TargetMonth.objects.filter(plan=plan, which="current").exists()
    span = {"month_from": date(YEAR, 1, 1), "month_to": date(YEAR, 12, 1)}
    for user in (org.director, org.north_manager, org.north_rep, org.north_rep2, org.east_manager):
        for which in ("original", "current"):
            by_customer = selectors.targets(user=user, group_by=("customer",), which=which, **span)
            by_rep = selectors.targets(user=user, group_by=("rep",), which=which, **span)
            for measure in ("litres", "revenue"):
                assert sum(r[measure] for r in by_rep) == sum(r[measure] for r in by_customer)
    rep = {
        r["rep_id"]: r["litres"]
        for r in selectors.targets(user=org.director, group_by=("rep",), **span)
    }
    # north_rep: key's 300 (Jan) + 250 (Feb, adjusted from 400); north_rep2: key2's 200.
    assert rep[org.north_rep.pk] == 550 and rep[org.north_rep2.pk] == 200
    assert selectors.targets(user=org.east_manager, group_by=("rep",), **span) == []

    # Issuing again (a re-run) writes the same rows.
    def rows():
        return sorted(
            TargetMonth.objects.values_list("which", "month", "rep_id", "litres"),
            key=lambda r: (r[0], r[1], r[2] or 0),
        )

    before = rows()
    services.target_month_rebuild(plan=plan)
    assert rows() == before
