"""Litres, amounts and margins against hand-computed figures; the monthly roll-up; the actuals
selectors (totals equal the sum of the lines behind them; who sees what)."""

from datetime import date
from decimal import Decimal

import pytest

from orders.models import OrderStatus, SalesMonth
from orders.selectors import actual_lines, actuals, actuals_totals
from orders.services import LineInput, order_cancel, order_update, sales_month_rollup

from .factories import customer, order, priced_product

JAN, FEB, MAR, MAY = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 5, 1)


@pytest.fixture
def sales(org):
    prod = priced_product(org.finance)  # 1.5 L, standard cost 250.00 in January
    north = customer(org.north, name="北岳汽车", owner=org.north_rep)
    north2 = customer(org.north, name="燕山重卡", owner=org.north_rep2)
    east = customer(org.east, name="东海汽车", owner=org.east_rep)
    return prod, north, north2, east


def test_line_litres_amount_and_margin_match_hand_computed_figures(org, sales):
    prod, north, _, _ = sales
    o = order(org.mktadmin, north, prod, quantity=120, unit_price="1234.56", month=JAN)
    line = o.lines.get()
    assert line.litres == Decimal("180.0000")  # 120 × 1.5 L
    assert line.amount == Decimal("148147.20")  # 120 × 1234.56
    assert line.amount_cny == Decimal("148147.20")
    assert line.unit_cost == Decimal("250.00")
    assert line.cost_month == JAN
    assert line.margin == Decimal("118147.20")  # 148147.20 − 120 × 250
    assert o.region == org.north and o.owner == org.north_rep
    assert o.total_litres == Decimal("180") and o.total_amount_cny == Decimal("148147.20")
    assert o.number.startswith("SO2026-")


def test_foreign_currency_line_is_converted_and_costed_from_the_latest_month_before(org, sales):
    prod, north, _, _ = sales
    o = order(
        org.mktadmin, north, prod, quantity=10, unit_price="100", month=MAY,
        currency="USD", fx_rate="7.1",
    )  # fmt: skip
    line = o.lines.get()
    assert line.amount == Decimal("1000.00")
    assert line.amount_cny == Decimal("7100.00")
    # No standard cost for May: January's is used, and the month is kept.
    assert line.cost_month == JAN
    assert line.margin == Decimal("4600.00")  # 7100 − 10 × 250


def test_a_sale_before_the_first_cost_month_is_costed_from_the_earliest_month(org, sales):
    prod, north, _, _ = sales
    o = order(org.mktadmin, north, prod, quantity=2, unit_price="300", month=date(2025, 11, 1))
    line = o.lines.get()
    assert (line.cost_month, line.margin) == (JAN, Decimal("100.00"))  # 600 − 2 × 250


def test_line_without_any_standard_cost_has_no_margin_and_counts_zero(org, sales):
    _, north, _, _ = sales
    from pricing.tests.factories import product

    bare = product("BARE-1", volume="2")
    o = order(org.mktadmin, north, bare, quantity=5, unit_price="10", month=JAN)
    assert o.lines.get().margin is None
    totals = actuals_totals(user=org.director, month_from=JAN, month_to=JAN)
    assert totals == {
        "litres": Decimal("10.0000"),
        "revenue": Decimal("50.00"),
        "margin": Decimal("0.00"),
    }


def test_rollup_is_idempotent_and_follows_cancel_and_delivery(org, sales):
    prod, north, _, east = sales
    a = order(org.mktadmin, north, prod, quantity=10, unit_price="500", month=JAN)
    order(org.mktadmin, north, prod, quantity=4, unit_price="500", month=JAN)
    order(org.mktadmin, east, prod, quantity=2, unit_price="300", month=FEB)

    def snapshot():
        return sorted(
            SalesMonth.objects.values_list(
                "month", "region_id", "customer_id", "product_id", "rep_id",
                "litres", "revenue", "margin", "line_count",
            )
        )  # fmt: skip

    first = snapshot()
    assert [(r[0], r[1], r[8]) for r in first] == [(JAN, org.north.pk, 2), (FEB, org.east.pk, 1)]
    assert first[0][5:8] == (Decimal("21.0000"), Decimal("7000.00"), Decimal("3500.00"))
    assert sales_month_rollup() == 2
    assert sales_month_rollup(months=[JAN, FEB]) == 2
    assert snapshot() == first

    # Delivered in March instead: the line moves from January to March.
    order_update(
        actor=org.mktadmin,
        order=a,
        lines=[
            LineInput(
                product=prod, quantity=10, unit_price=Decimal("500"),
                requested_month=JAN, delivered_month=MAR,
            )
        ],
    )  # fmt: skip
    a.refresh_from_db()
    assert a.status == OrderStatus.DELIVERED
    by_month = {r["month"]: r["litres"] for r in actuals(user=org.director, month_from=JAN,
                                                         month_to=MAR)}  # fmt: skip
    assert by_month == {JAN: Decimal("6.0000"), FEB: Decimal("3.0000"), MAR: Decimal("15.0000")}

    order_cancel(actor=org.mktadmin, order=a, reason="Customer withdrew")
    totals = actuals_totals(user=org.director, month_from=JAN, month_to=MAR)
    assert totals["litres"] == Decimal("9.0000")
    assert not SalesMonth.objects.filter(month=MAR).exists()


