"""Pages: entry, the quote→order step, the list (filters, totals, export), the pivot and its
drill-down, and who sees what in each."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from orders.models import Order, OrderLine, OrderSource
from pricing.models import Quote
from pricing.tests.factories import quote as make_quote
from tests.querycount import assert_constant_queries

from .factories import customer, order, priced_product

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture
def sales(org):
    prod = priced_product(org.finance)
    north = customer(org.north, name="北岳汽车", owner=org.north_rep)
    east = customer(org.east, name="东海汽车", owner=org.east_rep)
    return prod, north, east


def _lines(*rows):
    data = {"lines-TOTAL_FORMS": str(len(rows) + 1), "lines-INITIAL_FORMS": "0"}
    for i, (product, quantity, price, month) in enumerate(rows):
        data.update(
            {
                f"lines-{i}-product": product.pk,
                f"lines-{i}-quantity": quantity,
                f"lines-{i}-unit_price": price,
                f"lines-{i}-requested_month": month,
            }
        )
    return data


def test_marketing_admin_enters_an_order_with_lines_once(org, client_for, sales):
    prod, north, _ = sales
    client = client_for(org.mktadmin)
    page = client.get("/orders/new/")
    key = page.context["form"].initial["submission_key"]
    data = {
        "customer": north.pk,
        "order_date": "2026-01-10",
        "customer_po": "PO-77",
        "currency": "CNY",
        "fx_rate": "1",
        "submission_key": key,
        **_lines((prod, "10", "800.00", "2026-01"), (prod, "2", "810.50", "2026-02")),
    }
    response = client.post("/orders/new/", data)
    assert response.status_code == 302
    again = client.post("/orders/new/", data)  # Back and Save again: still one order
    assert again.status_code == 302
    order_obj = Order.objects.get()
    assert order_obj.customer_po == "PO-77" and order_obj.owner == org.north_rep
    assert [(x.quantity, x.litres, x.amount_cny) for x in order_obj.lines.all()] == [
        (10, Decimal("15.0000"), Decimal("8000.00")),
        (2, Decimal("3.0000"), Decimal("1621.00")),
    ]
    detail = client.get(response["Location"])
    assert "PO-77" in detail.content.decode()
    assert "8,000.00" in detail.content.decode() or "8000.00" in detail.content.decode()


def test_an_order_without_lines_or_with_a_negative_quantity_is_refused(org, client_for, sales):
    prod, north, _ = sales
    client = client_for(org.mktadmin)
    base = {"customer": north.pk, "order_date": "2026-01-10", "currency": "CNY", "fx_rate": "1"}
    empty = client.post("/orders/new/", {**base, **_lines()})
    assert empty.status_code == 400
    assert "An order needs at least one line." in empty.content.decode()
    negative = client.post("/orders/new/", {**base, **_lines((prod, "-5", "10", "2026-01"))})
    assert negative.status_code == 400
    assert not Order.objects.exists()


def test_a_won_quote_becomes_an_order_in_one_step_linked_both_ways(org, client_for, sales):
    from pricing.tests.factories import strategy

    prod, north, _ = sales
    strategy(org.director, approver=org.gm)
    from pricing.tests.factories import market_month

    market_month(org.finance, month=date(2026, 3, 1), products=[prod])
    q = make_quote(org.north_rep, prod, customer_obj=north, quantity=500)
    Quote.objects.filter(pk=q.pk).update(status="won")
    client = client_for(org.mktadmin)
    quote_page = client.get(f"/pricing/quotes/{q.pk}/").content.decode()
    assert f"/orders/from-quote/{q.pk}/" in quote_page
    form = client.get(f"/orders/from-quote/{q.pk}/")
    key = form.context["form"].initial["submission_key"]
    response = client.post(
        f"/orders/from-quote/{q.pk}/",
        {
            "order_date": "2026-03-02",
            "requested_month": "2026-04",
            "quantity": "500",
            "submission_key": key,
        },
    )
    assert response.status_code == 302
    made = Order.objects.get()
    assert made.quote == q and made.source == OrderSource.QUOTE and made.owner == org.north_rep
    line = made.lines.get()
    assert (line.product, line.quantity, line.unit_price) == (prod, 500, q.unit_price)
    assert made.number in client.get(f"/pricing/quotes/{q.pk}/").content.decode()
    assert q.number in client.get(made.get_absolute_url()).content.decode()
    # A quote that is not won is refused.
    Quote.objects.filter(pk=q.pk).update(status="agreed")
    refused = client.post(
        f"/orders/from-quote/{q.pk}/",
        {"order_date": "2026-03-02", "requested_month": "2026-04", "quantity": "5"},
    )
    assert refused.status_code == 400 and Order.objects.count() == 1


def test_list_filters_totals_and_a_north_rep_never_sees_an_east_order(org, client_for, sales):
    prod, north, east = sales
    order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=JAN)
    order(org.mktadmin, north, prod, quantity=20, unit_price="100", month=FEB)
    east_order = order(org.mktadmin, east, prod, quantity=40, unit_price="100", month=FEB)
    rep = client_for(org.north_rep)
    page = rep.get("/orders/")
    numbers = [o.number for o in page.context["page"]]
    assert east_order.number not in numbers and len(numbers) == 2
    assert page.context["totals"]["litres"] == Decimal("45.0000")  # (10 + 20) × 1.5
    filtered = rep.get("/orders/?month_from=2026-02&month_to=2026-02")
    assert filtered.context["totals"]["amount"] == Decimal("2000.00")
    assert rep.get(east_order.get_absolute_url()).status_code == 404
    export = load_workbook(io.BytesIO(rep.get("/orders/export/").content)).active
    exported = [row[0] for row in export.iter_rows(min_row=2, values_only=True)]
    assert east_order.number not in exported and len(exported) == 2
    director = client_for(org.director)
    east_only = director.get(f"/orders/?region={org.east.pk}")
    assert east_only.context["totals"]["litres"] == Decimal("60.0000")


def test_the_pivot_shows_only_what_the_person_sees_and_drills_down(org, client_for, sales):
    prod, north, east = sales
    order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=JAN)
    order(org.mktadmin, east, prod, quantity=40, unit_price="100", month=JAN)
    query = "month_from=2026-01&month_to=2026-03&rows=region&measure=revenue"
    director = client_for(org.director).get(f"/orders/sales/?{query}")
    table = director.context["table"]
    assert [r.label for r in table.rows] == ["East", "North"]
    assert table.total == Decimal("5000.00")
    rep_page = client_for(org.north_rep).get(f"/orders/sales/?{query}")
    rep_table = rep_page.context["table"]
    assert [r.label for r in rep_table.rows] == ["North"] and rep_table.total == Decimal("1000.00")
    assert rep_page.content.decode().count('data-testid="pivot-row"') == 1
    # Drill-down: the lines behind the North cell of January, the same figure.
    cell = rep_table.rows[0].cells[0]
    lines = client_for(org.north_rep).get(cell["url"])
    assert [x.order.customer for x in lines.context["page"]] == [north]
    assert lines.context["totals"]["revenue"] == Decimal("1000.00")
    # The rep's Excel download carries only their figure.
    sheet = load_workbook(
        io.BytesIO(client_for(org.north_rep).get(f"/orders/sales/export/?{query}").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Region", "2026-01", "2026-02", "2026-03")
    assert rows[1][0] == "North" and Decimal(str(rows[1][1])) == Decimal("1000")
    assert rows[-1][0] == "Total" and Decimal(str(rows[-1][-1])) == Decimal("1000")
    assert not any("East" in str(cell) for row in rows for cell in row)


def test_exports_keep_a_formula_looking_name_as_text(org, client_for, sales):
    prod, _, _ = sales
    evil = customer(org.north, name='=HYPERLINK("http://x","y")', owner=org.north_rep)
    order(org.mktadmin, evil, prod, quantity=1, unit_price="1", month=JAN)
    client = client_for(org.director)
    sheet = load_workbook(io.BytesIO(client.get("/orders/export/").content)).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    pivot = load_workbook(
        io.BytesIO(client.get("/orders/sales/export/?month_from=2026-01&rows=customer").content)
    ).active
    assert pivot.cell(row=2, column=1).data_type == "s"


def test_order_list_and_pivot_queries_do_not_grow(org, client_for, sales):
    prod, north, east = sales
    client = client_for(org.north_manager)

    def grow(n):
        for i in range(n):
            order(org.mktadmin, north if i % 2 else east, prod, quantity=1 + i, month=JAN)

    assert_constant_queries(client, "/orders/", grow=grow, small=2, large=12)
    more_customers = [customer(org.north, name=f"客户{i}", owner=org.north_rep) for i in range(8)]

    def grow_pivot(n):
        for i in range(n):
            order(org.mktadmin, more_customers[i % 8], prod, quantity=1, month=FEB)

    assert_constant_queries(
        client, "/orders/sales/?month_from=2026-01&rows=customer", grow=grow_pivot, small=1, large=8
    )


def test_cancel_needs_a_reason_and_takes_the_order_out_of_the_actuals(org, client_for, sales):
    prod, north, _ = sales
    o = order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=JAN)
    client = client_for(org.mktadmin)
    client.post(f"/orders/{o.pk}/cancel/", {"reason": ""})
    o.refresh_from_db()
    assert not o.is_cancelled
    client.post(f"/orders/{o.pk}/cancel/", {"reason": "Duplicate of the ERP order"})
    o.refresh_from_db()
    assert o.is_cancelled and o.cancel_reason == "Duplicate of the ERP order"
    page = client_for(org.director).get("/orders/sales/?month_from=2026-01&month_to=2026-01")
    assert page.context["table"].total == Decimal("0")


def test_edit_records_a_delivery_and_moves_the_month(org, client_for, sales):
    prod, north, _ = sales
    o = order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=JAN)
    client = client_for(org.mktadmin)
    data = {
        "currency": "CNY",
        "fx_rate": "1",
        **_lines((prod, "10", "100", "2026-01")),
        "lines-0-delivered_month": "2026-02",
    }
    assert client.post(f"/orders/{o.pk}/edit/", data).status_code == 302
    o.refresh_from_db()
    assert o.status == "delivered"
    assert OrderLine.objects.get(order=o).sales_month == FEB


def test_customer_page_and_home_show_the_sales(org, client_for, sales):
    prod, north, _ = sales
    today = date.today()
    order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=today.replace(day=1))
    rep = client_for(org.north_rep)
    home = rep.get("/").content.decode()
    assert 'data-testid="panel-orders-my-sales"' in home and "15 L" in home
    page = rep.get(f"/customers/{north.pk}/").content.decode()
    assert 'data-testid="customer-orders"' in page
    tech = client_for(org.tech)
    assert 'data-testid="panel-orders-my-sales"' not in tech.get("/").content.decode()


def test_a_pivot_by_customer_shows_the_largest_and_sums_the_rest(
    org, client_for, sales, monkeypatch
):
    from orders import pivot

    prod, north, east = sales
    small = customer(org.north, name="小客户", owner=org.north_rep)
    for cust, quantity in ((north, 10), (east, 40), (small, 1)):
        order(org.mktadmin, cust, prod, quantity=quantity, unit_price="100", month=JAN)
    monkeypatch.setattr(pivot, "MAX_ROWS", 2)
    page = client_for(org.director).get(
        "/orders/sales/?month_from=2026-01&month_to=2026-01&rows=customer"
    )
    table = page.context["table"]
    assert [r.label for r in table.rows] == ["东海汽车", "北岳汽车"]
    assert table.others.total == Decimal("100.00")
    assert (
        table.total
        == Decimal("5100.00")
        == sum((r.total for r in [*table.rows, table.others]), Decimal("0"))
    )
