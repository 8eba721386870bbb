"""The ERP import: a good file, every kind of bad row, re-import, hostile files, the page and
the command."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from imports import ImportRefused
from orders.erp import orders_import
from orders.models import Order, OrderImport, OrderLine, SalesMonth
from orders.selectors import actuals_totals
from pricing.models import MarketUpload, Quote

from .factories import customer, priced_product

HEADER = [
    "ERP order number",
    "Order date",
    "Customer code",
    "Product code",
    "Quantity",
    "Unit price",
    "Requested month",
    "Delivered month",
    "Currency",
    "FX rate",
    "Quote number",
]


def xlsx(rows, header=HEADER, sheet="Orders") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "erp.xlsx"
    return buffer


@pytest.fixture
def erp(org):
    prod = priced_product(org.finance)  # TWC-ORD, 1.5 L, cost 250
    north = customer(org.north, name="北岳汽车", owner=org.north_rep)
    north.erp_code = "C-N1"
    north.save()
    east = customer(org.east, name="东海汽车", owner=org.east_rep)
    east.erp_code = "C-E1"
    east.save()
    return prod, north, east


GOOD = [
    ["SO-1", date(2026, 1, 5), "C-N1", "TWC-ORD", 10, 800, "2026-01", "2026-01", "CNY", None, None],
    ["SO-1", date(2026, 1, 5), "C-N1", "TWC-ORD", 4, 820.5, "2026-02", None, "CNY", None, None],
    ["SO-2", "2026-01-20", "C-E1", "TWC-ORD", 100, 100, "2026-01", None, "USD", 7.1, None],
]


def test_a_good_file_creates_orders_with_hand_computed_figures(org, erp):
    prod, north, east = erp
    result = orders_import(upload=xlsx(GOOD), actor=org.mktadmin, file_name="jan.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    so1 = Order.objects.get(erp_number="SO-1")
    assert (so1.customer, so1.region, so1.owner) == (north, org.north, org.north_rep)
    assert so1.status == "partly_delivered"
    assert so1.total_litres == Decimal("21.0000")  # (10 + 4) × 1.5
    assert so1.total_amount_cny == Decimal("11282.00")  # 8000 + 3282
    so2 = Order.objects.get(erp_number="SO-2")
    line = so2.lines.get()
    assert (line.amount, line.amount_cny, line.margin) == (
        Decimal("10000.00"),
        Decimal("71000.00"),
        Decimal("46000.00"),  # 71000 − 100 × 250
    )
    record = OrderImport.objects.get()
    assert (record.rows, record.orders_created, record.orders_updated) == (3, 2, 0)
    assert record.imported_by == org.mktadmin and record.file_name == "jan.xlsx"
    jan = actuals_totals(user=org.director, month_from=date(2026, 1, 1), month_to=date(2026, 1, 1))
    assert jan["revenue"] == Decimal("79000.00")


def test_reimporting_the_same_orders_updates_them(org, erp):
    orders_import(upload=xlsx(GOOD), actor=org.mktadmin)
    numbers = dict(Order.objects.values_list("erp_number", "number"))
    changed = [list(r) for r in GOOD]
    changed[0][4] = 12  # SO-1 line 1: 12 pieces now
    result = orders_import(upload=xlsx(changed), actor=org.mktadmin)
    assert result.ok
    assert Order.objects.count() == 2 and OrderLine.objects.count() == 3
    assert dict(Order.objects.values_list("erp_number", "number")) == numbers
    assert Order.objects.get(erp_number="SO-1").total_litres == Decimal("24.0000")
    assert (result.record.orders_created, result.record.orders_updated) == (0, 2)
    before = sorted(SalesMonth.objects.values_list("month", "customer_id", "litres", "revenue"))
    orders_import(upload=xlsx(changed), actor=org.mktadmin)
    after = sorted(SalesMonth.objects.values_list("month", "customer_id", "litres", "revenue"))
    assert before == after


def test_every_bad_row_and_column_is_named_and_nothing_is_saved(org, erp):
    rows = [
        GOOD[0],
        ["SO-3", "2026-13-45", "C-N1", "TWC-ORD", 1, 1, "2026-01", None, None, None, None],
        ["SO-4", "2026-01-05", "NOPE", "TWC-ORD", 1, 1, "2026-01", None, None, None, None],
        ["SO-5", "2026-01-05", "C-N1", "XX-9", 1, 1, "2026-01", None, None, None, None],
        ["SO-6", "2026-01-05", "C-N1", "TWC-ORD", -5, 1, "2026-01", None, None, None, None],
        ["SO-7", "2026-01-05", "C-N1", "TWC-ORD", 1, "abc", "2026-01", None, None, None, None],
        ["SO-1", "2026-01-06", "C-N1", "TWC-ORD", 1, 1, "2026-01", None, None, None, None],
        ["SO-8", "2026-01-05", "C-N1", "TWC-ORD", 1, 1, "2026-01", None, "USD", None, None],
    ]
    result = orders_import(upload=xlsx(rows), actor=org.mktadmin)
    assert not result.ok
    text = [str(e) for e in result.errors]
    assert any("row 3" in t and "Order date" in t for t in text)
    assert any("row 4" in t and "unknown customer code “NOPE”" in t for t in text)
    assert any("row 5" in t and "unknown product code “XX-9”" in t for t in text)
    assert any("row 6" in t and "Quantity" in t and "at least 1" in t for t in text)
    assert any("row 7" in t and "Unit price" in t for t in text)
    assert any("row 8" in t and "differs from row 2" in t for t in text)
    assert any("row 9" in t and "FX rate" in t for t in text)
    assert all(t.startswith("Sheet “Orders”") for t in text)
    assert not Order.objects.exists() and not OrderImport.objects.exists()


def test_errors_are_named_in_the_readers_language(org, erp):
    from django.utils import translation

    rows = [["SO-4", "2026-01-05", "NOPE", "TWC-ORD", 1, 1, "2026-01", None, None, None, None]]
    with translation.override("zh-hans"):
        result = orders_import(upload=xlsx(rows), actor=org.mktadmin)
        text = str(result.errors[0])
    assert text.startswith("工作表“订单”第 2 行，“客户代码”列：") and "NOPE" in text


def test_a_price_far_from_the_quote_is_a_warning_not_an_error(org, erp):
    prod, north, _ = erp
    quote = Quote.objects.create(
        number="Q2026-00001",
        customer=north,
        region=org.north,
        owner=org.north_rep,
        product=prod,
        formula=prod.formulas.first(),
        strategy=_strategy(org),
        upload=MarketUpload.objects.first(),
        month=date(2026, 1, 1),
        quantity=10,
        metal_cost=0,
        value_added=250,
        markup_percent=20,
        list_price=300,
        floor_price=260,
        ceiling_price=330,
        unit_price=300,
        status="won",
    )
    rows = [["SO-9", "2026-01-05", "C-N1", "TWC-ORD", 10, 400, "2026-01", None, None, None,
             "Q2026-00001"]]  # fmt: skip
    result = orders_import(upload=xlsx(rows), actor=org.mktadmin)
    assert result.ok
    assert any("Q2026-00001" in w and "+33.3%" in w for w in result.warnings)
    assert Order.objects.get().quote == quote


def _strategy(org):
    from pricing.models import PricingStrategy

    return PricingStrategy.objects.create(
        name="s",
        valid_from=date(2025, 1, 1),
        markup_a=30,
        markup_b=20,
        markup_c=15,
        markup_d=10,
        floor_markup=5,
        ceiling_extra=10,
        created_by=org.director,
    )


def test_csv_in_gb18030_is_read_too(org, erp):
    text = (
        "订单号,订单日期,客户代码,产品代码,数量,单价,要求交货月份\n"
        'SO-20,2026-01-05,C-N1,TWC-ORD,"1,000",12.5,2026年1月\n'
    )
    upload = io.BytesIO(text.encode("gb18030"))
    result = orders_import(upload=upload, actor=org.mktadmin, file_name="erp.csv")
    assert result.ok, [str(e) for e in result.errors]
    line = OrderLine.objects.get()
    assert (line.quantity, line.amount) == (1000, Decimal("12500.00"))


@pytest.mark.parametrize(
    "content,name",
    [
        (b"", "empty.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx"),
        (b"a,b\n\x00\x01\x02", "binary.csv"),
    ],
)
def test_hostile_files_are_refused_whole(org, erp, content, name):
    with pytest.raises(ImportRefused):
        orders_import(upload=io.BytesIO(content), actor=org.mktadmin, file_name=name)
    assert not Order.objects.exists()


def test_a_zip_bomb_is_refused(org, erp):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    buffer.seek(0)
    with pytest.raises(ImportRefused):
        orders_import(upload=buffer, actor=org.mktadmin, file_name="bomb.xlsx")


def test_only_marketing_admin_imports(org, erp, client_for):
    with pytest.raises(PermissionDenied):
        orders_import(upload=xlsx(GOOD), actor=org.director)
    assert client_for(org.north_manager).get("/orders/import/").status_code == 403
    assert not Order.objects.exists()


def test_the_page_imports_and_keeps_the_history(org, erp, client_for):
    client = client_for(org.mktadmin)
    upload = SimpleUploadedFile("jan.xlsx", xlsx(GOOD).getvalue())
    response = client.post("/orders/import/", {"file": upload})
    assert response.status_code == 302
    page = client.get("/orders/import/").content.decode()
    assert "jan.xlsx" in page and Order.objects.count() == 2
    bad = SimpleUploadedFile("bad.xlsx", xlsx([GOOD[0][:3] + ["XX"] + GOOD[0][4:]]).getvalue())
    refused = client.post("/orders/import/", {"file": bad})
    assert refused.status_code == 400
    assert "unknown product code “XX”" in refused.content.decode()


def test_the_command_imports_a_file(org, erp, tmp_path):
    path = tmp_path / "erp.xlsx"
    path.write_bytes(xlsx(GOOD).getvalue())
    out = io.StringIO()
    call_command("import_orders", str(path), "--user", "mktadmin", stdout=out)
    assert Order.objects.count() == 2 and "3" in out.getvalue()
