"""The ERP order export: reading, validation and saving.

One row per order line. Columns (English or Chinese headers; the order does not matter):
  ERP order number (订单号) | Order date (订单日期) | Customer code (客户代码) | Product code
  (产品代码) | Quantity (数量) | Unit price (单价) | Requested month (要求交货月份)
  and, optionally, Delivered month (实际交货月份) | Currency (币种) | FX rate (汇率) |
  Customer PO (客户采购单号) | Quote number (报价单号)

pandas reads the file (`engine="calamine"` for .xlsx, after the shared file-level checks; CSV in
UTF-8 or GB18030), and the rows go through the shared import path (`imports.read_table`): every
bad row and column is named, and nothing is saved if any row is bad. Orders are matched on the
ERP order number, so importing the same file again updates the orders instead of adding them
again. A price far from the linked quote's is a warning, not an error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

import access
from customers.models import Customer
from imports import (
    Column,
    ImportRefused,
    RowError,
    Workbook,
    check_xlsx,
    parse_decimal,
    parse_month,
    parse_text,
    read_table,
)
from imports.safety import DEFAULT_MAX_BYTES
from pricing.models import Product, Quote

from .models import (
    MAX_FX,
    MAX_LINES,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    MIN_FX,
    Currency,
    Order,
    OrderImport,
    OrderLine,
    OrderSource,
)

SHEET = ["Orders", "订单"]
SHEET_LABEL = pgettext_lazy("workbook sheet", "Orders")
MAX_ROWS = 200_000


# ---------------------------------------------------------------- reading


class FrameWorkbook(Workbook):
    """A workbook read by pandas, given to the shared reader as rows (header included)."""

    def __init__(self, name: str, rows: list[list]):
        self.sheet_names = [name]
        self._rows = rows

    def sheet_rows(self, names=None):
        return self.sheet_names[0], self._rows


def _frame_rows(frame) -> list[list]:
    frame = frame.astype(object)
    frame = frame.where(frame.notna(), None)
    return frame.to_numpy().tolist()


def _read_xlsx(upload) -> FrameWorkbook:
    import pandas as pd

    check_xlsx(upload)
    book = Workbook(upload, checked=True)  # refuses what calamine cannot open, with a sentence
    wanted = {n.lower() for n in SHEET}
    sheet = next((n for n in book.sheet_names if n.strip().lower() in wanted), None)
    if sheet is None:
        sheet = book.sheet_names[0]
    upload.seek(0)
    try:
        frame = pd.read_excel(
            upload, sheet_name=sheet, engine="calamine", header=None, dtype=object
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's, said to the user
        raise ImportRefused(
            _("The workbook cannot be read: %(error)s") % {"error": str(exc)[:200]}
        ) from None
    return FrameWorkbook(sheet, _frame_rows(frame))


def _read_csv(upload) -> FrameWorkbook:
    import pandas as pd

    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    limit = getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if size == 0:
        raise ImportRefused(_("The file is empty."))
    if size > limit:
        raise ImportRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    raw = upload.read()
    if b"\x00" in raw:
        raise ImportRefused(_("This is not a text (CSV) file, whatever its name says."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(_("The CSV file is neither UTF-8 nor GB18030 text."))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            sep=None,
            engine="python",
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's
        raise ImportRefused(
            _("The CSV file cannot be read: %(error)s") % {"error": str(exc)[:200]}
        ) from None
    return FrameWorkbook("CSV", _frame_rows(frame))


def read_erp_file(upload, *, file_name: str = "") -> FrameWorkbook:
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04") or file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        return _read_xlsx(upload)
    return _read_csv(upload)


# ---------------------------------------------------------------- columns


def parse_day(value) -> date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(_("is empty"))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = parse_text(value, max_length=30).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (use 2026-03-15)") % {"value": str(value)[:40]})


def parse_quantity(value) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("must be a whole number of pieces"))
    if number < 1:
        raise ValueError(_("must be at least 1"))
    if number > MAX_QUANTITY:
        raise ValueError(_("must be at most %(max)s") % {"max": MAX_QUANTITY})
    return int(number)


def parse_price(value) -> Decimal:
    number = parse_decimal(value, places=2)
    if number < 0:
        raise ValueError(_("must not be negative"))
    if number > MAX_UNIT_PRICE:
        raise ValueError(_("must be at most %(max)s") % {"max": MAX_UNIT_PRICE})
    return number


def parse_fx(value) -> Decimal | None:
    number = parse_decimal(value, required=False, places=6)
    if number is not None and not MIN_FX <= number <= MAX_FX:
        raise ValueError(_("must be between %(min)s and %(max)s") % {"min": MIN_FX, "max": MAX_FX})
    return number


def parse_currency(value) -> str:
    text = parse_text(value, max_length=10, required=False).upper()
    text = {"RMB": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY"}.get(
        text, text
    )
    if not text:
        return Currency.CNY
    if text not in Currency.values:
        raise ValueError(
            _("“%(value)s” is not one of %(choices)s")
            % {"value": str(value)[:20], "choices": ", ".join(Currency.values)}
        )
    return text


def _optional_month(value):
    return parse_month(value, required=False)


def columns() -> list[Column]:
    def text(n, required=True):
        return lambda v: parse_text(v, max_length=n, required=required)

    return [
        Column("erp_number", gettext_lazy("ERP order number"),
               ["ERP order number", "订单号", "ERP订单号", "order number"], text(40)),
        Column("order_date", gettext_lazy("Order date"), ["Order date", "订单日期", "日期"],
               parse_day),
        Column("customer", gettext_lazy("Customer code"),
               ["Customer code", "客户代码", "客户编码"], text(40)),
        Column("product", gettext_lazy("Product code"),
               ["Product code", "产品代码", "产品编码"], text(40)),
        Column("quantity", gettext_lazy("Quantity"), ["Quantity", "数量", "qty"], parse_quantity),
        Column("unit_price", gettext_lazy("Unit price"), ["Unit price", "单价", "price"],
               parse_price),
        Column("requested_month", gettext_lazy("Requested month"),
               ["Requested month", "要求交货月份", "交货月份"], parse_month),
        Column("delivered_month", gettext_lazy("Delivered month"),
               ["Delivered month", "实际交货月份"], _optional_month, required=False),
        Column("currency", gettext_lazy("Currency"), ["Currency", "币种"], parse_currency,
               required=False),
        Column("fx_rate", gettext_lazy("FX rate"), ["FX rate", "汇率", "exchange rate"],
               parse_fx, required=False),
        Column("customer_po", gettext_lazy("Customer PO"),
               ["Customer PO", "客户采购单号", "PO"], text(40, False), required=False),
        Column("quote", gettext_lazy("Quote number"), ["Quote number", "报价单号"],
               text(20, False), required=False),
    ]  # fmt: skip


# ---------------------------------------------------------------- validation and saving


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: OrderImport | None = None
    rows: int = 0

    @property
    def ok(self) -> bool:
        return self.record is not None


HEADER_FIELDS = ("order_date", "customer", "currency", "fx_rate", "customer_po", "quote")


def _check(table, result: ImportResult):
    """Every check that needs the database, in a fixed number of queries. Returns the orders
    (erp number → header, [records]) and the lookups."""
    records = table.records()
    if not records:
        table.error(None, "", _("The file has no data rows."))
        return None
    codes = {r["customer"] for r in records if r.get("customer")}
    customers = {
        c.erp_code: c
        for c in Customer.objects.filter(erp_code__in=codes).only(
            "pk", "erp_code", "region_id", "owner_id", "name"
        )
    }
    product_codes = {r["product"] for r in records if r.get("product")}
    products = {p.code: p for p in Product.objects.filter(code__in=product_codes)}
    quote_numbers = {r["quote"] for r in records if r.get("quote")}
    quotes = {q.number: q for q in Quote.objects.filter(number__in=quote_numbers)}
    today = timezone.localdate()
    this_month = today.replace(day=1)
    orders: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    # The columns every line of one order must agree on (labels translated once, not per row).
    consistent = (
        ("order_date", _("Order date")),
        ("customer", _("Customer code")),
        ("currency", _("Currency")),
        ("fx_rate", _("FX rate")),
    )
    for r in records:
        n = r.row_number
        code = r.get("customer")
        if code and code not in customers:
            table.error(
                n, _("Customer code"), _("unknown customer code “%(code)s”") % {"code": code}
            )
        product = r.get("product")
        if product and product not in products:
            table.error(
                n, _("Product code"), _("unknown product code “%(code)s”") % {"code": product}
            )
        number = r.get("quote")
        if number and number not in quotes:
            table.error(n, _("Quote number"), _("unknown quote “%(number)s”") % {"number": number})
        if r.get("order_date") and r["order_date"] > today:
            table.error(n, _("Order date"), _("is in the future"))
        if r.get("delivered_month") and r["delivered_month"] > this_month:
            table.error(n, _("Delivered month"), _("is in the future"))
        if r.get("currency") and r["currency"] != Currency.CNY and r.get("fx_rate") is None:
            table.error(n, _("FX rate"), _("is needed for an order in %(currency)s")
                        % {"currency": r["currency"]})  # fmt: skip
        erp = r.get("erp_number")
        if not erp:
            continue
        if erp not in orders:
            orders[erp] = {"header": r, "lines": []}
            first_row[erp] = n
        else:
            head = orders[erp]["header"]
            for name, label in consistent:
                if name in r.values and name in head.values and r[name] != head[name]:
                    table.error(
                        n,
                        label,
                        _("differs from row %(row)s of the same order %(erp)s")
                        % {"row": first_row[erp], "erp": erp},
                    )
        orders[erp]["lines"].append(r)
    for erp, order in orders.items():
        if len(order["lines"]) > MAX_LINES:
            table.error(
                first_row[erp],
                _("ERP order number"),
                _("order %(erp)s has %(n)s lines; the limit is %(max)s")
                % {"erp": erp, "n": len(order["lines"]), "max": MAX_LINES},
            )
    # Warnings: a price far from the quote it names.
    limit = Decimal(str(getattr(settings, "ORDERS_QUOTE_PRICE_WARNING_PERCENT", 10)))
    for r in records:
        quote = quotes.get(r.get("quote") or "")
        price = r.get("unit_price")
        if quote is None or price is None or not quote.unit_price:
            continue
        change = (price - quote.unit_price) * 100 / quote.unit_price
        if abs(change) > limit:
            result.warnings.append(
                _(
                    "Row %(row)s: the unit price %(price)s is %(change)s%% away from quote "
                    "%(quote)s (%(quoted)s)."
                )
                % {
                    "row": r.row_number,
                    "price": price,
                    "change": f"{change:+.1f}",
                    "quote": quote.number,
                    "quoted": quote.unit_price,
                }
            )
    return orders, customers, products, quotes


def orders_import(*, upload, actor, file_name: str = "") -> ImportResult:
    """Validate the whole file and, only if no row is wrong, create or update its orders (on
    the ERP order number) in one transaction and roll up the months touched. Raises
    ImportRefused for a file refused before its rows are read (size, type, macros, zip bomb,
    not text, no header)."""
    from .services import (
        LineInput,
        _build_lines,
        _check_header,
        _status_from_lines,
        assign_numbers,
        costs_for,
        sales_month_rollup,
    )

    access.require(actor, "orders.import_run")
    book = read_erp_file(upload, file_name=file_name)
    if len(book._rows) > MAX_ROWS + 10:
        raise ImportRefused(
            _("Sheet “%(sheet)s” has %(count)s rows; the limit is %(limit)s.")
            % {"sheet": SHEET_LABEL, "count": len(book._rows), "limit": MAX_ROWS}
        )
    table = read_table(book, columns=columns(), label=SHEET_LABEL, max_rows=MAX_ROWS)
    result = ImportResult()
    checked = _check(table, result)
    result.rows = len(table.rows)
    if table.errors or checked is None:
        result.errors = sorted(table.errors, key=lambda e: (e.row is not None, e.row or 0))
        result.warnings = []
        return result
    orders, customers, products, quotes = checked
    latest = max(
        r.get("delivered_month") or r["requested_month"]
        for order in orders.values()
        for r in order["lines"]
    )
    costs = costs_for([p.pk for p in products.values()], latest)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            o.erp_number: o
            for o in Order.objects.select_for_update().filter(erp_number__in=list(orders))
        }
        old_months = set(
            OrderLine.objects.filter(order__in=list(existing.values()))
            .values_list("sales_month", flat=True)
            .distinct()
        )
        new_orders, changed_orders, all_lines = [], [], []
        for erp, data in orders.items():
            head = data["header"]
            customer = customers[head["customer"]]
            currency = head.get("currency") or Currency.CNY
            fx = head.get("fx_rate") or Decimal("1")
            if currency == Currency.CNY:
                fx = Decimal("1")
            try:
                _check_header(currency=currency, fx_rate=fx)
            except Exception as exc:  # noqa: BLE001 - reported as the row's problem
                table.error(
                    head.row_number, _("FX rate"), "; ".join(getattr(exc, "messages", [str(exc)]))
                )
                continue
            order = existing.get(erp)
            if order is None:
                order = Order(
                    number="new-" + erp[:16],
                    erp_number=erp,
                    customer=customer,
                    region_id=customer.region_id,
                    owner_id=customer.owner_id,
                    source=OrderSource.IMPORT,
                    created_by=actor,
                    created_at=now,
                )
                new_orders.append(order)
            else:
                changed_orders.append(order)
                if order.customer_id != customer.pk:
                    order.customer = customer
                    order.region_id = customer.region_id
                    order.owner_id = customer.owner_id
            order.order_date = head["order_date"]
            order.currency = currency
            order.fx_rate = fx
            order.customer_po = head.get("customer_po") or ""
            quote = quotes.get(head.get("quote") or "")
            order.quote = quote
            order.updated_at = now
            try:
                built = _build_lines(
                    order,
                    [
                        LineInput(
                            product=products[r["product"]],
                            quantity=r["quantity"],
                            unit_price=r["unit_price"],
                            requested_month=r["requested_month"],
                            delivered_month=r.get("delivered_month"),
                        )
                        for r in data["lines"]
                    ],
                    costs,
                )
            except Exception as exc:  # noqa: BLE001 - a line's bound, named on its first row
                table.error(head.row_number, "", "; ".join(getattr(exc, "messages", [str(exc)])))
                continue
            order.total_litres = sum((x.litres for x in built), Decimal("0"))
            order.total_amount_cny = sum((x.amount_cny for x in built), Decimal("0"))
            order.status = _status_from_lines(built, order.status)
            all_lines.append((order, built))
        if table.errors:
            transaction.set_rollback(True)
            result.errors = sorted(table.errors, key=lambda e: (e.row is not None, e.row or 0))
            result.warnings = []
            return result
        Order.objects.bulk_create(new_orders, batch_size=1000)
        assign_numbers([order.pk for order in new_orders])
        Order.objects.bulk_update(
            changed_orders,
            [
                "customer", "region", "owner", "order_date", "currency", "fx_rate",
                "customer_po", "quote", "total_litres", "total_amount_cny", "status",
                "updated_at",
            ],
            batch_size=500,
        )  # fmt: skip
        OrderLine.objects.filter(order__in=changed_orders).delete()
        lines = []
        for order, built in all_lines:
            for line in built:
                line.order = order
                lines.append(line)
        OrderLine.objects.bulk_create(lines, batch_size=2000)
        sales_month_rollup(months=old_months | {x.sales_month for x in lines})
        upload.seek(0)
        record = OrderImport(
            imported_by=actor,
            file_name=(file_name or "orders")[:200],
            rows=len(lines),
            orders_created=len(new_orders),
            orders_updated=len(changed_orders),
            warnings="\n".join(result.warnings)[:20000],
        )
        record.file.save(file_name or "orders.xlsx", ContentFile(upload.read()), save=False)
        record.save()
    result.record = record
    return result
