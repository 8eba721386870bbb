"""Benchmark rows for orders: 50,000 order lines over three years at scale 1 (500,000 at scale
10) for the generated customers and products, rolled up by month; pages: the sales pivot (by
region, by customer) and the order list; jobs: a 10,000-line ERP file read and validated, the
same file imported end to end, and the full monthly roll-up."""

from __future__ import annotations

import functools
import io
from datetime import date
from decimal import Decimal

from bench.registry import BenchContext, Job, Page

ORDER = 70
MONTHS = 36
LINES_PER_ORDER = 3
IMPORT_LINES = 10_000


def _month(index: int) -> date:
    """The index-th of the MONTHS months that end with this month (0: the first), so that this
    year's pages (planning's tracking, the dashboard) read real actuals."""
    year, month = divmod(_this_month_index() - (MONTHS - 1) + index, 12)
    return date(year, month + 1, 1)


@functools.cache
def _this_month_index() -> int:
    from django.utils import timezone

    today = timezone.localdate()
    return today.year * 12 + today.month - 1


def generate(ctx: BenchContext) -> None:
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat
    from django.utils import timezone

    from customers.models import Customer
    from pricing.models import Product, StandardCost

    from .models import Order, OrderLine
    from .services import sales_month_rollup

    rng = ctx.rng
    Customer.objects.filter(erp_code__isnull=True).update(
        erp_code=Concat(Value("B"), Cast("pk", output_field=CharField()))
    )
    customers = list(Customer.objects.values_list("pk", "region_id", "owner_id", "erp_code")[:5000])
    products = list(Product.objects.values_list("pk", "code", "volume_l")[:2000])
    if not customers or not products:
        return
    cost_by = {}
    for product_id, month, total in StandardCost.objects.filter(
        month=StandardCost.objects.order_by("-month").values("month")[:1]
    ).values_list("product_id", "month", "total"):
        cost_by[product_id] = (month, total)
    reps_by_region = {ctx.data["regions"][c]: pks for c, pks in ctx.data.get("reps", {}).items()}
    admin = ctx.data["people"]["bench_mktadmin"]
    now = timezone.now()
    n_lines = ctx.n(50_000)
    n_orders = n_lines // LINES_PER_ORDER
    orders = []
    for i in range(n_orders):
        cust_pk, region_pk, owner_pk, _code = customers[i % len(customers)]
        reps = reps_by_region.get(region_pk) or [None]
        month = _month(i % MONTHS)
        orders.append(
            {
                "number": f"BO-{i:07d}",
                "erp_number": f"BERP-{i:07d}",
                "customer_id": cust_pk,
                "region_id": region_pk,
                "owner_id": owner_pk or reps[i % len(reps)],
                "order_date": month,
                "currency": "CNY",
                "fx_rate": Decimal("1"),
                "status": "delivered" if month < _month(MONTHS - 1) else "open",
                "source": "import",
                "created_by_id": admin,
                "created_at": now,
                "updated_at": now,
                "total_litres": Decimal("0"),
                "total_amount_cny": Decimal("0"),
                "cancel_reason": "",
                "customer_po": "",
                "notes": "",
            }
        )
    orders = ctx.copy(Order, orders)
    lines, totals = [], {}
    for order in orders:
        month = order["order_date"]
        for k in range(LINES_PER_ORDER):
            product_pk, _code, volume = products[rng.randrange(len(products))]
            quantity = rng.randint(50, 3000)
            cost_month, unit_cost = cost_by.get(product_pk, (None, None))
            price = (unit_cost or Decimal("500")) * Decimal("1.25")
            price = price.quantize(Decimal("0.01"))
            amount = price * quantity
            litres = volume * quantity
            lines.append(
                {
                    "order_id": order["id"],
                    "line_no": k + 1,
                    "product_id": product_pk,
                    "quantity": quantity,
                    "litres": litres,
                    "unit_price": price,
                    "amount": amount,
                    "amount_cny": amount,
                    "requested_month": month,
                    "delivered_month": month if order["status"] == "delivered" else None,
                    "sales_month": month,
                    "unit_cost": unit_cost,
                    "cost_month": cost_month,
                    "margin": None if unit_cost is None else amount - unit_cost * quantity,
                }
            )
            litres_sum, amount_sum = totals.get(order["id"], (Decimal("0"), Decimal("0")))
            totals[order["id"]] = (litres_sum + litres, amount_sum + amount)
    ctx.copy(OrderLine, lines)
    # The order totals the list shows, set in one statement per batch.
    from core.bulk import bulk_update_values

    bulk_update_values(
        Order,
        [Order(pk=pk, total_litres=t[0], total_amount_cny=t[1]) for pk, t in totals.items()],
        fields=["total_litres", "total_amount_cny"],
    )
    sales_month_rollup()
    ctx.data["orders_file"] = _erp_file(customers, products, IMPORT_LINES)
    ctx.data["orders_bad_file"] = _erp_file(customers, products, IMPORT_LINES, bad=True)


def _erp_file(customers, products, rows: int, *, bad: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Orders")
    ws.append(
        [
            "ERP order number",
            "Order date",
            "Customer code",
            "Product code",
            "Quantity",
            "Unit price",
            "Requested month",
        ]
    )
    month = _month(MONTHS - 1)
    for i in range(rows):
        customer = customers[(i // 4) % len(customers)]
        product = products[i % len(products)]
        code = f"UNKNOWN-{i}" if bad and i % 10 == 0 else product[1]
        ws.append(
            [f"IMP-{i // 4:06d}", month, customer[3], code, 100 + i % 900, 850.5, f"{month:%Y-%m}"]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pages(ctx: BenchContext) -> list[Page]:
    last = _month(MONTHS - 1)
    year = f"month_from={last.year}-01&month_to={last:%Y-%m}"
    return [
        Page(
            "orders: sales pivot by region (director)", "bench_director", f"/orders/sales/?{year}"
        ),
        Page(
            "orders: sales pivot by customer (director)",
            "bench_director",
            f"/orders/sales/?{year}&rows=customer&measure=litres",
        ),
        Page("orders: sales pivot (rep)", "bench_north_rep1", f"/orders/sales/?{year}"),
        Page("orders: order list (director)", "bench_director", "/orders/"),
        Page("orders: order list (rep)", "bench_north_rep1", "/orders/"),
    ]


def _import(ctx: BenchContext, key: str):
    from regions.models import User

    from .erp import orders_import

    actor = User.objects.get(username="bench_mktadmin")
    result = orders_import(upload=io.BytesIO(ctx.data[key]), actor=actor, file_name="bench.xlsx")
    return result.record.rows if result.ok else len(result.errors)


def jobs(ctx: BenchContext) -> list[Job]:
    from .services import sales_month_rollup

    return [
        Job(
            "orders: read and validate a 10,000-line ERP file (refused: unknown codes)",
            lambda ctx: _import(ctx, "orders_bad_file"),
        ),
        Job(
            "orders: import a 10,000-line ERP file end to end (read, validate, save, roll up)",
            lambda ctx: _import(ctx, "orders_file"),
        ),
        Job("orders: monthly sales roll-up, every month", lambda ctx: sales_month_rollup()),
    ]
