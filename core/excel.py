"""Excel export that cannot be turned into a formula attack.

A cell whose text begins with =, +, -, @ (or a tab or carriage return) would be read by Excel
as a formula; such text is written as a string cell with the quote prefix set, never as a
formula. Numbers and dates stay typed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_cell(ws, row: int, column: int, value) -> None:
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if value is None or isinstance(value, (int, float, Decimal, date, datetime, bool)):
        ws.cell(row=row, column=column, value=value)
        return
    text = str(value)
    cell = ws.cell(row=row, column=column)
    # Assigning through .value would let openpyxl mark "=…" as a formula; set the type first.
    cell._value = text
    cell.data_type = "s"
    if text.startswith(DANGEROUS_PREFIXES):
        cell.quotePrefix = True


def workbook_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    for column, header in enumerate(headers, start=1):
        write_cell(ws, 1, column, str(header))
        ws.cell(row=1, column=column).font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(ws, row_number, column, value)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
