"""The monthly market-data file: template, reading, validation and saving.

Workbook layout (the downloadable template documents it):
  sheet "Metals" / "金属价格": Month | Item (Pt, Pd, Rh, USD/CNY) | Price | Unit (CNY/g, USD/oz,
      CNY/USD for the rate) | Source
  sheet "Costs" / "产品成本": Month | Product code | Substrate cost (CNY) | Manufacturing cost (CNY)

Errors name the sheet (by its name in the reader's language), the row and the column. A month
after the current one is refused. A file with only warnings is kept (`imports.pending`) so the
uploader confirms it without choosing it again (`market_data_confirm`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook as XlsxWorkbook
from openpyxl.styles import Font

import access
from core import bounds
from imports import (
    Column,
    ImportRefused,
    RowError,
    Workbook,
    parse_decimal,
    parse_month,
    parse_text,
    read_table,
)
from imports.models import PendingImport
from imports.pending import (
    pending_import_discard,
    pending_import_get,
    pending_import_keep,
    pending_import_open,
)
from imports.reader import normalise_header

from . import calc
from .models import (
    METALS,
    MarketUpload,
    MetalPrice,
    PriceUnit,
    Product,
    ProductCost,
    current_month,
)

# The names each sheet may have in a file (English or Chinese), and the name errors show, in the
# reader's language (its Chinese translation is the Chinese name, as in the template).
METAL_SHEET = ["Metals", "金属价格"]
COST_SHEET = ["Costs", "产品成本"]
METAL_SHEET_LABEL = pgettext_lazy("workbook sheet", "Metals")
COST_SHEET_LABEL = pgettext_lazy("workbook sheet", "Costs")
FX_ITEM = "fx"
PENDING_KIND = "pricing.market"

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
    if number > bounds.METAL_PRICE_MAX:
        raise ValueError(_("must be at most %(max)s") % {"max": f"{bounds.METAL_PRICE_MAX:,}"})
    return number


def parse_cost(value):
    number = parse_decimal(value, places=2)
    if number < 0:
        raise ValueError(_("must not be negative"))
    if number > bounds.COST_MAX:
        raise ValueError(_("must be at most %(max)s") % {"max": f"{bounds.COST_MAX:,}"})
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
    # The file kept for the confirmation step (warnings only, `keep=True`).
    pending: PendingImport | None = None

    @property
    def ok(self) -> bool:
        return self.upload is not None


def future_month_message(month: date) -> str:
    return _(
        "%(month)s is after the current month (%(current)s): market data can be uploaded for "
        "the current month or an earlier one only."
    ) % {"month": month.strftime("%Y-%m"), "current": current_month().strftime("%Y-%m")}


def _previous_prices(month: date) -> dict:
    rows = MetalPrice.objects.filter(upload__is_current=True, month__lt=month).order_by("-month")
    result = {}
    for row in rows.values("metal", "cny_per_g", "month")[:30]:
        result.setdefault(row["metal"], row)
    return result


def _check_months(metals, costs, month: date | None, general: list[RowError]) -> date | None:
    """The upload's month (given, or the file's only month). A row of another month and a file of
    several months are errors; a row whose month cannot be read already has its own."""
    records = [
        (table, r) for table in (metals, costs) for r in table.records() if "month" in r.values
    ]
    if month is None:
        months = {r["month"] for _table, r in records}
        if len(months) == 1:
            month = next(iter(months))
        elif len(months) > 1:
            general.append(
                RowError(
                    None,
                    str(_("Month")),
                    _("The file mixes several months: %(months)s.")
                    % {"months": ", ".join(sorted(m.strftime("%Y-%m") for m in months))},
                )
            )
        # With no month at all, each row's unreadable month is already named.
        return month
    for table, record in records:
        if record["month"] != month:
            table.error(
                record.row_number,
                _("Month"),
                _("is %(found)s but this upload is for %(month)s")
                % {"found": record["month"].strftime("%Y-%m"), "month": month.strftime("%Y-%m")},
            )
    return month


def _check_metals(metals) -> tuple[dict, object]:
    """One row per metal and one for the rate, with units that fit. A row whose item could not
    be read has its own error; it is not reported again as a missing metal."""
    seen: dict[str, int] = {}
    unreadable = 0
    prices: dict[str, object] = {}
    fx = None
    for record in metals.records():
        item = record.get("item")
        if item is None:
            unreadable += 1
            continue
        if item in seen:
            metals.error(
                record.row_number,
                _("Item"),
                _("duplicate: already given in row %(row)s") % {"row": seen[item]},
            )
            continue
        seen[item] = record.row_number
        unit = record.get("unit")
        if item == FX_ITEM:
            if unit is not None and unit != "rate":
                metals.error(record.row_number, _("Unit"), _("the exchange rate's unit is CNY/USD"))
            fx = record
        elif unit == "rate":
            metals.error(record.row_number, _("Unit"), _("a metal's unit is CNY/g or USD/oz"))
        else:
            prices[item] = record
    missing = [
        _("%(metal)s is missing.") % {"metal": metal.label} for metal in METALS if metal not in seen
    ]
    if FX_ITEM not in seen:
        missing.append(_("The USD/CNY exchange rate is missing."))
    # A row whose item is unreadable may well be the one missing: say so only if more are missing.
    if len(missing) > unreadable:
        for message in missing:
            metals.error(None, "", message)
    return prices, fx


def _check_costs(costs) -> list:
    """Known products, once each. Returns (product id, record) for the clean rows."""
    unknown_text = _("unknown product code “%(code)s”")
    duplicate_text = _("duplicate: %(code)s is already in row %(row)s")
    records = costs.records()
    codes = {r["code"] for r in records if "code" in r.values}
    known = dict(Product.objects.filter(code__in=codes).values_list("code", "pk"))
    seen_codes: dict[str, int] = {}
    cost_rows = []
    for record in records:
        code = record.get("code")
        if code is None:
            continue
        if code in seen_codes:
            costs.error(
                record.row_number,
                _("Product code"),
                duplicate_text % {"code": code, "row": seen_codes[code]},
            )
            continue
        seen_codes[code] = record.row_number
        if code not in known:
            costs.error(record.row_number, _("Product code"), unknown_text % {"code": code})
        elif record.ok:
            cost_rows.append((known[code], record))
    if not records:
        costs.error(None, "", _("The sheet has no product rows."))
    return cost_rows


def _by_row(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.row is not None, e.row or 0))


def market_data_import(
    *,
    upload,
    actor,
    month: date | None = None,
    confirm: bool = False,
    file_name: str = "",
    keep: bool = False,
) -> ImportResult:
    """Validate the whole file and, only if nothing is wrong (and warnings are confirmed),
    save it as the month's current data in one transaction. Raises ImportRefused for a file
    that is refused before reading (size, type, macros, zip bomb, external links).

    A month after the current one is an error (nothing is saved, nothing re-priced). With
    `keep`, a file with warnings only is kept for `actor` to confirm: `result.pending.token`
    is what `market_data_confirm` takes."""
    access.require(actor, "pricing.market_import")
    book = Workbook(upload)
    metals = _read(book, METAL_SHEET, metal_columns(), METAL_SHEET_LABEL)
    costs = _read(book, COST_SHEET, cost_columns(), COST_SHEET_LABEL)
    general: list[RowError] = []
    empty = not metals.records() and not costs.records()
    if not empty:
        month = _check_months(metals, costs, month, general)
    if month is not None and month > current_month():
        general.append(RowError(None, "", future_month_message(month)))
    result = ImportResult(month=month)
    if empty:
        # One problem, not also every metal, the rate and the products missing.
        result.errors = [*general, RowError(None, "", _("The file has no data rows."))]
        return result
    prices, fx = _check_metals(metals)
    cost_rows = _check_costs(costs)
    result.errors = general + _by_row(metals.errors) + _by_row(costs.errors)
    result.rows = len(metals.rows) + len(costs.rows)
    if result.errors:
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
        if keep:
            result.pending = pending_import_keep(
                upload=upload,
                user=actor,
                kind=PENDING_KIND,
                params={"month": month.isoformat()},
                file_name=file_name,
            )
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


def market_data_confirm(*, token: str, actor) -> ImportResult:
    """Import the file `actor` kept at the warnings step, as confirmed. Raises
    PendingImport.DoesNotExist when the token is not one of actor's (answer 404) and
    ImportRefused when it has expired. The kept file is deleted whatever the outcome."""
    access.require(actor, "pricing.market_import")
    pending = pending_import_get(token=token, user=actor, kind=PENDING_KIND)
    month = pending.params.get("month")
    try:
        with pending_import_open(pending) as handle:
            return market_data_import(
                upload=handle,
                actor=actor,
                month=date.fromisoformat(month) if month else None,
                confirm=True,
                file_name=pending.file_name,
            )
    finally:
        pending_import_discard(pending=pending)


def metal_label(metal: str) -> str:
    return {"pt": "Pt", "pd": "Pd", "rh": "Rh"}[metal]


def _read(book, names, columns, label):
    wanted = {normalise_header(n) for n in names}
    if not any(normalise_header(s) in wanted for s in book.sheet_names):
        raise ImportRefused(
            _("The workbook has no sheet named %(names)s.") % {"names": " / ".join(names)}
        )
    return read_table(book, columns=columns, sheet=names, label=label)


def template_prefill() -> tuple[MarketUpload | None, list, dict]:
    """The newest current upload up to the current month, its metal prices and its costs per
    product id: what the template is filled with. Three queries."""
    latest = (
        MarketUpload.objects.filter(is_current=True, month__lte=current_month())
        .order_by("-month")
        .first()
    )
    if latest is None:
        return None, [], {}
    prices = list(MetalPrice.objects.filter(upload=latest))
    prices.sort(key=lambda p: METALS.index(p.metal))
    costs = {
        product_id: (substrate, manufacturing)
        for product_id, substrate, manufacturing in ProductCost.objects.filter(
            upload=latest
        ).values_list("product_id", "substrate", "manufacturing")
    }
    return latest, prices, costs


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


_UNIT_TEXT = {PriceUnit.CNY_PER_G: "CNY/g", PriceUnit.USD_PER_OZ: "USD/oz"}


def template_bytes(*, month: date | None = None, products=None, chinese: bool = False) -> bytes:
    """The template: both sheets with headers and a notes sheet, filled with the newest month's
    data (metal prices, units, sources and the rate; each product's substrate and
    manufacturing cost) so that finance changes only what moved. The month is the one after the
    newest upload, but never after the current month. Without any upload: example prices and
    empty costs."""
    latest, prices, costs = template_prefill()
    if month is None:
        month = min(_next_month(latest.month), current_month()) if latest else current_month()
    month_text = month.strftime("%Y-%m")
    wb = XlsxWorkbook()
    ws = wb.active
    ws.title = METAL_SHEET[1] if chinese else METAL_SHEET[0]
    headers = (
        ["月份", "项目", "价格", "单位", "来源"]
        if chinese
        else ["Month", "Item", "Price", "Unit", "Source"]
    )
    ws.append(headers)
    if latest is not None and prices:
        for price in prices:
            ws.append(
                [
                    month_text,
                    metal_label(price.metal),
                    price.price,
                    _UNIT_TEXT.get(price.unit, price.unit),
                    price.source,
                ]
            )
        ws.append([month_text, "USD/CNY", latest.usd_cny, "CNY/USD", latest.fx_source])
    else:
        ws.append([month_text, "Pt", 215.5, "CNY/g", "SGE"])
        ws.append([month_text, "Pd", 1050, "USD/oz", "LBMA"])
        ws.append([month_text, "Rh", 4700, "USD/oz", "Johnson Matthey"])
        ws.append([month_text, "USD/CNY", 7.12, "CNY/USD", "PBOC"])
    sheet = wb.create_sheet(COST_SHEET[1] if chinese else COST_SHEET[0])
    sheet.append(
        ["月份", "产品代码", "载体成本", "制造成本"]
        if chinese
        else ["Month", "Product code", "Substrate cost", "Manufacturing cost"]
    )
    for product in (products or [])[:5000]:
        substrate, manufacturing = costs.get(product.pk, (None, None))
        sheet.append([month_text, product.code, substrate, manufacturing])
    notes = wb.create_sheet("Notes" if not chinese else "说明")
    lines = [
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
    ]
    if latest is not None:
        lines.insert(
            0,
            _(
                "Filled in with the data of %(month)s (prices, rate and each product's costs): "
                "change what moved, check the month, and upload."
            )
            % {"month": latest.month.strftime("%Y-%m")},
        )
    for line in lines:
        notes.append([str(line)])
    for each in (ws, sheet):
        for cell in each[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
