"""Excel import, the same way for every process: check the file is a safe, real .xlsx before
parsing it; read every row; validate every row and collect every error with its row and
column; save nothing unless nothing is wrong (validate all, refuse whole, name every bad row).

    from imports import Column, ImportRefused, check_xlsx, read_table

    check_xlsx(upload)                                  # raises ImportRefused (file-level)
    table = read_table(
        upload, columns=[Column("code", _("Product code"), aliases=["产品代码"]), ...]
    )
    table.errors / table.rows                           # rows: list[dict] with .row_number
"""

from .reader import Column, Record, RowError, Table, Workbook, read_table
from .safety import ImportRefused, check_xlsx
from .values import parse_decimal, parse_month, parse_text

__all__ = [
    "Column",
    "Record",
    "RowError",
    "Workbook",
    "ImportRefused",
    "Table",
    "check_xlsx",
    "parse_decimal",
    "parse_month",
    "parse_text",
    "read_table",
]
