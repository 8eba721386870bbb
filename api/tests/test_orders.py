"""Orders through the API: the ERP's push (idempotent on the ERP order number, also under two
simultaneous pushes), the order lists in each person's scope, and the actuals."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from orders.models import Order, OrderLine, OrderStatus, SalesMonth
from orders.services import order_cancel
from orders.tests.factories import customer, order, priced_product
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import build_org
from tests.querycount import assert_constant_queries


def body(cust, prod, *, quantity=10, price="1000.00", month="2026-03-01", **extra):
    return {
        "customer": cust.pk,
        "order_date": "2026-03-05",
        "lines": [
            {
                "product_code": prod.code,
                "quantity": quantity,
                "unit_price": price,
                "requested_month": month,
            }
        ],
        **extra,
    }


@pytest.fixture
def goods(org):
    prod = priced_product(org.finance)
    return {
        "product": prod,
        "north": customer(org.north, name="北岳订单", owner=org.north_rep),
        "south": customer(org.south, name="南岭订单"),
    }


def put(api, number, data):
    return api.put(f"/api/v1/erp-orders/{number}/", data, content_type="application/json")


def test_the_first_push_creates_and_the_next_replaces(org, goods, api_client):
    erp = api_client(org.erp)
    first = put(erp, "ERP-100", body(goods["north"], goods["product"], quantity=10))
    assert first.status_code == 201, first.content
    created = first.json()
    assert created["erp_number"] == "ERP-100" and created["source"] == "import"
    assert created["region"] == "north" and created["owner"] == org.north_rep.pk
    # 10 pieces × 1.5 L; 10 × 1000 CNY; margin over the standard cost of 250 a piece.
    line = created["lines"][0]
    assert (line["litres"], line["amount_cny"], line["margin"]) == (
        "15.0000",
        "10000.00",
        "7500.00",
    )
    again = put(erp, "ERP-100", body(goods["north"], goods["product"], quantity=20))
    assert again.status_code == 200
    assert again.json()["id"] == created["id"]
    assert Order.objects.filter(erp_number="ERP-100").count() == 1
    assert list(OrderLine.objects.values_list("quantity", flat=True)) == [20]
    # The actuals follow at once (the roll-up runs with the write).
    assert SalesMonth.objects.get(month=date(2026, 3, 1)).litres == Decimal("30.0000")


def test_a_repeated_identical_push_changes_nothing(org, goods, api_client):
    erp = api_client(org.erp)
    data = body(goods["north"], goods["product"])
    put(erp, "ERP-7", data)
    before = Order.objects.values("total_litres", "total_amount_cny", "status").get()
    assert put(erp, "ERP-7", data).status_code == 200
    assert Order.objects.values("total_litres", "total_amount_cny", "status").get() == before


def test_bad_pushes_are_400_and_save_nothing(org, goods, api_client):
    erp = api_client(org.erp)
    north, prod = goods["north"], goods["product"]
    cases = [
        (body(north, prod, quantity=0), "lines"),
        (body(north, prod, quantity=2_000_000), "lines"),
        (body(north, prod, price="-1"), "lines"),
        (body(north, prod, price="NaN"), "lines"),
        ({**body(north, prod), "lines": []}, "lines"),
        ({**body(north, prod), "customer": 987654}, "customer"),
        ({**body(north, prod), "currency": "USD", "fx_rate": "0"}, "fx_rate"),
        ({**body(north, prod), "currency": "CNY", "fx_rate": "7.1"}, "fx_rate"),
    ]
    unknown = body(north, prod)
    unknown["lines"][0]["product_code"] = "NOPE-9"
    cases.append((unknown, "lines"))
    for data, field in cases:
        response = put(erp, "ERP-BAD", data)
        assert response.status_code == 400, (data, response.content)
        assert field in response.json(), response.json()
    assert "NOPE-9" in str(put(erp, "ERP-BAD", unknown).json())
    assert not Order.objects.exists()


def test_an_erp_number_stays_with_its_customer(org, goods, api_client):
    erp = api_client(org.erp)
    put(erp, "ERP-1", body(goods["north"], goods["product"]))
    moved = put(erp, "ERP-1", body(goods["south"], goods["product"]))
    assert moved.status_code == 400 and "erp_number" in moved.json()
    assert Order.objects.get().customer == goods["north"]


def test_a_cancelled_order_is_not_revived(org, goods, api_client):
    erp = api_client(org.erp)
    put(erp, "ERP-2", body(goods["north"], goods["product"]))
    order_cancel(actor=org.mktadmin, order=Order.objects.get(), reason="Customer withdrew")
    assert put(erp, "ERP-2", body(goods["north"], goods["product"])).status_code == 400
    assert Order.objects.get().status == OrderStatus.CANCELLED


def test_only_the_erp_and_marketing_admin_push(org, goods, api_client):
    data = body(goods["north"], goods["product"])
    for person in (org.north_rep, org.north_manager, org.finance, org.director):
        assert put(api_client(person), "ERP-3", data).status_code == 403
    assert put(Client(), "ERP-3", data).status_code == 401
    assert put(api_client(org.mktadmin), "ERP-3", data).status_code == 201


def test_the_erp_reads_no_orders_or_actuals(org, goods, api_client):
    erp = api_client(org.erp)
    put(erp, "ERP-4", body(goods["north"], goods["product"]))
    assert erp.get("/api/v1/orders/").status_code == 403
    assert erp.get("/api/v1/actuals/?month_from=2026-01-01&month_to=2026-12-01").status_code == 403


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_pushes_of_the_same_order_make_one():
    from api.services import token_issue_for_service

    org = build_org()
    prod = priced_product(org.finance)
    cust = customer(org.north, name="并发客户", owner=org.north_rep)
    _token, secret = token_issue_for_service(user=org.erp, name="erp", days=1)
    data = body(cust, prod)

    def push(_):
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        return put(client, "ERP-SAME", data).status_code

    results = run_concurrently(push, [1, 2])
    assert sorted(results) == [200, 201], results
    assert Order.objects.filter(erp_number="ERP-SAME").count() == 1
    assert OrderLine.objects.filter(order__erp_number="ERP-SAME").count() == 1
    assert SalesMonth.objects.get().litres == Decimal("15.0000")


# --- reading orders and actuals --------------------------------------------------------------


def test_a_north_rep_sees_their_orders_only(org, goods, api_client):
    north = order(org.mktadmin, goods["north"], goods["product"])
    south = order(org.mktadmin, goods["south"], goods["product"])
    rep = api_client(org.north_rep)
    listed = [o["id"] for o in rep.get("/api/v1/orders/").json()["results"]]
    assert listed == [north.pk]
    assert rep.get(f"/api/v1/orders/{south.pk}/").status_code == 404
    detail = rep.get(f"/api/v1/orders/{north.pk}/").json()
    assert detail["lines"][0]["product_code"] == goods["product"].code
    director = [o["id"] for o in api_client(org.director).get("/api/v1/orders/").json()["results"]]
    assert set(director) == {north.pk, south.pk}
    filtered = api_client(org.director).get("/api/v1/orders/", {"region": "south"}).json()
    assert [o["id"] for o in filtered["results"]] == [south.pk]


def test_actuals_in_each_persons_scope(org, goods, api_client):
    order(org.mktadmin, goods["north"], goods["product"], quantity=100)
    order(org.mktadmin, goods["south"], goods["product"], quantity=40)
    url = "/api/v1/actuals/?month_from=2026-01-01&month_to=2026-12-31&group_by=region"
    mine = api_client(org.north_rep).get(url).json()
    assert [(r["region_id"], r["litres"]) for r in mine] == [(org.north.pk, "150.0000")]
    everyone = api_client(org.director).get(url).json()
    assert {r["region_id"]: r["litres"] for r in everyone} == {
        org.north.pk: "150.0000",
        org.south.pk: "60.0000",
    }
    totals = api_client(org.director).get(url.replace("&group_by=region", "")).json()
    assert totals == [{"litres": "210.0000", "revenue": "140000.00", "margin": "105000.00"}]
    too_long = "/api/v1/actuals/?month_from=2020-01-01&month_to=2026-12-31"
    assert api_client(org.director).get(too_long).status_code == 400
    assert api_client(org.director).get("/api/v1/actuals/").status_code == 400


def test_order_list_queries_do_not_grow(org, goods, api_client):
    def grow(n):
        for _ in range(n):
            order(org.mktadmin, goods["north"], goods["product"])

    assert_constant_queries(
        api_client(org.director), "/api/v1/orders/", grow=grow, small=2, large=12
    )