def test_actuals_totals_equal_the_sum_of_the_lines_behind_them(org, sales):
    prod, north, north2, east = sales
    other = priced_product(org.finance, "TWC-ORD2", volume="0.75", month=FEB)
    for i, (cust, p, month) in enumerate(
        [(north, prod, JAN), (north2, other, FEB), (east, prod, FEB), (north, other, MAR)] * 3
    ):
        order(org.mktadmin, cust, p, quantity=7 + i, unit_price=f"{333 + i}.33", month=month)
    for user in (org.director, org.north_manager, org.north_rep, org.east_manager):
        for filters in ({}, {"products": [other.pk]}, {"customers": [north.pk, east.pk]}):
            totals = actuals_totals(user=user, month_from=JAN, month_to=MAR, **filters)
            lines = list(actual_lines(user=user, month_from=JAN, month_to=MAR, **filters))
            assert totals["litres"] == sum((x.litres for x in lines), Decimal("0"))
            assert totals["revenue"] == sum((x.amount_cny for x in lines), Decimal("0"))
            assert totals["margin"] == sum((x.margin for x in lines), Decimal("0"))
            grouped = actuals(
                user=user, month_from=JAN, month_to=MAR,
                group_by=("month", "region", "customer", "product", "rep"), **filters,
            )  # fmt: skip
            assert sum((r["revenue"] for r in grouped), Decimal("0")) == totals["revenue"]
    # The director sees every line: 12 lines, and the grouping keys name real rows.
    rows = actuals(user=org.director, month_from=JAN, month_to=MAR, group_by=("region", "rep"))
    assert {(r["region_id"], r["rep_id"]) for r in rows} == {
        (org.north.pk, org.north_rep.pk),
        (org.north.pk, org.north_rep2.pk),
        (org.east.pk, org.east_rep.pk),
    }
    assert set(rows[0]) == {"region_id", "rep_id", "litres", "revenue", "margin"}


def test_a_north_rep_never_sees_an_east_order_or_a_colleagues(org, sales):
    prod, north, north2, east = sales
    order(org.mktadmin, north, prod, quantity=1, unit_price="100", month=JAN)
    order(org.mktadmin, north2, prod, quantity=2, unit_price="100", month=JAN)
    order(org.mktadmin, east, prod, quantity=4, unit_price="100", month=JAN)

    def litres(user, **filters):
        return actuals_totals(user=user, month_from=JAN, month_to=JAN, **filters)["litres"]

    assert litres(org.north_rep) == Decimal("1.5000")
    assert litres(org.north_rep, regions=[org.east.pk]) == Decimal("0")
    assert litres(org.north_manager) == Decimal("4.5000")
    assert litres(org.east_manager) == Decimal("6.0000")
    assert litres(org.tech) == Decimal("0")
    assert litres(org.finance) == litres(org.mktadmin) == litres(org.gm) == Decimal("10.5000")
    assert {line.order.customer for line in actual_lines(
        user=org.north_rep, month_from=JAN, month_to=JAN)} == {north}  # fmt: skip
    rows = actuals(user=org.north_rep, month_from=JAN, month_to=JAN, group_by=("customer",))
    assert [r["customer_id"] for r in rows] == [north.pk]


def test_an_empty_range_answers_zero(org):
    assert actuals(user=org.director, month_from=JAN, month_to=MAR) == []
    assert actuals_totals(user=org.director, month_from=JAN, month_to=MAR) == {
        "litres": Decimal("0"),
        "revenue": Decimal("0"),
        "margin": Decimal("0"),
    }
    with pytest.raises(ValueError):
        actuals(user=org.director, month_from=JAN, month_to=MAR, group_by=("colour",))


def test_region_stays_with_the_order_when_the_customer_moves(org, sales):
    prod, north, _, _ = sales
    order(org.mktadmin, north, prod, quantity=2, unit_price="100", month=JAN)
    north.region = org.east
    north.save()
    sales_month_rollup()
    rows = actuals(user=org.director, month_from=JAN, month_to=JAN, group_by=("region",))
    assert [r["region_id"] for r in rows] == [org.north.pk]


