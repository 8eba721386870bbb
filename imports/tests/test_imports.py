import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook as XlsxWorkbook

from imports import Column, ImportRefused, check_xlsx, parse_decimal, parse_month, read_table
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
        "Row 2, column “Price”: “abc” is not a number",
        "Row 3, column “Product code”: is empty",
        "Row 4, column “Price”: is empty",
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
