from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pricing.models import MarketUpload, Product, Quote
from pricing.tests.factories import customer, market_month, product, quote, strategy, xlsx
from tests.querycount import assert_constant_queries


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    return prod


def test_quote_list_queries_do_not_grow(org, client_for, priced):
    cust = customer(org.north, owner=org.north_rep)
    template = quote(org.north_rep, priced, customer_obj=cust)

    def grow(n):
        base = Quote.objects.count()
        rows = []
        for i in range(n):
            q = Quote.objects.get(pk=template.pk)
            q.pk = None
            q.number = f"X{base + i:06d}"
            rows.append(q)
        Quote.objects.bulk_create(rows)

    assert_constant_queries(
        client_for(org.north_manager), "/pricing/quotes/", grow=grow, small=3, large=60
    )


def test_product_and_market_lists_queries_do_not_grow(org, client_for):
    client = client_for(org.finance)

    def grow_products(n):
        start = Product.objects.count()
        Product.objects.bulk_create(
            [
                Product(code=f"Q{start + i}", name="x", substrate_type="metal", volume_l=1)
                for i in range(n)
            ]
        )

    assert_constant_queries(client, "/pricing/products/", grow=grow_products, small=3, large=40)

    def grow_months(n):
        start = MarketUpload.objects.count()
        for i in range(n):
            market_month(
                org.finance,
                month=date(2020 + (start + i) // 12, (start + i) % 12 + 1, 1),
                rollup=False,
            )

    assert_constant_queries(client, "/pricing/market/", grow=grow_months, small=2, large=20)


def test_upload_page_names_every_bad_row_in_the_users_language(org, client_for, priced):
    client = client_for(org.finance)
    file = xlsx(costs=[["2026-03", "TWC-TEST", 150, 100], ["2026-03", "NOPE", 1, 1]])
    response = client.post(
        "/pricing/market/upload/", {"month": "2026-03", "file": file}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Row 3, column “Product code”: unknown product code “NOPE”" in response.content.decode()
    org.finance.language = "zh-hans"
    org.finance.save()
    client.cookies["django_language"] = "zh-hans"
    file.seek(0)
    response = client.post(
        "/pricing/market/upload/",
        {"month": "2026-03", "file": file},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = response.content.decode()
    assert "第 3 行，“产品代码”列：未知的产品代码“NOPE”" in body, body[body.find("<main") :][:3000]


def test_refused_file_message_on_the_page(org, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("prices.xlsx", b"MZ\x90\x00 not a workbook")
    response = client_for(org.finance).post(
        "/pricing/market/upload/", {"month": "2026-03", "file": fake}
    )
    assert response.status_code == 400
    assert "not an Excel workbook" in response.content.decode()


def test_upload_then_the_cost_page_shows_the_standard_cost(
    org, client_for, priced, django_capture_on_commit_callbacks
):
    client = client_for(org.finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/pricing/market/upload/", {"month": "2026-04", "file": xlsx(month="2026-04")}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2,104.02" in page and "TWC-TEST" in page


def test_quote_create_preview_and_save(org, client_for, priced):
    from pricing.tests.factories import QUOTE_BANDS
    from tests.factories import authority

    authority("pricing.quote", QUOTE_BANDS)
    cust = customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    preview = client.post(
        "/pricing/quotes/new/",
        {"customer": cust.pk, "product": priced.pk, "quantity": 100, "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "2,179.02" in preview.content.decode()
    response = client.post(
        "/pricing/quotes/new/",
        {
            "customer": cust.pk,
            "product": priced.pk,
            "quantity": 100,
            "unit_price": "1000",
            "save": "1",
        },
    )
    assert "metal is never discounted" in response.content.decode()
    assert Quote.objects.count() == 0
    response = client.post(
        "/pricing/quotes/new/",
        {
            "customer": cust.pk,
            "product": priced.pk,
            "quantity": 100,
            "unit_price": "2100",
            "save": "1",
        },
    )
    q = Quote.objects.get()
    assert (
        response.status_code == 302 and q.status == "pending" and q.unit_price == Decimal("2100.00")
    )
    detail = client.get(q.get_absolute_url()).content.decode()
    assert "approval-panel" in detail


def test_quote_export(org, client_for, priced):
    quote(org.north_rep, priced)
    response = client_for(org.director).get("/pricing/quotes/export.xlsx")
    import io

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 2 and ws.cell(2, 3).value == "TWC-TEST"


def test_customer_page_section_and_home_panels(org, client_for, priced):
    from customers.sections import sections_for

    q = quote(org.north_rep, priced)
    Quote.objects.filter(pk=q.pk).update(
        status="lost", competitor="BASF", competitor_price=Decimal("2000")
    )
    mine = {s["key"]: s for s in sections_for(org.north_rep, q.customer)}
    assert [r.number for r in mine["pricing-quotes"]["data"]["rows"]] == [q.number]
    assert "pricing-quotes" not in {s["key"] for s in sections_for(org.east_manager, q.customer)}
    home = client_for(org.north_manager).get("/").content.decode()
    assert "panel-pricing-quotes" in home
    finance_home = client_for(org.finance).get("/").content.decode()
    assert "Latest month: 2026-03" in finance_home


def test_quotes_panel_counts_open_pending_and_below_floor_in_scope(org, client_for, priced):
    from pricing.home import quotes_panel

    made = [quote(org.north_rep, priced) for _ in range(5)]
    east = quote(
        org.east_manager,
        priced,
        customer_obj=customer(org.east, name="东岳汽车", owner=org.east_rep),
    )
    for q, (status, below) in zip(
        made,
        [("draft", True), ("pending", False), ("agreed", True), ("won", True), ("lost", False)],
        strict=True,
    ):
        Quote.objects.filter(pk=q.pk).update(status=status, below_floor=below)
    Quote.objects.filter(pk=east.pk).update(status="pending", below_floor=True)
    # Won and lost quotes are closed: neither open nor below the floor any more. East is out of
    # scope.
    assert quotes_panel(org.north_manager) == {"open": 3, "pending": 1, "below": 2}
    assert quotes_panel(org.director) == {"open": 4, "pending": 2, "below": 3}
    home = client_for(org.north_manager).get("/").content.decode()
    assert "3 open, 1 waiting for approval" in home and "2 quotes below the floor" in home


def test_a_quote_for_a_customer_out_of_scope_is_refused(org, priced):
    from django.core.exceptions import PermissionDenied

    from pricing.services import quote_create

    north_customer = customer(org.north, owner=org.north_rep)
    with pytest.raises(PermissionDenied):
        quote_create(actor=org.east_manager, customer=north_customer, product=priced, quantity=10)
    assert Quote.objects.count() == 0


def test_competitor_prices_recorded_shared_in_region_and_on_the_customer_page(
    org, client_for, priced
):
    from customers.sections import sections_for
    from pricing.models import CompetitorPrice

    cust = customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    data = {
        "customer": cust.pk,
        "competitor": "BASF",
        "product": priced.pk,
        "price": "2,050",
        "observed_on": "2026-03-10",
    }
    response = client.post("/pricing/competitors/", data)
    assert (
        response.status_code == 200 and CompetitorPrice.objects.count() == 0
    )  # "2,050" is not a number here
    data["price"] = "2050"
    assert client.post("/pricing/competitors/", data).status_code == 302
    row = CompetitorPrice.objects.get()
    assert (row.region, row.recorded_by, row.price) == (
        org.north,
        org.north_rep,
        Decimal("2050.00"),
    )
    assert "BASF" in client_for(org.north_rep2).get("/pricing/competitors/").content.decode()
    assert "BASF" not in client_for(org.east_manager).get("/pricing/competitors/").content.decode()
    assert client_for(org.director).post("/pricing/competitors/", data).status_code == 403
    keys = {s["key"] for s in sections_for(org.north_manager, cust)}
    assert "pricing-competitors" in keys


def test_competitor_list_queries_do_not_grow(org, client_for, priced):
    from pricing.models import CompetitorPrice

    cust = customer(org.north, owner=org.north_rep)

    def grow(n):
        CompetitorPrice.objects.bulk_create(
            [
                CompetitorPrice(
                    customer=cust,
                    region=org.north,
                    product=priced,
                    competitor=f"C{i}",
                    price=Decimal("100"),
                    observed_on=date(2026, 3, 1),
                    recorded_by=org.north_rep,
                )
                for i in range(n)
            ]
        )

    assert_constant_queries(
        client_for(org.north_manager), "/pricing/competitors/", grow=grow, small=3, large=40
    )
