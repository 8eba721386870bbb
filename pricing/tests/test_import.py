"""The monthly market-data file: real .xlsx files built with openpyxl in each test."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from imports import ImportRefused
from pricing.market import market_data_import, template_bytes
from pricing.models import MarketUpload, MetalPrice, ProductCost, StandardCost, current_month
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
    assert not result.ok
    # Sheet by sheet, each in row order; two rows of the same sheet and row number are told
    # apart by the sheet's name.
    assert messages(result) == [
        "Sheet “Metals”: Rh is missing.",
        "Sheet “Metals”, row 2, column “Price”: must be greater than zero",
        "Sheet “Metals”, row 3, column “Price”: must be greater than zero",
        "Sheet “Metals”, row 4, column “Item”: duplicate: already given in row 3",
        "Sheet “Metals”, row 5, column “Month”: is 2026-04 but this upload is for 2026-03",
        "Sheet “Costs”, row 3, column “Product code”: unknown product code “NO-SUCH”",
        "Sheet “Costs”, row 4, column “Product code”: duplicate: TWC-TEST is already in row 2",
        "Sheet “Costs”, row 5, column “Substrate cost”: “abc” is not a number",
        "Sheet “Costs”, row 5, column “Product code”: unknown product code “TWC-X”",
    ]
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
    assert "Sheet “Metals”, row 3, column “Item”: duplicate: already given in row 2" in messages(
        result
    )


def test_a_bad_row_at_1999_leaves_nothing_imported(org):
    codes = [f"P{i:04d}" for i in range(1998)]
    from pricing.models import Product

    Product.objects.bulk_create(
        [Product(code=c, name=c, substrate_type="cordierite", volume_l=1) for c in codes]
    )
    costs = [["2026-03", c, 100, 50] for c in codes]
    costs.append(["2026-03", "P0001X", -1, 50])  # spreadsheet row 2,000 (data row 1,999)
    result = run(org, xlsx(costs=costs))
    # Both of the row's own problems, and nothing else.
    assert [str(e) for e in result.errors] == [
        "Sheet “Costs”, row 2000, column “Substrate cost”: must not be negative",
        "Sheet “Costs”, row 2000, column “Product code”: unknown product code “P0001X”",
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
    assert (
        "Sheet “Metals”, row 2, column “Month”: is 2026-03 but this upload is for 2026-04"
        in messages(result)
    )


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


# --- a month after the current one -------------------------------------------------------------


def next_month() -> date:
    today = current_month()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


@pytest.fixture
def clause_quote(org, prod):
    """A won quote with the metal clause, priced at March: what an upload would re-price."""
    from pricing.models import Quote
    from pricing.tests.factories import QUOTE_BANDS, quote, strategy
    from tests.factories import authority

    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    q = quote(org.north_rep, prod)
    Quote.objects.filter(pk=q.pk).update(metal_clause=True, status="won")
    q.refresh_from_db()
    return q


def test_a_month_after_the_current_one_is_refused_and_nothing_moves(
    org, clause_quote, django_capture_on_commit_callbacks
):
    from django.core import mail

    future = next_month().strftime("%Y-%m")
    uploads = MarketUpload.objects.count()
    for month in (next_month(), None):  # chosen on the page, or read from the file
        with django_capture_on_commit_callbacks(execute=True):
            result = run(org, xlsx(month=future), month=month)
        assert not result.ok
        assert messages(result)[0] == (
            f"{future} is after the current month ({current_month():%Y-%m}): market data can be "
            "uploaded for the current month or an earlier one only."
        )
    assert MarketUpload.objects.count() == uploads
    assert not StandardCost.objects.filter(month=next_month()).exists()
    clause_quote.refresh_from_db()
    assert clause_quote.month == MONTH and not clause_quote.revisions.exists()
    assert mail.outbox == []


def test_the_command_refuses_a_month_after_the_current_one(org, prod, tmp_path):
    path = tmp_path / "next.xlsx"
    future = next_month().strftime("%Y-%m")
    path.write_bytes(xlsx(month=future).getvalue())
    with pytest.raises(CommandError, match="is after the current month"):
        call_command("import_market_data", str(path), "--month", future, "--user", "finance")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_market_data", str(path), "--user", "finance")
    assert MarketUpload.objects.count() == 0


def test_future_data_in_the_database_never_re_prices_and_does_not_block_the_current_month(
    org, clause_quote, django_capture_on_commit_callbacks
):
    """An upload of a later month (from before the check, or written by hand) is ignored by
    the re-pricing; the next real month still re-prices the quote."""
    from django.core import mail

    from pricing.services import latest_cost, quotes_reprice_metal

    higher = {"pt": ("220", "cny_g"), "pd": ("300", "cny_g"), "rh": ("1100", "cny_g")}
    with django_capture_on_commit_callbacks(execute=True):
        market_month(
            org.finance, month=next_month(), products=[clause_quote.product], prices=higher
        )
    assert quotes_reprice_metal(month=next_month()) == []
    clause_quote.refresh_from_db()
    assert clause_quote.month == MONTH and not clause_quote.revisions.exists()
    assert mail.outbox == []
    assert latest_cost(clause_quote.product).month == MONTH  # new quotes are not priced from it
    april = date(2026, 4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        market_month(org.finance, month=april, products=[clause_quote.product], prices=higher)
    clause_quote.refresh_from_db()
    assert clause_quote.month == april and clause_quote.revisions.get().month == april
    assert len(mail.outbox) == 1


# --- errors name the sheet, in the reader's language -------------------------------------------


def test_errors_name_the_sheet_in_the_readers_language_whatever_the_files_names(org, prod):
    from django.utils import translation

    file = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pd", "abc", "CNY/g", ""],
            ["2026-03", "Rh", 1100, "CNY/g", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ],
        costs=[["2026-03", "TWC-TEST", 150, 100], ["2026-03", "TWC-TEST", "abc", 100]],
    )
    with translation.override("zh-hans"):
        result = run(org, file)
        assert messages(result) == [
            "工作表“金属价格”第 3 行，“价格”列：“abc”不是数字",
            "工作表“产品成本”第 3 行，“载体成本”列：“abc”不是数字",
            "工作表“产品成本”第 3 行，“产品代码”列：重复：TWC-TEST 已在第 2 行出现",
        ]
    file.seek(0)
    assert messages(run(org, file))[0] == (
        "Sheet “Metals”, row 3, column “Price”: “abc” is not a number"
    )


def test_the_sheet_names_shown_are_the_template_names(db):
    from django.utils import translation
    from openpyxl import load_workbook

    from pricing.market import COST_SHEET, COST_SHEET_LABEL, METAL_SHEET, METAL_SHEET_LABEL

    for language, index in (("en", 0), ("zh-hans", 1)):
        with translation.override(language):
            assert (str(METAL_SHEET_LABEL), str(COST_SHEET_LABEL)) == (
                METAL_SHEET[index],
                COST_SHEET[index],
            )
            book = load_workbook(io.BytesIO(template_bytes(chinese=index == 1)))
            assert book.sheetnames[:2] == [METAL_SHEET[index], COST_SHEET[index]]


# --- one error per bad value -------------------------------------------------------------------


def test_a_bad_value_is_one_error_not_also_a_missing_metal(org, prod):
    file = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pd", "24O", "CNY/g", ""],  # a letter O typed for a zero
            ["2026-03", "Rh", 1100, "CNY/g", ""],
            ["2026-03", "USD/CNY", "7,2x", "CNY/USD", ""],
        ]
    )
    assert messages(run(org, file)) == [
        "Sheet “Metals”, row 3, column “Price”: “24O” is not a number",
        "Sheet “Metals”, row 5, column “Price”: “7,2x” is not a number",
    ]
    assert MarketUpload.objects.count() == 0


def test_an_unreadable_item_is_one_error_and_a_metal_really_missing_is_still_named(org, prod):
    typo = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pdd", 240, "CNY/g", ""],
            ["2026-03", "Rh", 1100, "CNY/g", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ]
    )
    assert messages(run(org, typo)) == [
        "Sheet “Metals”, row 3, column “Item”: “Pdd” is not Pt, Pd, Rh or USD/CNY"
    ]
    missing = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Rh", "x", "CNY/g", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ]
    )
    assert messages(run(org, missing)) == [
        "Sheet “Metals”: Pd is missing.",
        "Sheet “Metals”, row 3, column “Price”: “x” is not a number",
    ]


def test_rows_whose_month_is_unreadable_are_not_also_a_file_without_rows(org, prod):
    file = xlsx(month="March")
    result = run(org, file, month=None)
    bad_month = "column “Month”: “March” is not a month (use 2026-03)"
    assert messages(result) == [
        *[f"Sheet “Metals”, row {row}, {bad_month}" for row in (2, 3, 4, 5)],
        f"Sheet “Costs”, row 2, {bad_month}",
    ]


# --- numbers Excel computed --------------------------------------------------------------------


def test_prices_and_costs_computed_by_excel_formulas_are_imported(org, prod):
    from imports.tests.workbooks import with_cached_values

    file = with_cached_values(
        xlsx(
            metals=[
                ["2026-03", "Pt", 220, "CNY/g", ""],
                ["2026-03", "Pd", 240, "CNY/g", ""],
                ["2026-03", "Rh", "=5150*1.4", "USD/oz", "JM"],  # a formula, as Excel saves it
                ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
            ],
            costs=[["2026-03", "TWC-TEST", 100.1 + 50.2, 100]],  # a float: 150.29999999999998
        ),
        {"5150*1.4": "7209.9999999999991"},
    )
    result = run(org, file)
    assert result.ok, messages(result)
    assert MetalPrice.objects.get(upload=result.upload, metal="rh").price == Decimal("7210")
    assert ProductCost.objects.get(upload=result.upload).substrate == Decimal("150.30")


def test_a_price_with_more_decimals_than_kept_is_still_refused(org, prod):
    file = xlsx(
        metals=[
            ["2026-03", "Pt", 220, "CNY/g", ""],
            ["2026-03", "Pd", 240, "CNY/g", ""],
            ["2026-03", "Rh", 7209.12345, "USD/oz", ""],
            ["2026-03", "USD/CNY", 7.2, "CNY/USD", ""],
        ]
    )
    assert messages(run(org, file)) == [
        "Sheet “Metals”, row 4, column “Price”: has more than 4 decimal places"
    ]
    assert MarketUpload.objects.count() == 0


# --- the template is filled in with the newest month ------------------------------------------


def test_the_template_is_filled_in_with_the_newest_month(org, prod):
    from openpyxl import load_workbook

    new_product = product("TWC-NEW")
    market_month(
        org.finance,
        products=[prod],
        prices={"pt": ("220", "cny_g"), "pd": ("1000", "usd_oz"), "rh": ("1100", "cny_g")},
        fx="7.1500",
        substrate="151.25",
        manufacturing="99.5",
    )
    book = load_workbook(io.BytesIO(template_bytes(products=[prod, new_product])))
    assert [list(r) for r in book["Metals"].iter_rows(min_row=2, values_only=True)] == [
        ["2026-04", "Pt", 220, "CNY/g", "test"],
        ["2026-04", "Pd", 1000, "USD/oz", "test"],
        ["2026-04", "Rh", 1100, "CNY/g", "test"],
        ["2026-04", "USD/CNY", 7.15, "CNY/USD", None],
    ]
    assert [list(r) for r in book["Costs"].iter_rows(min_row=2, values_only=True)] == [
        ["2026-04", "TWC-TEST", 151.25, 99.5],
        ["2026-04", "TWC-NEW", None, None],  # a product without last month's costs
    ]
    assert "2026-03" in book["Notes"]["A1"].value
    # Changing only what moved gives April's file.
    book["Metals"]["C3"] = 1010
    book["Costs"]["C3"], book["Costs"]["D3"] = 80, 60
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = market_data_import(upload=buffer, actor=org.finance)
    assert result.ok, messages(result)
    assert result.upload.month == date(2026, 4, 1) and result.upload.usd_cny == Decimal("7.15")
    costs = dict(
        ProductCost.objects.filter(upload=result.upload).values_list("product__code", "substrate")
    )
    assert costs == {"TWC-TEST": Decimal("151.25"), "TWC-NEW": Decimal("80")}


def test_the_template_month_is_never_after_the_current_month(org, prod):
    from openpyxl import load_workbook

    market_month(org.finance, month=current_month(), products=[prod])
    book = load_workbook(io.BytesIO(template_bytes(products=[prod])))
    assert book["Costs"]["A2"].value == current_month().strftime("%Y-%m")
    assert book["Costs"]["C2"].value == 150


def test_a_file_without_data_rows_is_one_problem(org, prod):
    for month in (MONTH, None):
        assert messages(run(org, xlsx(metals=[], costs=[]), month=month)) == [
            "The file has no data rows."
        ]
