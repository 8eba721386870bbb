"""Builders for pricing tests: products, a month of market data, a strategy, quotes and real
.xlsx files written with openpyxl."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from approvals.services import approval_decide, approval_open, approval_submit
from customers.models import Customer
from regions.roles import Role
from tests.factories import approver_for, authority

from .. import calc
from ..models import FormulaVersion, MarketUpload, MetalPrice, PricingStrategy, Product, ProductCost

MONTH = date(2026, 3, 1)
QUOTE_BANDS = [("3", Role.SALES_REP), ("8", Role.REGION_MANAGER), (None, Role.DIRECTOR)]


def product(
    code="TWC-TEST",
    *,
    volume="1.5",
    lifecycle="introduction",
    loading=("0", "100", "10"),
    unit="g_ft3",
) -> Product:
    obj, created = Product.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Test {code}",
            "substrate_type": "cordierite",
            "volume_l": Decimal(volume),
            "lifecycle": lifecycle,
        },
    )
    if created:
        FormulaVersion.objects.create(
            product=obj,
            version=1,
            loading_unit=unit,
            pt_loading=Decimal(loading[0]),
            pd_loading=Decimal(loading[1]),
            rh_loading=Decimal(loading[2]),
            valid_from=date(2025, 1, 1),
        )
    return obj


def market_month(
    actor,
    *,
    month=MONTH,
    products=(),
    prices=None,
    fx="7.2000",
    substrate="150",
    manufacturing="100",
    rollup=True,
) -> MarketUpload:
    """A month's data saved directly (tests of the file go through market_data_import)."""
    from ..services import monthly_cost_rollup

    prices = prices or {"pt": ("220", "cny_g"), "pd": ("240", "cny_g"), "rh": ("1100", "cny_g")}
    MarketUpload.objects.filter(month=month, is_current=True).update(is_current=False)
    upload = MarketUpload.objects.create(
        month=month, usd_cny=Decimal(fx), uploaded_by=actor, product_count=len(products)
    )
    for metal, (price, unit) in prices.items():
        MetalPrice.objects.create(
            upload=upload,
            month=month,
            metal=metal,
            price=Decimal(price),
            unit=unit,
            cny_per_g=calc.to_cny_per_g(price, unit, fx),
            source="test",
        )
    for p in products:
        ProductCost.objects.create(
            upload=upload,
            product=p,
            substrate=Decimal(substrate),
            manufacturing=Decimal(manufacturing),
        )
    if rollup:
        monthly_cost_rollup(month=month)
    return upload


def strategy(actor, *, approver, **overrides) -> PricingStrategy:
    """An approved strategy, through the default chain (pricing migration 0007): the director
    drafts it, so step 1 goes up to `approver` (the general manager); the executive committee
    approves step 2."""
    fields = {
        "name": "Test strategy",
        "valid_from": date(2025, 1, 1),
        "markup_a": Decimal("30"),
        "markup_b": Decimal("20"),
        "markup_c": Decimal("15"),
        "markup_d": Decimal("10"),
        "step_growth": Decimal("2"),
        "step_maturity": Decimal("5"),
        "step_decline": Decimal("8"),
        "channel_markup": Decimal("6"),
        "floor_markup": Decimal("5"),
        "ceiling_extra": Decimal("10"),
    }
    fields.update(overrides)
    obj = PricingStrategy.objects.create(created_by=actor, **fields)
    approval_open(document=obj, actor=actor)
    request = approval_decide(
        request=approval_submit(document=obj, actor=actor), actor=approver, decision="approve"
    )
    while request.state == "submitted":
        request = approval_decide(request=request, actor=approver_for(request), decision="approve")
    obj.refresh_from_db()
    return obj


def customer(
    region, *, name="北岳汽车", customer_class="A", customer_type="oem", owner=None
) -> Customer:
    obj, _ = Customer.objects.get_or_create(
        name=name,
        defaults={
            "region": region,
            "customer_class": customer_class,
            "customer_type": customer_type,
            "owner": owner,
        },
    )
    return obj


def quote(rep, prod, *, customer_obj=None, unit_price=None, quantity=1000):
    from ..services import quote_create

    authority("pricing.quote", QUOTE_BANDS)
    customer_obj = customer_obj or customer(rep.region, owner=rep)
    return quote_create(
        actor=rep, customer=customer_obj, product=prod, quantity=quantity, unit_price=unit_price
    )


def xlsx(
    metals=None,
    costs=None,
    *,
    month="2026-03",
    metal_headers=("Month", "Item", "Price", "Unit", "Source"),
    cost_headers=("Month", "Product code", "Substrate cost", "Manufacturing cost"),
    sheet_names=("Metals", "Costs"),
    trailing_empty=0,
    name="market.xlsx",
) -> io.BytesIO:
    if metals is None:
        metals = [
            [month, "Pt", 220, "CNY/g", "SGE"],
            [month, "Pd", 240, "CNY/g", "SGE"],
            [month, "Rh", 1100, "CNY/g", "JM"],
            [month, "USD/CNY", 7.2, "CNY/USD", "PBOC"],
        ]
    if costs is None:
        costs = [[month, "TWC-TEST", 150, 100]]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_names[0]
    ws.append(list(metal_headers))
    for row in metals:
        ws.append(row)
    sheet = wb.create_sheet(sheet_names[1])
    sheet.append(list(cost_headers))
    for row in costs:
        sheet.append(row)
    for _ in range(trailing_empty):
        sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer
