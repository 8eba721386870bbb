"""Demo pricing data: gasoline TWC, GPF and diesel DOC/DPF/SCR products with loadings in the
usual ranges, 24 months of metal prices with believable movement and monthly costs, an approved
strategy, the authority bands for quotes, and quotes in each state."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from approvals.services import approval_decide, approval_open, approval_submit
from customers.models import Customer
from regions.models import User
from regions.roles import Role

from . import calc
from .models import (
    FormulaVersion,
    MarketUpload,
    MetalPrice,
    PriceUnit,
    PricingStrategy,
    Product,
    ProductCost,
    Quote,
)

ORDER = 50
MONTHS = 24

# code, name, substrate, dimensions, volume L, lifecycle, (Pt, Pd, Rh g/ft³), substrate,
# manufacturing CNY
PRODUCTS = [
    (
        "TWC-1.5-CN6B",
        "国六B汽油三元催化器 1.5L",
        "cordierite",
        "Ø118.4 × 127 mm, 750/2",
        "1.4000",
        "growth",
        ("0", "95", "8"),
        "165",
        "120",
    ),
    (
        "TWC-2.0-CN6B",
        "国六B汽油三元催化器 2.0L",
        "cordierite",
        "Ø132 × 127 mm, 750/2",
        "1.7400",
        "maturity",
        ("0", "110", "9"),
        "190",
        "135",
    ),
    (
        "TWC-1.0-CN6A",
        "国六A汽油三元催化器 1.0L",
        "cordierite",
        "Ø101.6 × 120 mm, 600/3",
        "0.9700",
        "decline",
        ("0", "60", "5"),
        "120",
        "95",
    ),
    (
        "CC-TWC-1.2",
        "紧耦合三元催化器 1.2L",
        "cordierite",
        "Ø105.7 × 137 mm, 900/2",
        "1.2000",
        "introduction",
        ("0", "140", "10"),
        "210",
        "150",
    ),
    (
        "GPF-1.6",
        "汽油颗粒捕集器（涂覆）",
        "cordierite",
        "Ø132 × 118 mm, 300/8",
        "1.6100",
        "growth",
        ("0", "12", "2"),
        "420",
        "160",
    ),
    (
        "DOC-4.0-CN6",
        "国六柴油氧化催化器 DOC",
        "cordierite",
        "Ø266.7 × 76.2 mm, 400/4",
        "4.2500",
        "maturity",
        ("25", "8", "0"),
        "380",
        "210",
    ),
    (
        "DOC-2.5-NR4",
        "非道路四阶段 DOC",
        "cordierite",
        "Ø190.5 × 88.9 mm, 400/4",
        "2.5300",
        "growth",
        ("30", "10", "0"),
        "260",
        "170",
    ),
    (
        "CDPF-12",
        "柴油颗粒捕集器 CDPF",
        "sic",
        "Ø266.7 × 304.8 mm, 300/12",
        "17.0300",
        "maturity",
        ("5", "1.5", "0"),
        "1650",
        "420",
    ),
    (
        "SCR-CU-20",
        "铜分子筛 SCR（无贵金属）",
        "cordierite",
        "Ø266.7 × 177.8 mm, 400/4",
        "9.9300",
        "maturity",
        ("0", "0", "0"),
        "720",
        "380",
    ),
    (
        "MC-TWC-0.3",
        "摩托车金属载体催化器",
        "metal",
        "Ø50 × 90 mm, 200 cpsi",
        "0.1800",
        "decline",
        ("0", "80", "10"),
        "55",
        "40",
    ),
]


def _month(index: int) -> date:
    today = date.today().replace(day=1)
    months_back = MONTHS - 1 - index
    year, month = today.year, today.month - months_back
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def _prices(index: int) -> dict:
    """Smooth, believable movement: Pt ~ 200–235 CNY/g, Pd ~ 950–1,250 USD/oz, Rh ~ 4,300–5,600
    USD/oz, USD/CNY ~ 7.05–7.30."""
    pt = Decimal(str(round(217 + 14 * math.sin(index / 3.1) + 4 * math.cos(index * 1.7), 2)))
    pd = Decimal(str(round(1090 + 140 * math.sin(index / 4.0 + 1) + 25 * math.cos(index * 2.3), 2)))
    rh = Decimal(str(round(4900 + 520 * math.sin(index / 5.0 + 2) + 90 * math.cos(index * 1.3), 2)))
    fx = Decimal(str(round(7.17 + 0.1 * math.sin(index / 6.0), 4)))
    return {
        "pt": (pt, PriceUnit.CNY_PER_G, "上海黄金交易所"),
        "pd": (pd, PriceUnit.USD_PER_OZ, "LBMA"),
        "rh": (rh, PriceUnit.USD_PER_OZ, "Johnson Matthey"),
        "fx": fx,
    }


def seed(*, out) -> None:
    from .services import monthly_cost_rollup

    finance = User.objects.filter(username="finance").first()
    director = User.objects.filter(username="director").first()
    gm = User.objects.filter(username="gm").first()
    executive = User.objects.filter(role=Role.EXECUTIVE).order_by("pk").first()
    if not (finance and director and gm and executive):
        out.write("  pricing: organisation missing, skipped")
        return
    products = {}
    for code, name, substrate, dims, volume, stage, loading, _sub, _man in PRODUCTS:
        product, _ = Product.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "substrate_type": substrate,
                "substrate_dimensions": dims,
                "volume_l": Decimal(volume),
                "lifecycle": stage,
            },
        )
        if not product.formulas.exists():
            start = _month(0)
            FormulaVersion.objects.create(
                product=product,
                version=1,
                loading_unit="g_ft3",
                pt_loading=Decimal(loading[0]) * Decimal("1.1"),
                pd_loading=Decimal(loading[1]) * Decimal("1.1"),
                rh_loading=Decimal(loading[2]) * Decimal("1.1"),
                valid_from=start,
                notes="初版配方",
            )
            FormulaVersion.objects.create(
                product=product,
                version=2,
                loading_unit="g_ft3",
                pt_loading=Decimal(loading[0]),
                pd_loading=Decimal(loading[1]),
                rh_loading=Decimal(loading[2]),
                valid_from=_month(8),
                notes="降贵金属优化",
            )
        products[code] = product
    for index in range(MONTHS):
        month = _month(index)
        if MarketUpload.objects.filter(month=month).exists():
            continue
        prices = _prices(index)
        upload = MarketUpload.objects.create(
            month=month,
            usd_cny=prices["fx"],
            fx_source="中国人民银行",
            file_name=f"market-{month:%Y-%m}.xlsx",
            uploaded_by=finance,
            product_count=len(PRODUCTS),
        )
        MetalPrice.objects.bulk_create(
            [
                MetalPrice(
                    upload=upload,
                    month=month,
                    metal=m,
                    price=prices[m][0],
                    unit=prices[m][1],
                    source=prices[m][2],
                    cny_per_g=calc.to_cny_per_g(prices[m][0], prices[m][1], prices["fx"]),
                )
                for m in ("pt", "pd", "rh")
            ]
        )
        drift = Decimal(1) + Decimal(index) / Decimal(400)
        ProductCost.objects.bulk_create(
            [
                ProductCost(
                    upload=upload,
                    product=products[code],
                    substrate=calc.money(Decimal(sub) * drift),
                    manufacturing=calc.money(Decimal(man) * drift),
                )
                for code, _n, _s, _d, _v, _l, _ld, sub, man in PRODUCTS
            ]
        )
        monthly_cost_rollup(month=month)
    # Who approves quotes, price adjustments (by discount below list, %) and the strategy
    # (director, then executive committee) comes from the default authority rules (migration
    # 0007).
    if not PricingStrategy.objects.exists():
        strategy = PricingStrategy.objects.create(
            name="2026 标准定价策略",
            valid_from=_month(0),
            markup_a=Decimal("28"),
            markup_b=Decimal("22"),
            markup_c=Decimal("15"),
            markup_d=Decimal("10"),
            step_growth=Decimal("2"),
            step_maturity=Decimal("5"),
            step_decline=Decimal("8"),
            channel_markup=Decimal("6"),
            floor_markup=Decimal("5"),
            ceiling_extra=Decimal("10"),
            created_by=director,
        )
        approval_open(document=strategy, actor=director)
        request = approval_submit(document=strategy, actor=director)
        # The director drafted it, so step 1 goes up to the general manager; step 2 is the
        # executive committee's.
        request = approval_decide(request=request, actor=gm, decision="approve")
        approval_decide(request=request, actor=executive, decision="approve")
        pending = PricingStrategy.objects.create(
            name="2026 下半年策略（待审批）",
            valid_from=_month(MONTHS - 1),
            markup_a=Decimal("30"),
            markup_b=Decimal("24"),
            markup_c=Decimal("16"),
            markup_d=Decimal("10"),
            step_growth=Decimal("2"),
            step_maturity=Decimal("5"),
            step_decline=Decimal("8"),
            channel_markup=Decimal("6"),
            floor_markup=Decimal("5"),
            ceiling_extra=Decimal("10"),
            created_by=director,
        )
        # Half-way through its chain: the general manager has approved step 1, the executive
        # committee's queue shows it as step 2 of 2.
        approval_open(document=pending, actor=director)
        request = approval_submit(document=pending, actor=director)
        approval_decide(request=request, actor=gm, decision="approve")
    _seed_quotes(products, out)
    from .services import quote_counts_refresh

    quote_counts_refresh()  # the seed sets some quotes' status directly
    out.write(
        f"  pricing: {Product.objects.count()} products, "
        f"{MarketUpload.objects.filter(is_current=True).count()} months of prices, "
        f"{Quote.objects.count()} quotes"
    )


def _seed_repriced(rep, customer, product) -> None:
    """A won quote with the metal pass-through clause, agreed four months ago and re-priced by
    each month's roll-up since: three revisions on its page."""
    from .services import (
        quote_create,
        quote_metal_snapshot,
        quote_record_outcome,
        quotes_reprice_metal,
    )

    quote = quote_create(
        actor=rep, customer=customer, product=product, quantity=18000, metal_clause=True
    )
    quote = quote_record_outcome(
        quote=quote, actor=rep, outcome="won", reaction="签订贵金属联动年度协议"
    )
    start = _month(MONTHS - 4)
    upload = MarketUpload.objects.filter(month=start, is_current=True).first()
    if upload is None:
        return
    prices = {p.metal: p for p in MetalPrice.objects.filter(upload=upload)}
    costs = calc.metal_costs(quote.formula.content(), {m: p.cny_per_g for m, p in prices.items()})
    delta = sum(costs.values(), Decimal("0")) - quote.metal_cost
    Quote.objects.filter(pk=quote.pk).update(
        month=start,
        upload=upload,
        metal_cost=quote.metal_cost + delta,
        unit_price=quote.unit_price + delta,
        list_price=quote.list_price + delta,
        floor_price=quote.floor_price + delta,
        ceiling_price=quote.ceiling_price + delta,
        snapshot=quote_metal_snapshot(
            quote.snapshot, formula=quote.formula, upload=upload, prices=prices, costs=costs
        ),
    )
    for back in (3, 2, 1):
        quotes_reprice_metal(month=_month(MONTHS - back))