def test_only_marketing_admin_records_and_nothing_is_saved_on_refusal(org, sales):
    from django.core.exceptions import PermissionDenied

    from orders.models import Order

    prod, north, _, _ = sales
    for person in (org.north_rep, org.north_manager, org.director, org.finance):
        with pytest.raises(PermissionDenied):
            order(person, north, prod)
    assert Order.objects.count() == 0
    assert not SalesMonth.objects.exists()


def test_rollup_task_rebuilds_the_fact(org, sales):
    from orders.tasks import sales_month_rollup_task

    prod, north, _, _ = sales
    order(org.mktadmin, north, prod, quantity=2, unit_price="100", month=JAN)
    SalesMonth.objects.all().delete()
    assert sales_month_rollup_task.delay(months=["2026-01-01"]).get() == 1
    assert actuals_totals(user=org.director, month_from=JAN, month_to=JAN)["revenue"] == Decimal(
        "200.00"
    )


def test_the_per_rep_fact_gives_the_same_sums_as_the_customer_fact(org, sales):
    """By month, region or rep the selectors read SalesRepMonth; with a customer or product
    they read SalesMonth. The roll-up writes both, so every reader gets the same sums."""
    from orders.models import SalesRepMonth

    prod, north, north2, east = sales
    order(org.mktadmin, north, prod, quantity=10, unit_price="500", month=JAN)
    order(org.mktadmin, north2, prod, quantity=3, unit_price="700", month=JAN)
    order(org.mktadmin, east, prod, quantity=2, unit_price="300", month=FEB)
    assert SalesRepMonth.objects.count() == 3  # north_rep, north_rep2 (Jan); east_rep (Feb)
    span = {"month_from": JAN, "month_to": FEB}
    for user in (org.director, org.north_manager, org.north_rep, org.east_rep):
        by_rep = actuals(user=user, group_by=("rep",), **span)
        by_product = actuals(user=user, group_by=("product",), **span)
        for measure in ("litres", "revenue", "margin"):
            assert sum(r[measure] for r in by_rep) == sum(r[measure] for r in by_product)
    north_rep = actuals(user=org.north_rep, group_by=("rep",), **span)
    assert [(r["rep_id"], r["revenue"]) for r in north_rep] == [
        (org.north_rep.pk, Decimal("5000.00"))
    ]
    SalesRepMonth.objects.all().delete()
    sales_month_rollup()
    assert SalesRepMonth.objects.count() == 3


def test_the_per_customer_fact_sums_the_products_and_answers_the_pivot_by_customer(org, sales):
    """By customer (no product) the selectors read SalesCustomerMonth, a row a customer and
    month summed over products; by product they read SalesMonth. The sums agree for every
    reader, the top customers come from it, and rebuilding gives the same rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orders.models import SalesCustomerMonth
    from orders.selectors import actuals_top

    prod, north, north2, east = sales
    other = priced_product(org.finance, code="TWC-ORD2", volume="2")
    order(org.mktadmin, north, prod, quantity=10, unit_price="500", month=JAN)
    order(org.mktadmin, north, other, quantity=4, unit_price="900", month=JAN)
    order(org.mktadmin, north2, prod, quantity=3, unit_price="700", month=JAN)
    order(org.mktadmin, east, other, quantity=2, unit_price="300", month=FEB)
    assert SalesMonth.objects.count() == 4
    assert SalesCustomerMonth.objects.count() == 3  # 北岳 (two products) is one row
    span = {"month_from": JAN, "month_to": FEB}
    for user in (org.director, org.north_manager, org.north_rep, org.east_rep):
        with CaptureQueriesContext(connection) as queries:
            by_customer = actuals(user=user, group_by=("customer",), **span)
        assert "orders_salescustomermonth" in queries[0]["sql"]
        by_line = {}
        for row in actuals(user=user, group_by=("customer", "product"), **span):
            by_line[row["customer_id"]] = by_line.get(row["customer_id"], 0) + row["revenue"]
        assert {r["customer_id"]: r["revenue"] for r in by_customer} == by_line
    director = {
        r["customer_id"]: r["revenue"]
        for r in actuals(user=org.director, group_by=("customer",), **span)
    }
    assert director[north.pk] == Decimal("8600.00")  # 10 × 500 + 4 × 900
    assert actuals_top(user=org.director, by="customer", measure="revenue", **span) == [
        north.pk,
        north2.pk,
        east.pk,
    ]
    assert actuals_top(user=org.east_rep, by="customer", **span) == [east.pk]
    rows = sorted(SalesCustomerMonth.objects.values_list("month", "customer_id", "revenue"))
    SalesCustomerMonth.objects.all().delete()
    sales_month_rollup()
    assert sorted(SalesCustomerMonth.objects.values_list("month", "customer_id", "revenue")) == rows
