import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook as XlsxWorkbook

from imports import Column, ImportRefused, check_xlsx, parse_decimal, parse_month, read_table
from imports.tests.workbooks import with_cached_values
from imports.values import parse_text


def xlsx(rows, sheet="Sheet1") -> io.BytesIO:
    wb = XlsxWorkbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "file.xlsx"
    return buffer


COLUMNS = [
    Column("code", "Product code", aliases=["产品代码"], parse=parse_text),
    Column("price", "Price", aliases=["价格"], parse=parse_decimal),
]


def test_reads_chinese_headers_text_numbers_and_skips_trailing_blank_rows():
    table = read_table(
        xlsx([["产品代码", "价格"], ["A-1", "1,234.50"], ["B-2", 12.3], [None, None], ["", ""]]),
        columns=COLUMNS,
    )
    assert table.errors == []
    assert [(r["code"], r["price"]) for r in table.rows] == [
        ("A-1", Decimal("1234.50")),
        ("B-2", Decimal("12.3")),
    ]
    assert [r.row_number for r in table.rows] == [2, 3]


def test_every_bad_row_and_column_is_named():
    table = read_table(
        xlsx([["Product code", "Price"], ["A", "abc"], ["", "5"], ["C", ""]]), columns=COLUMNS
    )
    messages = [str(e) for e in table.errors]
    assert messages == [
        "Sheet “Sheet1”, row 2, column “Price”: “abc” is not a number",
        "Sheet “Sheet1”, row 3, column “Product code”: is empty",
        "Sheet “Sheet1”, row 4, column “Price”: is empty",
    ]
    assert table.rows == []


def test_missing_column_refuses_the_file():
    with pytest.raises(ImportRefused, match="Price"):
        read_table(xlsx([["Product code"], ["A"]]), columns=COLUMNS)


def test_not_an_xlsx_by_content_whatever_the_name():
    fake = io.BytesIO(b"MZ\x90\x00 this is an exe")
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        check_xlsx(fake)
    with pytest.raises(ImportRefused, match="old .xls"):
        check_xlsx(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))


def test_zip_bomb_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    buffer.seek(0)
    assert buffer.getbuffer().nbytes < 200_000
    with pytest.raises(ImportRefused, match="expands to"):
        check_xlsx(buffer)


def test_single_part_bomb_is_refused_by_ratio():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    buffer.seek(0)
    with pytest.raises(ImportRefused, match="zip bomb"):
        check_xlsx(buffer)


def _with_part(name: str, content: bytes = b"x", content_types: bytes = b"<Types/>"):
    source = xlsx([["Product code", "Price"], ["A", 1]])
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types != b"<Types/>":
                data = content_types
            dst.writestr(item, data)
        dst.writestr(name, content)
    out.seek(0)
    return out


def test_macros_and_external_links_are_refused():
    with pytest.raises(ImportRefused, match="Macro"):
        check_xlsx(_with_part("xl/vbaProject.bin"))
    with pytest.raises(ImportRefused, match="external links"):
        check_xlsx(_with_part("xl/externalLinks/externalLink1.xml"))


def test_oversized_file_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportRefused, match="limit is"):
        check_xlsx(xlsx([["a"]] * 10 + [["x" * 5000]]))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-03", date(2026, 3, 1)),
        ("2026年3月", date(2026, 3, 1)),
        ("2026/3/15", date(2026, 3, 1)),
        (202603.0, date(2026, 3, 1)),
        (date(2026, 3, 9), date(2026, 3, 1)),
    ],
)
def test_months(raw, expected):
    assert parse_month(raw) == expected


@pytest.mark.parametrize("raw", ["2026-13", "March", "1890-01"])
def test_bad_months(raw):
    with pytest.raises(ValueError):
        parse_month(raw)


def test_decimals_are_exact():
    assert parse_decimal(0.1) == Decimal("0.1")
    assert parse_decimal("１，２３４.５") == Decimal("1234.5")  # full-width digits and comma
    with pytest.raises(ValueError):
        parse_decimal("1.2345", places=2)
    with pytest.raises(ValueError):
        parse_decimal("NaN")


# --- sheet names in errors ----------------------------------------------------------------------


