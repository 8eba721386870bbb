"""The monthly market-data file: template, reading, validation and saving.

Workbook layout (the downloadable template documents it):
  sheet "Metals" / "金属价格": Month | Item (Pt, Pd, Rh, USD/CNY) | Price | Unit (CNY/g, USD/oz,
      CNY/USD for the rate) | Source
  sheet "Costs" / "产品成本": Month | Product code | Substrate cost (CNY) | Manufacturing cost (CNY)
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook as XlsxWorkbook
from openpyxl.styles import Font

import access
from imports import (
    Column,
    ImportRefused,
    RowError,
    Workbook,
    parse_decimal,
    parse_month,
    parse_text,
)

from . import calc
from .models import METALS, MarketUpload, MetalPrice, PriceUnit, Product, ProductCost

METAL_SHEET = ["Metals", "金属价格"]
COST_SHEET = ["Costs", "产品成本"]
FX_ITEM = "fx"

_ITEMS = {
    "pt": "pt",
    "铂": "pt",
    "platinum": "pt",
    "pd": "pd",
    "钯": "pd",
    "palladium": "pd",
    "rh": "rh",
    "铑": "rh",
    "rhodium": "rh",
    "usdcny": FX_ITEM,
    "usd/cny": FX_ITEM,
    "usd→cny": FX_ITEM,
    "美元汇率": FX_ITEM,
    "汇率": FX_ITEM,
    "fx": FX_ITEM,
}
_UNITS = {
    "cny/g": PriceUnit.CNY_PER_G,
    "元/克": PriceUnit.CNY_PER_G,
    "rmb/g": PriceUnit.CNY_PER_G,
    "usd/oz": PriceUnit.USD_PER_OZ,
    "usd/toz": PriceUnit.USD_PER_OZ,
    "usd/troyoz": PriceUnit.USD_PER_OZ,
    "美元/盎司": PriceUnit.USD_PER_OZ,
    "cny/usd": "rate",
    "元/美元": "rate",
}


def _key(value) -> str:
    return parse_text(value, required=False).lower().replace(" ", "")


def parse_item(value):
    text = _key(value)
    if not text:
        raise ValueError(_("is empty"))
    if text not in _ITEMS:
        raise ValueError(_("“%(value)s” is not Pt, Pd, Rh or USD/CNY") % {"value": str(value)[:40]})
    return _ITEMS[text]


def parse_unit(value):
    text = _key(value)
    if not text:
        raise ValueError(_("is empty"))
    if text not in _UNITS:
        raise ValueError(_("“%(value)s” is not CNY/g or USD/oz") % {"value": str(value)[:40]})
    return _UNITS[text]


def parse_price(value):
    number = parse_decimal(value, places=4)
    if number <= 0:
        raise ValueError(_("must be greater than zero"))
    return number


def parse_cost(value):
    number = parse_decimal(value, places=2)
    if number < 0:
        raise ValueError(_("must not be negative"))
    return number


def metal_columns():
    return [
        Column("month", gettext_lazy("Month"), ["Month", "月份"], parse_month),
        Column("item", gettext_lazy("Item"), ["Item", "项目", "metal", "金属"], parse_item),
        Column(
            "price", gettext_lazy("Price"), ["Price", "价格", "均价", "average price"], parse_price
        ),
        Column("unit", gettext_lazy("Unit"), ["Unit", "单位"], parse_unit),
        Column(
            "source",
            gettext_lazy("Source"),
            ["Source", "来源"],
            lambda v: parse_text(v, max_length=100, required=False),
            required=False,
        ),
    ]


def cost_columns():
    return [
        Column("month", gettext_lazy("Month"), ["Month", "月份"], parse_month),
        Column(
            "code",
            gettext_lazy("Product code"),
            ["Product code", "产品代码", "产品编码", "code"],
            lambda v: parse_text(v, max_length=40),
        ),
        Column(
            "substrate",
            gettext_lazy("Substrate cost"),
            ["Substrate cost", "载体成本", "substrate"],
            parse_cost,
        ),
        Column(
            "manufacturing",
            gettext_lazy("Manufacturing cost"),
            ["Manufacturing cost", "制造成本", "manufacturing"],
            parse_cost,
        ),
    ]


@dataclass
class ImportResult:
    month: date | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    upload: MarketUpload | None = None
    rows: int = 0

    @property
    def ok(self) -> bool:
        return self.upload is not None


def _previous_prices(month: date) -> dict:
    rows = MetalPrice.objects.filter(upload__is_current=True, month__lt=month).order_by("-month")
    result = {}
    for row in rows.values("metal", "cny_per_g", "month")[:30]:
        result.setdefault(row["metal"], row)
    return result


def market_data_import(
    *, upload, actor, month: date | None = None, confirm: bool = False, file_name: str = ""
) -> ImportResult:
    """Validate the whole file and, only if nothing is wrong (and warnings are confirmed),
    save it as the month's current data in one transaction. Raises ImportRefused for a file
    that is refused before reading (size, type, macros, zip bomb, external links)."""
    access.require(actor, "pricing.market_import")
    book = Workbook(upload)
    metals = _read(book, METAL_SHEET, metal_columns())
    costs = _read(book, COST_SHEET, cost_columns())
    result = ImportResult(month=month, errors=metals.errors + costs.errors)
    months = {r["month"] for r in metals.rows} | {r["month"] for r in costs.rows}
    if month is None:
        if len(months) == 1:
            month = result.month = next(iter(months))
        elif not months:
            result.errors.append(RowError(None, "", _("The file has no data rows.")))
            return result
        else:
            result.errors.append(
                RowError(
                    None,
                    str(_("Month")),
                    _("The file mixes several months: %(months)s.")
                    % {"months": ", ".join(sorted(m.strftime("%Y-%m") for m in months))},
                )
            )
    for table in (metals, costs):
        for record in table.rows:
            if month and record["month"] != month:
                result.errors.append(
                    RowError(
                        record.row_number,
                        str(_("Month")),
                        _("is %(found)s but this upload is for %(month)s")
                        % {
                            "found": record["month"].strftime("%Y-%m"),
                            "month": month.strftime("%Y-%m"),
                        },
                    )
                )
    # Metals sheet: one row per metal and one for the rate, units that fit.
    seen: dict[str, int] = {}
    prices: dict[str, dict] = {}
    fx = None
    for record in metals.rows:
        item = record["item"]
        if item in seen:
            result.errors.append(
                RowError(
                    record.row_number,
                    str(_("Item")),
                    _("duplicate: already given in row %(row)s") % {"row": seen[item]},
                )
            )
            continue
        seen[item] = record.row_number
        if item == FX_ITEM:
            if record["unit"] != "rate":
                result.errors.append(
                    RowError(
                        record.row_number, str(_("Unit")), _("the exchange rate's unit is CNY/USD")
                    )
                )
            fx = record
        elif record["unit"] == "rate":
            result.errors.append(
                RowError(record.row_number, str(_("Unit")), _("a metal's unit is CNY/g or USD/oz"))
            )
        else:
            prices[item] = record
    for metal in METALS:
        if metal not in seen:
            result.errors.append(
                RowError(None, METAL_SHEET[0], _("%(metal)s is missing.") % {"metal": metal.label})
            )
    if FX_ITEM not in seen:
        result.errors.append(
            RowError(None, METAL_SHEET[0], _("The USD/CNY exchange rate is missing."))
        )
    # Costs sheet: known products, once each.
    code_label = str(_("Product code"))
    unknown_text = _("unknown product code “%(code)s”")
    duplicate_text = _("duplicate: %(code)s is already in row %(row)s")
    codes = [r["code"] for r in costs.rows]
    known = dict(Product.objects.filter(code__in=set(codes)).values_list("code", "pk"))
    seen_codes: dict[str, int] = {}
    cost_rows = []
    for record in costs.rows:
        code = record["code"]
        if code in seen_codes:
            result.errors.append(
                RowError(
                    record.row_number,
                    code_label,
                    duplicate_text % {"code": code, "row": seen_codes[code]},
                )
            )
            continue
        seen_codes[code] = record.row_number
        if code not in known:
            result.errors.append(
                RowError(record.row_number, code_label, unknown_text % {"code": code})
            )
            continue
        cost_rows.append((known[code], record))
    if not costs.rows and not costs.errors:
        result.errors.append(RowError(None, COST_SHEET[0], _("The sheet has no product rows.")))
    result.rows = len(metals.rows) + len(costs.rows)
    if result.errors:
        result.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
        return result
    rate = fx["price"]
    cny = {m: calc.to_cny_per_g(prices[m]["price"], prices[m]["unit"], rate) for m in METALS}
    limit = Decimal(str(settings.PRICING_PRICE_JUMP_WARNING_PERCENT))
    for metal, previous in _previous_prices(month).items():
        old = previous["cny_per_g"]
        if old and metal in cny:
            change = (cny[metal] - old) * 100 / old
            if abs(change) > limit:
                result.warnings.append(
                    _(
                        "%(metal)s: %(new)s CNY/g is %(change)s%% away from %(old)s CNY/g in "
                        "%(prev)s (more than %(limit)s%%)."
                    )
                    % {
                        "metal": metal_label(metal),
                        "new": cny[metal],
                        "old": old,
                        "prev": previous["month"].strftime("%Y-%m"),
                        "change": f"{change:+.1f}",
                        "limit": limit,
                    }
                )
    if result.warnings and not confirm:
        return result
    with transaction.atomic():
        MarketUpload.objects.select_for_update().filter(month=month, is_current=True).update(
            is_current=False
        )
        saved = MarketUpload.objects.create(
            month=month,
            usd_cny=rate,
            fx_source=fx["source"] or "",
            file_name=file_name[:200],
            uploaded_by=actor,
            product_count=len(cost_rows),
            warnings_confirmed="\n".join(result.warnings),
        )
        MetalPrice.objects.bulk_create(
            [
                MetalPrice(
                    upload=saved,
                    month=month,
                    metal=m,
                    price=prices[m]["price"],
                    unit=prices[m]["unit"],
                    source=prices[m]["source"] or "",
                    cny_per_g=cny[m],
                )
                for m in METALS
            ]
        )
        ProductCost.objects.bulk_create(
            [
                ProductCost(
                    upload=saved,
                    product_id=pk,
                    substrate=r["substrate"],
                    manufacturing=r["manufacturing"],
                )
                for pk, r in cost_rows
            ],
            batch_size=2000,
        )
        from .tasks import monthly_cost_rollup_task

        monthly_cost_rollup_task.delay_on_commit(month.isoformat())
    result.upload = saved
    return result


def metal_label(metal: str) -> str:
    return {"pt": "Pt", "pd": "Pd", "rh": "Rh"}[metal]


def _read(book, names, columns):
    from imports.reader import normalise_header, read_table

    wanted = {normalise_header(n) for n in names}
    if not any(normalise_header(s) in wanted for s in book.sheet_names):
        raise ImportRefused(
            _("The workbook has no sheet named %(names)s.") % {"names": " / ".join(names)}
        )
    return read_table(book, columns=columns, sheet=names)


def template_bytes(*, month: date | None = None, products=None, chinese: bool = False) -> bytes:
    """The template: both sheets with headers, example rows and a notes sheet."""
    month_text = (month or date.today().replace(day=1)).strftime("%Y-%m")
    wb = XlsxWorkbook()
    ws = wb.active
    ws.title = METAL_SHEET[1] if chinese else METAL_SHEET[0]
    headers = (
        ["月份", "项目", "价格", "单位", "来源"]
        if chinese
        else ["Month", "Item", "Price", "Unit", "Source"]
    )
    ws.append(headers)
    ws.append([month_text, "Pt", 215.5, "CNY/g", "SGE"])
    ws.append([month_text, "Pd", 1050, "USD/oz", "LBMA"])
    ws.append([month_text, "Rh", 4700, "USD/oz", "Johnson Matthey"])
    ws.append([month_text, "USD/CNY", 7.12, "CNY/USD", "PBOC"])
    costs = wb.create_sheet(COST_SHEET[1] if chinese else COST_SHEET[0])
    costs.append(
        ["月份", "产品代码", "载体成本", "制造成本"]
        if chinese
        else ["Month", "Product code", "Substrate cost", "Manufacturing cost"]
    )
    for product in (products or [])[:5000]:
        costs.append([month_text, product.code, None, None])
    notes = wb.create_sheet("Notes" if not chinese else "说明")
    for line in [
        _("One file per month. Every row's month must be the month you upload."),
        _(
            "Metals sheet: one row each for Pt, Pd and Rh (unit CNY/g or USD/oz, 1 troy oz = "
            "31.1035 g) and one for USD/CNY (unit CNY/USD)."
        ),
        _(
            "Costs sheet: one row per product code, substrate and manufacturing cost "
            "per piece in CNY."
        ),
        _("Numbers may be typed as numbers or as text with thousands separators (1,234.50)."),
        _("A price more than %(limit)s%% away from last month's is a warning you must confirm.")
        % {"limit": settings.PRICING_PRICE_JUMP_WARNING_PERCENT},
    ]:
        notes.append([str(line)])
    for sheet in (ws, costs):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
