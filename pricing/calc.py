"""Exact pricing arithmetic (Decimal only). The rounding rule:

* metal content per piece = loading × volume, with g/ft³ first divided by 28.3168 L/ft³;
  kept to 0.000001 g (half up);
* a price in USD/troy oz becomes CNY/g as price × USD→CNY ÷ 31.1035, kept to 0.0001 CNY/g;
* each amount (each metal's cost per piece, markup, prices) is rounded half up to the cent
  before it is added, so the parts shown always add up to the total shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.money import money

LITRES_PER_FT3 = Decimal("28.3168")
GRAMS_PER_TROY_OZ = Decimal("31.1035")
GRAM = Decimal("0.000001")
PRICE_PER_G = Decimal("0.0001")
HUNDRED = Decimal("100")


def content_g(loading, unit: str, volume_l) -> Decimal:
    loading = Decimal(loading or 0)
    volume = Decimal(volume_l)
    if unit == "g_ft3":
        value = loading * volume / LITRES_PER_FT3
    else:
        value = loading * volume
    return value.quantize(GRAM, rounding=ROUND_HALF_UP)


def to_cny_per_g(price, unit: str, usd_cny) -> Decimal:
    price = Decimal(price)
    if unit == "usd_oz":
        value = price * Decimal(usd_cny) / GRAMS_PER_TROY_OZ
    else:
        value = price
    return value.quantize(PRICE_PER_G, rounding=ROUND_HALF_UP)


def metal_costs(content: dict, prices_cny_g: dict) -> dict:
    """{metal: cost per piece in CNY, to the cent}."""
    return {
        metal: money(Decimal(content[metal]) * Decimal(prices_cny_g[metal])) for metal in content
    }


def standard_cost(content: dict, prices_cny_g: dict, substrate, manufacturing) -> dict:
    costs = metal_costs(content, prices_cny_g)
    metal = sum(costs.values(), Decimal("0"))
    total = metal + money(substrate) + money(manufacturing)
    return {
        **{f"{m}_cost": c for m, c in costs.items()},
        "metal_cost": metal,
        "substrate": money(substrate),
        "manufacturing": money(manufacturing),
        "total": total,
    }


@dataclass
class Suggestion:
    metal_cost: Decimal
    value_added: Decimal
    markup_percent: Decimal
    markup: Decimal
    list_price: Decimal
    floor_price: Decimal
    ceiling_price: Decimal


def markup_percent(strategy, *, customer_class: str, lifecycle: str, aftermarket: bool) -> Decimal:
    base = {"A": strategy.markup_a, "B": strategy.markup_b, "C": strategy.markup_c}.get(
        customer_class or "D", strategy.markup_d
    )
    step = {
        "growth": strategy.step_growth,
        "maturity": strategy.step_maturity,
        "decline": strategy.step_decline,
    }.get(lifecycle, Decimal("0"))
    value = Decimal(base) - Decimal(step)
    if aftermarket:
        value += Decimal(strategy.channel_markup)
    return max(value, Decimal(strategy.floor_markup))


def suggest(
    *, metal_cost, value_added, strategy, customer_class, lifecycle, aftermarket
) -> Suggestion:
    """List = metal at cost + value-added × (1 + markup); floor = metal + value-added × (1 +
    floor markup); ceiling = metal + value-added × (1 + markup + ceiling points). Metal is
    never marked up or discounted."""
    pct = markup_percent(
        strategy, customer_class=customer_class, lifecycle=lifecycle, aftermarket=aftermarket
    )
    markup = money(Decimal(value_added) * pct / HUNDRED)
    floor = (
        metal_cost
        + value_added
        + money(Decimal(value_added) * Decimal(strategy.floor_markup) / HUNDRED)
    )
    ceiling = (
        metal_cost
        + value_added
        + money(Decimal(value_added) * (pct + Decimal(strategy.ceiling_extra)) / HUNDRED)
    )
    return Suggestion(
        metal_cost=metal_cost,
        value_added=value_added,
        markup_percent=pct,
        markup=markup,
        list_price=metal_cost + value_added + markup,
        floor_price=floor,
        ceiling_price=ceiling,
    )


def discount_percent(list_price, unit_price) -> Decimal:
    if not list_price:
        return Decimal("0")
    value = (Decimal(list_price) - Decimal(unit_price)) * HUNDRED / Decimal(list_price)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