def _seed_quotes(products, out) -> None:
    from .services import quote_create, quote_record_outcome

    if Quote.objects.exists():
        return
    north_rep = User.objects.filter(username="north_rep1").first()
    east_rep = User.objects.filter(username="east_rep1").first()
    north_manager = User.objects.filter(username="north_manager").first()
    director = User.objects.filter(username="director").first()
    north = list(Customer.objects.filter(region__code="north").order_by("name")[:6])
    east = list(Customer.objects.filter(region__code="east").order_by("name")[:4])
    if not (north_rep and north and east_rep and east):
        return

    def make(rep, customer, code, qty, discount="0"):
        from .services import quote_suggest

        _c, _s, s = quote_suggest(customer=customer, product=products[code])
        price = calc.money(s.list_price * (Decimal(100) - Decimal(discount)) / Decimal(100))
        return quote_create(
            actor=rep, customer=customer, product=products[code], quantity=qty, unit_price=price
        )

    at_list = make(north_rep, north[0], "TWC-1.5-CN6B", 20000)  # agreed at list
    won = make(north_rep, north[1], "DOC-4.0-CN6", 3000, "2")  # agreed within band
    quote_record_outcome(
        quote=won, actor=north_rep, outcome="won", reaction="接受报价，签订年度协议"
    )
    lost = make(north_rep, north[2], "TWC-2.0-CN6B", 8000, "1")
    quote_record_outcome(
        quote=lost,
        actor=north_rep,
        outcome="lost",
        reaction="价格偏高",
        competitor="巴斯夫",
        competitor_price=calc.money(lost.unit_price * Decimal("0.94")),
    )
    make(north_rep, north[3], "GPF-1.6", 12000, "6")  # waiting for the region manager
    approved = make(north_rep, north[4], "CC-TWC-1.2", 15000, "5")
    request = approval_open(document=approved, actor=north_rep)
    approval_decide(request=request, actor=north_manager, decision="approve")
    refused = make(north_rep, north[5], "TWC-1.0-CN6A", 5000, "7")
    approval_decide(
        request=approval_open(document=refused, actor=north_rep),
        actor=north_manager,
        decision="reject",
        reason="折扣过大，请重新与客户沟通",
    )
    make(east_rep, east[0], "SCR-CU-20", 4000, "12")  # waiting for the director
    make(east_rep, east[1], "CDPF-12", 2500)
    make(east_rep, east[2], "DOC-2.5-NR4", 6000, "2.5")
    if director:
        make(director, east[3], "TWC-2.0-CN6B", 30000, "10")  # within the director's band
    _seed_repriced(north_rep, north[0], products["TWC-1.5-CN6B"])
    from .services import adjustment_request

    # A price-adjustment request beyond the rep's band, waiting for the north region manager.
    adjustment_request(
        quote=at_list,
        actor=north_rep,
        unit_price=calc.money(at_list.list_price * Decimal("0.95")),
        reason="客户年度量增 20%，要求降价 5%",
    )
    from .services import competitor_price_record

    for cust, rep, competitor, code, price, notes, source in [
        (
            north[2],
            north_rep,
            "巴斯夫",
            "TWC-2.0-CN6B",
            "2610.00",
            "Pd/Rh 105/8 g/ft³，同尺寸载体",
            "客户采购部口头",
        ),
        (
            north[0],
            north_rep,
            "庄信万丰",
            "TWC-1.5-CN6B",
            "1980.00",
            "含贵金属联动条款",
            "招标开标记录",
        ),
        (east[0], east_rep, "优美科", "SCR-CU-20", "1210.00", "铜分子筛，载体 400/4", "展会交流"),
    ]:
        competitor_price_record(
            actor=rep,
            customer=cust,
            competitor=competitor,
            product=products[code],
            price=Decimal(price),
            formula_notes=notes,
            observed_on=date.today(),
            source=source,
        )
