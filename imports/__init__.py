"""Excel import, the same way for every process: check the file is a safe, real .xlsx before
parsing it; read every row; validate every row and collect every error with its row and
column; save nothing unless nothing is wrong (validate all, refuse whole, name every bad row).

    from imports import Column, ImportRefused, check_xlsx, read_table

    check_xlsx(upload)                                  # raises ImportRefused (file-level)
    table = read_table(
        upload,
        columns=[Column("code", _("Product code"), aliases=["产品代码"]), ...],
        sheet=["Orders", "订单"],                          # accepted sheet names (default: first)
        label=pgettext_lazy("workbook sheet", "Orders"),  # the name errors show, translated
    )
    table.rows       # clean rows: Record with .row_number, record["code"]
    table.rejected   # rows with a bad cell: .errors, and .values holds the cells that parsed
    table.records()  # both, in file order (to check duplicates without a derived error)
    table.error(record.row_number, _("Product code"), _("unknown"))  # a RowError naming the sheet
    table.errors     # every RowError; str(error) → "Sheet “Orders”, row 3, column “…”: …"

Numbers: parse_decimal(value, places=2) refuses excess places but rounds Excel's float noise
(within 1e-9 relative). A file with warnings to confirm is kept by `imports.pending`
(pending_import_keep / _get / _open / _discard; model `imports.models.PendingImport`).
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
