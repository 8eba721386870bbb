"""The sales pivot: months across, regions (or customers, or products) down, one figure
(litres, revenue or gross margin) in the cells. Read only through the actuals selectors: one
query for the figures and one for the names of the rows shown, whatever the number of order
lines. The Excel download is shaped with pandas and written by the formula-safe writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import workbook_bytes
from core.i18n import name_in_language
from customers.models import Customer
from imports import parse_month
from pricing.models import Product
from regions.models import Region

from .selectors import actuals, actuals_top

FILTER_OF = {"region": "regions", "customer": "customers", "product": "products"}
MEASURES = ("litres", "revenue", "margin")
# A pivot by customer or product shows the largest rows; the rest are summed in one row.
MAX_ROWS = 40
MAX_MONTHS = 36


def _add_months(value: date, n: int) -> date:
    index = value.year * 12 + value.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    result, current = [], start
    while current <= end and len(result) < MAX_MONTHS:
        result.append(current)
        current = _add_months(current, 1)
    return result


@dataclass
class Params:
    month_from: date
    month_to: date
    rows: str = "region"
    measure: str = "revenue"
    region: Region | None = None

    @classmethod
    def from_form(cls, data: dict) -> Params:
        this_month = timezone.localdate().replace(day=1)
        month_to = data.get("month_to") or this_month
        month_from = data.get("month_from") or _add_months(month_to, -11)
        if month_from > month_to:
            month_from, month_to = month_to, month_from
        # At most three years in one table.
        month_from = max(month_from, _add_months(month_to, -(MAX_MONTHS - 1)))
        return cls(
            month_from=month_from,
            month_to=month_to,
            rows=data.get("rows") or "region",
            measure=data.get("measure") or "revenue",
            region=data.get("region"),
        )

    def filters(self) -> dict:
        return {"regions": [self.region.pk]} if self.region else {}

    def query(self, **extra) -> str:
        values = {
            "month_from": self.month_from.strftime("%Y-%m"),
            "month_to": self.month_to.strftime("%Y-%m"),
            "rows": self.rows,
            "measure": self.measure,
        }
        if self.region:
            values["region"] = self.region.pk
        values.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(values)


@dataclass
class PivotRow:
    key: int | None
    label: str
    cells: list[dict]
    total: Decimal
    url: str = ""


@dataclass
class PivotTable:
    months: list[date]
    rows: list[PivotRow]
    month_totals: list[dict]
    total: Decimal
    measure: str
    others: PivotRow | None = None
    month_urls: list[str] = field(default_factory=list)


def _labels(kind: str, keys: list[int]) -> dict[int, str]:
    if kind == "region":
        return {r.pk: r.display_name for r in Region.objects.filter(pk__in=keys)}
    if kind == "customer":
        return {
            pk: name_in_language(name, name_en)
            for pk, name, name_en in Customer.objects.filter(pk__in=keys).values_list(
                "pk", "name", "name_en"
            )
        }
    return dict(Product.objects.filter(pk__in=keys).values_list("pk", "code"))


def sales_pivot(*, user, params: Params) -> PivotTable:
    """Three queries whatever the number of customers: the largest MAX_ROWS rows, their figures
    by month, and the month totals (the rest of the rows is the difference)."""
    months = months_between(params.month_from, params.month_to)
    key_name = f"{params.rows}_id"
    span = {"user": user, "month_from": params.month_from, "month_to": params.month_to}
    shown = actuals_top(
        **span, by=params.rows, measure=params.measure, limit=MAX_ROWS, **params.filters()
    )
    filters = params.filters()
    filters[FILTER_OF[params.rows]] = [k for k in shown if k is not None]
    figures = actuals(**span, group_by=("month", params.rows), **filters) if shown else []
    by_month = {
        row["month"]: row[params.measure]
        for row in actuals(**span, group_by=("month",), **params.filters())
    }
    by_key: dict[int, dict[date, Decimal]] = {}
    for row in figures:
        by_key.setdefault(row[key_name], {})[row["month"]] = row[params.measure]
    totals = {key: sum(cells.values(), Decimal("0")) for key, cells in by_key.items()}
    shown = [k for k in shown if k in by_key]
    labels = _labels(params.rows, shown)
    lines_url = reverse("orders:sales-lines")
    zero = Decimal("0")

    def cells(values: dict[date, Decimal], key=None) -> list[dict]:
        return [
            {
                "month": m,
                "value": values.get(m, zero),
                "url": f"{lines_url}?{params.query(month=m.strftime('%Y-%m'), key=key)}"
                if key is not None and values.get(m)
                else "",
            }
            for m in months
        ]

    rows = [
        PivotRow(
            key=key,
            label=labels.get(key, "—"),
            cells=cells(by_key[key], key),
            total=totals[key],
            url=f"{lines_url}?{params.query(key=key)}",
        )
        for key in shown
    ]
    others = None
    rest = {m: by_month.get(m, zero) - sum((by_key[k].get(m, zero) for k in shown), zero)
            for m in months}  # fmt: skip
    if any(rest.values()):
        others = PivotRow(
            key=None,
            label=_("Others"),
            cells=cells(rest),
            total=sum(rest.values(), zero),
        )
    month_totals = []
    for m in months:
        value = by_month.get(m, zero)
        month_totals.append(
            {
                "month": m,
                "value": value,
                "url": f"{lines_url}?{params.query(month=m.strftime('%Y-%m'))}" if value else "",
            }
        )
    return PivotTable(
        months=months,
        rows=rows,
        month_totals=month_totals,
        total=sum(by_month.values(), zero),
        measure=params.measure,
        others=others,
    )


def measure_label(measure: str) -> str:
    return {
        "litres": _("Litres"),
        "revenue": _("Revenue (CNY)"),
        "margin": _("Gross margin (CNY)"),
    }[measure]


def chart_config(table: PivotTable, params: Params) -> dict:
    """A stacked bar per month: the largest eight rows, and the rest together."""
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]
    datasets = []
    for index, row in enumerate(table.rows[:7]):
        datasets.append(
            {
                "label": row.label,
                "data": [float(c["value"]) for c in row.cells],
                "backgroundColor": palette[index % len(palette)],
                "stack": "s",
            }
        )
    rest = table.rows[7:] + ([table.others] if table.others else [])
    if rest:
        datasets.append(
            {
                "label": _("Others"),
                "data": [
                    float(sum((r.cells[i]["value"] for r in rest), Decimal("0")))
                    for i in range(len(table.months))
                ],
                "backgroundColor": "#999999",
                "stack": "s",
            }
        )
    return {
        "type": "bar",
        "data": {"labels": [m.strftime("%Y-%m") for m in table.months], "datasets": datasets},
        "options": {"scales": {"x": {"stacked": True}, "y": {"stacked": True}}},
        "onClickHref": [c["url"] for c in table.month_totals],
    }


def excel_bytes(table: PivotTable, params: Params) -> bytes:
    """The pivot as a workbook: pandas shapes the frame (rows × months, with totals), the
    formula-safe writer writes it (a customer named "=…" stays text)."""
    import pandas as pd

    records = []
    for row in table.rows + ([table.others] if table.others else []):
        for month, cell in zip(table.months, row.cells, strict=True):
            records.append(
                {"row": row.label, "month": month.strftime("%Y-%m"), "value": cell["value"]}
            )
    columns = [m.strftime("%Y-%m") for m in table.months]
    if records:
        frame = pd.DataFrame.from_records(records).pivot_table(
            index="row", columns="month", values="value", aggfunc="sum", sort=False
        )
        frame = frame.reindex(columns=columns).fillna(Decimal("0"))
    else:
        frame = pd.DataFrame(columns=columns)
    frame[_("Total")] = frame.sum(axis=1) if len(frame) else []
    row_title = {"region": _("Region"), "customer": _("Customer"), "product": _("Product")}[
        params.rows
    ]
    body = [
        [label, *values]
        for label, values in zip(frame.index, frame.to_numpy().tolist(), strict=True)
    ]
    body.append([_("Total"), *[c["value"] for c in table.month_totals], table.total])
    return workbook_bytes(
        title=measure_label(params.measure),
        headers=[row_title, *frame.columns.tolist()],
        rows=body,
        widths=[30],
    )


def parse_cell_month(value) -> date | None:
    try:
        return parse_month(value, required=False)
    except ValueError:
        return None


def parse_key(value) -> int | None:
    try:
        key = int(value)
    except (TypeError, ValueError):
        return None
    return key if 0 < key < 2**31 else None
