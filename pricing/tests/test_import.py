"""The monthly market-data file: real .xlsx files built with openpyxl in each test."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from imports import ImportRefused
from pricing.market import market_data_import, template_bytes
from pricing.models import MarketUpload, MetalPrice, ProductCost, StandardCost
from pricing.tests.factories import MONTH, market_month, product, xlsx


@pytest.fixture
def prod(db):
    return product("TWC-TEST")


def run(org, file, month=MONTH, confirm=False):
    return market_data_import(
        upload=file, actor=org.finance, month=month, confirm=confirm, file_name="m.xlsx"
    )


def messages(result):
    return [str(e) for e in result.errors]


def test_good_file_is_imported_and_rolled_up(org, prod, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = run(
            org,
            xlsx(
                metals=[
                    ["2026-03", "Pt", 220, "CNY/g", "SGE"],
                    ["2026-03", "Pd", 1000, "USD/oz", "LBMA"],
                    ["2026-03", "Rh", 1100, "CNY/g", "JM"],
                    ["2026-03", "USD/CNY", 7.2, "CNY/USD", "PBOC"],
                ]
            ),
        )
    assert result.ok, messages(result)
    upload = result.upload
    assert upload.usd_cny == Decimal("7.2000") and upload.uploaded_by == org.finance
    pd = MetalPrice.objects.get(upload=upload, metal="pd")
    assert (pd.price, pd.unit, pd.source, pd.cny_per_g) == (
        Decimal("1000"),
        "usd_oz",
        "LBMA",
        Decimal("231.4852"),
    )
    assert StandardCost.objects.get(product=prod, month=MONTH).total == Decimal("2058.92")


def test_chinese_headers_text_numbers_with_separators_and_trailing_empty_rows(org, prod):
    file = xlsx(
        metals=[
            ["2026年3月", "铂", "220.00", "元/克", "上金所"],
            ["2026年3月", "钯", "1,000.00", "美元/盎司", "LBMA"],
            ["2026年3月", "铑", "1,100", "元/克", ""],
            ["2026年3月", "美元汇率", "7.2", "元/美元", "人民银行"],
        ],
        costs=[["2026-03", "TWC-TEST", "1,150.50", "100"]],
        metal_headers=("月份", "项目", "价格", "单位", "来源"),
        cost_headers=("月份", "产品代码", "载体成本", "制造成本"),
        sheet_names=("金属价格", "产品成本"),
        trailing_empty=30,
    )
    result = run(org, file)
    assert result.ok, messages(result)
    assert ProductCost.objects.get(upload=result.upload).substrate == Decimal("1150.50")


def test_every_bad_row_and_column_is_named_and_nothing_is_saved(org, prod):
    file = xlsx(
        metals=[
            ["2026-03", "Pt", 0, "CNY/g", ""],
            ["2026-03", "Pd", -5, "CNY/g", ""],
            ["2026-03", "Pd", 240, "CNY/g", ""],
            ["2026-04", "USD/CNY", 7.2, "CNY/USD", ""],
        ],
        costs=[
            ["2026-03", "TWC-TEST", 150, 100],
            ["2026-03", "NO-SUCH", 150, 100],
            ["2026-03", "TWC-TEST", 150, 100],
            ["2026-03", "TWC-X", "abc", 100],
        ],
    )
    result = run(org, file)
    text = "\n".join(messages(result))
    assert not result.ok
    assert "Row 2, column “Price”: must be greater than zero" in text
    assert "Row 3, column “Price”: must be greater than zero" in text
    assert "Row 5, column “Month”: is 2026-04 but this upload is for 2026-03" in text
    assert "Rh is missing." in text
    assert "Row 3, column “Product code”: unknown product code “NO-SUCH”" in text
    assert "Row 4, column “Product code”: duplicate: TWC-TEST is already in row 2" in text
    assert "Row 5, column “Substrate cost”: “abc” is not a number" in text
    assert MarketUpload.objects.count() == 0 and ProductCost.objects.count() == 0


def test_duplicate_metal_row_is_named(org, prod):
    file = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pt", 221, "CNY/g", ""],
            ["2026-03", "Pd", 240, "CNY/g", ""],
            ["2026-03", "Rh", 1100, "CNY/g", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ]
    )
    result = run(org, file)
    assert "Row 3, column “Item”: duplicate: already given in row 2" in messages(result)


def test_a_bad_row_at_1999_leaves_nothing_imported(org):
    codes = [f"P{i:04d}" for i in range(1998)]
    from pricing.models import Product

    Product.objects.bulk_create(
        [Product(code=c, name=c, substrate_type="cordierite", volume_l=1) for c in codes]
    )
    costs = [["2026-03", c, 100, 50] for c in codes]
    costs.append(["2026-03", "P0001X", -1, 50])  # spreadsheet row 2,000 (data row 1,999)
    result = run(org, xlsx(costs=costs))
    assert [str(e) for e in result.errors] == [
        "Row 2000, column “Substrate cost”: must not be negative"
    ]
    assert MarketUpload.objects.count() == 0 and ProductCost.objects.count() == 0


def test_price_jump_is_a_warning_that_must_be_confirmed(org, prod, settings):
    settings.PRICING_PRICE_JUMP_WARNING_PERCENT = 15
    market_month(org.finance, month=date(2026, 2, 1), products=[prod])  # Pd 240 CNY/g in February
    file = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pd", 300, "CNY/g", ""],
            ["2026-03", "Rh", 1100, "CNY/g", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ]
    )
    result = run(org, file)
    assert not result.ok and not result.errors
    assert len(result.warnings) == 1 and result.warnings[0].startswith(
        "Pd: 300.0000 CNY/g is +25.0%"
    )
    assert not MarketUpload.objects.filter(month=MONTH).exists()
    file.seek(0)
    confirmed = run(org, file, confirm=True)
    assert confirmed.ok and "Pd" in confirmed.upload.warnings_confirmed


def test_reupload_replaces_the_month_and_keeps_history(org, prod):
    first = run(org, xlsx()).upload
    second = run(org, xlsx(costs=[["2026-03", "TWC-TEST", 170, 100]])).upload
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert MarketUpload.objects.filter(month=MONTH).count() == 2
    assert ProductCost.objects.get(upload=first).substrate == Decimal("150")
    assert first.uploaded_by == org.finance and first.uploaded_at <= second.uploaded_at


def test_month_mismatch_with_the_chosen_month(org, prod):
    result = run(org, xlsx(), month=date(2026, 4, 1))
    assert "Row 2, column “Month”: is 2026-03 but this upload is for 2026-04" in messages(result)


def _zip(entries: dict, *, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_zip_bomb_is_refused_before_parsing(org, prod):
    good = xlsx()
    with zipfile.ZipFile(good) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    entries["xl/worksheets/sheet1.xml"] = b"<x>" + b"A" * 60_000_000 + b"</x>"
    with pytest.raises(ImportRefused, match="zip bomb"):
        run(org, _zip(entries))


def test_macro_workbook_is_refused(org, prod):
    good = xlsx()
    with zipfile.ZipFile(good) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    entries["xl/vbaProject.bin"] = b"\x00" * 100
    with pytest.raises(ImportRefused, match="Macro-enabled"):
        run(org, _zip(entries))


def test_external_links_and_non_xlsx_are_refused(org, prod):
    good = xlsx()
    with zipfile.ZipFile(good) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    entries["xl/externalLinks/externalLink1.xml"] = b"<externalLink/>"
    with pytest.raises(ImportRefused, match="external links"):
        run(org, _zip(entries))
    fake = io.BytesIO(b"Month,Item,Price\n2026-03,Pt,220\n")
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        run(org, fake)


def test_too_large_file_is_refused(org, prod, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportRefused, match="limit"):
        run(org, xlsx())


def test_the_template_imports_once_filled(org, prod):
    content = template_bytes(products=[prod])
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb["Costs"]
    ws["C2"], ws["D2"] = 150, 100
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = market_data_import(upload=buffer, actor=org.finance, month=None, confirm=True)
    assert result.ok, messages(result)


def test_command_uses_the_same_service(org, prod, tmp_path):
    path = tmp_path / "march.xlsx"
    path.write_bytes(xlsx().getvalue())
    call_command("import_market_data", str(path), "--user", "finance")
    assert MarketUpload.objects.get(month=MONTH).file_name == "march.xlsx"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(costs=[["2026-03", "NOPE", 1, 1]]).getvalue())
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_market_data", str(bad), "--user", "finance")