def test_every_error_names_the_sheet_row_and_column_in_the_readers_language():
    from django.utils import translation

    table = read_table(
        xlsx([["Product code", "Price"], ["A", "abc"]], sheet="Prices"),
        columns=COLUMNS,
        sheet=["Prices", "价格表"],
        label="Prices",
    )
    table.error(None, "", "nothing for B")
    assert [str(e) for e in table.errors] == [
        "Sheet “Prices”, row 2, column “Price”: “abc” is not a number",
        "Sheet “Prices”: nothing for B",
    ]
    assert table.errors[0].sheet == "Prices" and table.errors[0].row == 2
    with translation.override("zh-hans"):
        assert str(table.errors[0]).startswith("工作表“Prices”第 2 行，“Price”列：")
        assert str(table.errors[1]) == "工作表“Prices”：nothing for B"


def test_the_sheet_label_is_rendered_when_the_error_is_shown():
    """A lazy label (the sheet's display name) is translated in the language of the reader."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    label = gettext_lazy("Excel import")  # any lazy string of this app's catalogue
    table = read_table(xlsx([["Product code", "Price"], ["", 1]]), columns=COLUMNS, label=label)
    assert str(table.errors[0]) == "Sheet “Excel import”, row 2, column “Product code”: is empty"
    with translation.override("zh-hans"):
        assert str(table.errors[0]).startswith("工作表“Excel 导入”第 2 行")


def test_without_a_label_errors_name_the_sheet_as_the_file_does():
    table = read_table(xlsx([["Product code", "Price"], ["A", "x"]], sheet="Mine"), columns=COLUMNS)
    assert str(table.errors[0]) == "Sheet “Mine”, row 2, column “Price”: “x” is not a number"


def test_a_rejected_row_keeps_the_cells_that_parsed():
    table = read_table(xlsx([["Product code", "Price"], ["A", "abc"], ["B", 2]]), columns=COLUMNS)
    assert [r["code"] for r in table.rows] == ["B"]
    (rejected,) = table.rejected
    assert rejected.values == {"code": "A"} and not rejected.ok
    assert [str(e) for e in rejected.errors] == [str(e) for e in table.errors]
    assert [r.row_number for r in table.records()] == [2, 3]


# --- Excel float noise ------------------------------------------------------------------------


FOUR_PLACES = [
    Column("code", "Product code", parse=parse_text),
    Column("price", "Price", parse=lambda v: parse_decimal(v, places=4)),
]


def test_a_price_computed_by_an_excel_formula_is_read_as_the_number_it_shows():
    noisy = 5150 * 1.4
    assert repr(noisy) == "7209.999999999999"
    file = with_cached_values(
        xlsx(
            [
                ["Product code", "Price"],
                ["formula", "=5150*1.4"],
                ["number", noisy],
                ["sum", "=0.1+0.2"],
            ]
        ),
        {"5150*1.4": "7209.9999999999991", "0.1+0.2": "0.30000000000000004"},
    )
    with zipfile.ZipFile(file) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>5150*1.4</f><v>7209.9999999999991</v>" in sheet  # a formula and its cached value
    table = read_table(file, columns=FOUR_PLACES)
    assert table.errors == []
    assert [(r["code"], r["price"]) for r in table.rows] == [
        ("formula", Decimal("7210")),
        ("number", Decimal("7210")),
        ("sum", Decimal("0.3")),
    ]


def test_real_excess_precision_is_still_refused():
    table = read_table(
        xlsx(
            [
                ["Product code", "Price"],
                ["typed", 7209.12345],
                ["text", "7209.999999999999"],
                ["ok", 7209.1234],
            ]
        ),
        columns=FOUR_PLACES,
    )
    assert [str(e) for e in table.errors] == [
        "Sheet “Sheet1”, row 2, column “Price”: has more than 4 decimal places",
        "Sheet “Sheet1”, row 3, column “Price”: has more than 4 decimal places",
    ]
    assert [r["price"] for r in table.rows] == [Decimal("7209.1234")]


def test_float_noise_is_rounded_only_to_the_fields_places():
    assert parse_decimal(0.1 + 0.2, places=2) == Decimal("0.30")
    assert parse_decimal(1234.5600000000002, places=2) == Decimal("1234.56")
    assert parse_decimal(0.1 + 0.2) == Decimal("0.30000000000000004")  # no places: as stored
    with pytest.raises(ValueError):
        parse_decimal(1234.561, places=2)
    with pytest.raises(ValueError):
        parse_decimal(1e-12, places=4)  # not noise: the whole number is below the precision
