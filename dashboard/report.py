"""A stored monthly report rendered for its reader: the sections as tables in the active
language (page, printable page) and the Excel workbook built with pandas, one sheet per
section, formula-safe."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.excel import DANGEROUS_PREFIXES
from core.i18n import name_in_language


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    money: set[int] = field(default_factory=set)  # columns holding amounts
    percent: set[int] = field(default_factory=set)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    as_of: datetime | None = None


def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _budget_table(title: str, rows: list[dict], first: str) -> Table:
    table = Table(
        title,
        [first, _("Budget"), _("Committed"), _("Spent"), _("Remaining"), _("Used %")],
        money={1, 2, 3, 4},
        percent={5},
    )
    for r in rows:
        table.rows.append(
            [
                name_in_language(r["name"], r["name_en"]),
                _d(r["total"]),
                _d(r["committed"]),
                _d(r["spent"]),
                _d(r["remaining"]),
                _d(r["percent"]),
            ]
        )
    return table


def _price_headers() -> list[str]:
    return [
        _("Quotes"),
        _("Quantity"),
        _("Realised value (CNY)"),
        _("At list price (CNY)"),
        _("At floor price (CNY)"),
        _("Realised vs list %"),
        _("Realised vs floor %"),
        _("Below floor"),
    ]


def _price_cells(r: dict) -> list:
    return [
        r["quotes"],
        r["quantity"],
        _d(r["realised"]),
        _d(r["list_value"]),
        _d(r["floor_value"]),
        _d(r["vs_list"]),
        _d(r["vs_floor"]),
        r["below_floor"],
    ]


def sections(report) -> list[Section]:
    from customers.models import CustomerClass, Stage
    from pricing.models import Lifecycle

    data = report.data or {}
    parts = data.get("sections", {})
    as_of = {k: parse_datetime(v) for k, v in data.get("as_of", {}).items() if v}
    result = []

    if "sales" in parts:
        tables = []
        for kind, label in (("month", _("Month")), ("year", _("Year to date"))):
            table = Table(
                label,
                [_("Region"), _("Litres"), _("Revenue (CNY)"), _("Gross margin (CNY)")],
                money={2, 3},
            )
            for r in parts["sales"].get(kind, []):
                table.rows.append(
                    [
                        name_in_language(r["name"], r["name_en"]),
                        _d(r["litres"]),
                        _d(r["revenue"]),
                        _d(r["margin"]),
                    ]
                )
            tables.append(table)
        result.append(Section("sales", _("Sales"), tables))

    if "targets" in parts:
        tables = []
        for kind, label in (("month", _("Month")), ("year", _("Year to date"))):
            table = Table(
                label,
                [
                    _("Region"),
                    _("Original target (L)"),
                    _("Current target (L)"),
                    _("Actual (L)"),
                    _("Completion (L) %"),
                    _("Original target (CNY)"),
                    _("Current target (CNY)"),
                    _("Actual (CNY)"),
                    _("Completion (CNY) %"),
                    _("Gross margin (CNY)"),
                ],
                money={5, 6, 7, 9},
                percent={4, 8},
            )
            for r in parts["targets"].get(kind, []):
                name = _("Total") if r.get("total") else name_in_language(r["name"], r["name_en"])
                table.rows.append(
                    [
                        name,
                        _d(r["original_litres"]),
                        _d(r["current_litres"]),
                        _d(r["actual_litres"]),
                        _d(r["litres_percent"]),
                        _d(r["original_revenue"]),
                        _d(r["current_revenue"]),
                        _d(r["actual_revenue"]),
                        _d(r["revenue_percent"]),
                        _d(r["actual_margin"]),
                    ]
                )
            tables.append(table)
        result.append(Section("targets", _("Sales vs plan"), tables))

    if "development" in parts:
        stages = dict(Stage.choices)
        table = Table("", [_("Stage"), _("Active projects"), _("Late milestones")])
        for r in parts["development"]:
            table.rows.append([str(stages.get(r["stage"], r["stage"])), r["count"], r["late"]])
        result.append(Section("development", _("Development progress"), [table]))

    if "budget" in parts:
        tables = []
        for kind, label in (("month", _("Month")), ("year", _("Year to date"))):
            figures = parts["budget"].get(kind, {})
            tables.append(
                _budget_table(
                    f"{label} · {_('by region')}", figures.get("by_region", []), _("Region")
                )
            )
            tables.append(
                _budget_table(
                    f"{label} · {_('by category')}", figures.get("by_category", []), _("Category")
                )
            )
        result.append(Section("budget", _("Budget execution"), tables, as_of=as_of.get("budget")))

    if "prices" in parts:
        prices = parts["prices"]
        classes = dict(CustomerClass.choices)
        headers = _price_headers()
        by_class = Table(_("By customer class"), [_("Customer class"), *headers])
        for r in prices.get("by_class", []):
            label = str(classes.get(r["key"], _("Unclassified")))
            by_class.rows.append([label, *_price_cells(r)])
        if prices.get("totals"):
            by_class.rows.append([_("Total"), *_price_cells(prices["totals"])])
        stages = dict(Lifecycle.choices)
        by_stage = Table(_("By product lifecycle stage"), [_("Lifecycle stage"), *headers])
        for r in prices.get("by_lifecycle", []):
            by_stage.rows.append([str(stages.get(r["key"], r["key"])), *_price_cells(r)])
        for t, offset in ((by_class, 1), (by_stage, 1)):
            t.money = {offset + 2, offset + 3, offset + 4}
            t.percent = {offset + 5, offset + 6}
        result.append(
            Section(
                "prices",
                _("Price realisation"),
                [by_class, by_stage],
                as_of=as_of.get("prices"),
            )
        )
    if "kpis" in parts:
        from regions.roles import Role

        kpis = parts["kpis"]
        month = kpis.get("month") or "—"
        regions = Table(f"{_('Regions')} · {month}", [_("Region"), _("Score")])
        for r in kpis.get("regions", []):
            regions.rows.append([name_in_language(r["name"], r["name_en"]), _d(r["score"])])
        roles = dict(Role.choices)
        people = Table(
            f"{_('Top people')} · {month}",
            [_("Rank"), _("Person"), _("Role"), _("Region"), _("Score")],
        )
        for r in kpis.get("people", []):
            people.rows.append(
                [
                    r["rank"],
                    r["name"],
                    str(roles.get(r["role"], r["role"])),
                    name_in_language(r["region"], r["region_en"]),
                    _d(r["score"]),
                ]
            )
        result.append(Section("kpis", _("KPIs"), [regions, people]))

    if "intelligence" in parts:
        from information.models import Kind

        info = parts["intelligence"]
        kinds = dict(Kind.choices)
        counts = Table(
            _("Entries of the month by kind and region"),
            [_("Kind"), _("Region"), _("Entries"), _("Marked for analysis")],
        )
        for r in info.get("counts", []):
            counts.rows.append(
                [
                    str(kinds.get(r["kind"], r["kind"])),
                    name_in_language(r["region"], r["region_en"]) or "—",
                    r["entries"],
                    r["marked"],
                ]
            )
        latest = Table(
            _("Latest entries (marked for analysis first)"),
            [_("Reported on"), _("Kind"), _("Region"), _("Headline"), _("Marked for analysis")],
        )
        for r in info.get("latest", []):
            latest.rows.append(
                [
                    r["date"],
                    str(kinds.get(r["kind"], r["kind"])),
                    name_in_language(r["region"], r["region_en"]) or "—",
                    r["title"],
                    _("Yes") if r["marked"] else _("No"),
                ]
            )
        tables = [counts, latest]
        if info.get("digest"):
            digest = Table(_("The month's intelligence digest"), [_("Title")])
            digest.rows.append([info["digest"]])
            tables.insert(0, digest)
        result.append(Section("intelligence", _("Market intelligence highlights"), tables))
    return result


def _safe(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return value  # written as text with the quote prefix below
    return value


def excel(report) -> bytes:
    """One sheet per section (its tables one under another), built with pandas; every text
    cell is written as text, so nothing a customer or product name holds becomes a formula."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used = set()
        for section in sections(report):
            name = section.title[:31] or section.key
            while name in used:
                name = f"{name[:28]}_{len(used)}"
            used.add(name)
            row = 0
            head = [section.title, f"{report.month:%Y-%m}"]
            if section.as_of:
                when = timezone.localtime(section.as_of)
                head.append(f"{_('As of')} {when:%Y-%m-%d %H:%M}")
            pd.DataFrame([head]).to_excel(
                writer, sheet_name=name, startrow=row, index=False, header=False
            )
            row += 2
            for table in section.tables:
                if table.title:
                    pd.DataFrame([[table.title]]).to_excel(
                        writer, sheet_name=name, startrow=row, index=False, header=False
                    )
                    row += 1
                frame = pd.DataFrame(
                    [[_safe(v) for v in r] for r in table.rows], columns=table.headers
                )
                frame.to_excel(writer, sheet_name=name, startrow=row, index=False)
                row += len(table.rows) + 2
        if not used:
            pd.DataFrame([[_("No figures")]]).to_excel(
                writer, sheet_name="report", index=False, header=False
            )
        for sheet in writer.book.worksheets:
            for cells in sheet.iter_rows():
                for cell in cells:
                    if cell.data_type == "f" or (
                        isinstance(cell.value, str) and cell.value.startswith(DANGEROUS_PREFIXES)
                    ):
                        text = str(cell.value)
                        cell._value = text
                        cell.data_type = "s"
                        cell.quotePrefix = True
            sheet.column_dimensions["A"].width = 28
    return buffer.getvalue()
