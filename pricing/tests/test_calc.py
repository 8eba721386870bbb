"""Exact Decimal arithmetic against hand-computed examples.

Product: 1.5 L, Pd 100 g/ft³, Rh 10 g/ft³ (no Pt).
  Pd content = 100 × 1.5 / 28.3168 = 5.2972087… → 5.297209 g; Rh = 0.5297208… → 0.529721 g
  Pd 1,000 USD/oz at 7.2 CNY/USD = 1,000 × 7.2 / 31.1035 = 231.48520… → 231.4852 CNY/g
  Pd cost = 5.297209 × 231.4852 = 1,226.2254… → 1,226.23; Rh cost at 1,100 CNY/g = 582.6931 → 582.69
  Standard cost = 1,226.23 + 582.69 + 150 + 100 = 2,058.92
"""

from decimal import Decimal

import pytest

from pricing import calc
from pricing.models import FormulaVersion, PricingStrategy, StandardCost
from pricing.services import monthly_cost_rollup
from pricing.tests.factories import MONTH, market_month, product


def test_g_per_ft3_is_converted_to_grams_per_piece():
    assert calc.content_g(Decimal("100"), "g_ft3", Decimal("1.5")) == Decimal("5.297209")
    assert calc.content_g(Decimal("10"), "g_ft3", Decimal("1.5")) == Decimal("0.529721")
    assert calc.content_g(Decimal("3.5315"), "g_l", Decimal("2")) == Decimal("7.063000")


def test_usd_per_troy_ounce_becomes_cny_per_gram():
    assert calc.to_cny_per_g(Decimal("1000"), "usd_oz", Decimal("7.2")) == Decimal("231.4852")
    assert calc.to_cny_per_g(Decimal("220.55"), "cny_g", Decimal("7.2")) == Decimal("220.5500")


def test_standard_cost_hand_computed():
    parts = calc.standard_cost(
        {"pt": Decimal("0"), "pd": Decimal("5.297209"), "rh": Decimal("0.529721")},
        {"pt": Decimal("220"), "pd": Decimal("231.4852"), "rh": Decimal("1100")},
        Decimal("150"),
        Decimal("100"),
    )
    assert parts["pd_cost"] == Decimal("1226.23")
    assert parts["rh_cost"] == Decimal("582.69")
    assert parts["metal_cost"] == Decimal("1808.92")
    assert parts["total"] == Decimal("2058.92")


def _strategy(**kw):
    fields = dict(
        markup_a=Decimal("30"),
        markup_b=Decimal("20"),
        markup_c=Decimal("15"),
        markup_d=Decimal("10"),
        step_growth=Decimal("2"),
        step_maturity=Decimal("5"),
        step_decline=Decimal("8"),
        channel_markup=Decimal("6"),
        floor_markup=Decimal("5"),
        ceiling_extra=Decimal("10"),
    )
    fields.update(kw)
    return PricingStrategy(**fields)


@pytest.mark.parametrize(
    "klass,stage,aftermarket,pct,markup,list_price",
    [
        ("A", "introduction", False, "30", "75.00", "2133.92"),
        ("C", "maturity", True, "16", "40.00", "2098.92"),  # 15 − 5 + 6
        ("D", "decline", False, "5", "12.50", "2071.42"),  # 10 − 8 = 2, held at the 5 % floor
    ],
)
def test_suggested_price_marks_up_only_the_value_added_part(
    klass, stage, aftermarket, pct, markup, list_price
):
    s = calc.suggest(
        metal_cost=Decimal("1808.92"),
        value_added=Decimal("250.00"),
        strategy=_strategy(),
        customer_class=klass,
        lifecycle=stage,
        aftermarket=aftermarket,
    )
    assert s.markup_percent == Decimal(pct)
    assert s.markup == Decimal(markup)
    assert s.list_price == Decimal(list_price)
    assert s.floor_price == Decimal("2071.42")  # metal + value added × 1.05
    assert s.list_price - s.markup - s.value_added == Decimal(
        "1808.92"
    )  # metal passed through at cost


def test_rollup_hand_computed_and_idempotent(org):
    prod = product("TWC-HAND")
    assert FormulaVersion.objects.get(product=prod).pd_g == Decimal("5.297209")
    market_month(
        org.finance,
        products=[prod],
        prices={"pt": ("220", "cny_g"), "pd": ("1000", "usd_oz"), "rh": ("1100", "cny_g")},
        rollup=False,
    )
    assert monthly_cost_rollup(month=MONTH) == 1
    first = list(
        StandardCost.objects.values_list("product_id", "month", "pd_cost", "rh_cost", "total")
    )
    assert first == [(prod.pk, MONTH, Decimal("1226.23"), Decimal("582.69"), Decimal("2058.92"))]
    assert monthly_cost_rollup(month=MONTH) == 1
    assert (
        list(StandardCost.objects.values_list("product_id", "month", "pd_cost", "rh_cost", "total"))
        == first
    )


def test_rollup_crash_half_way_leaves_previous_rows_and_rerun_is_correct(org, monkeypatch):
    products = [product(f"P-{i}") for i in range(3)]
    market_month(org.finance, products=products, substrate="150")
    before = dict(StandardCost.objects.values_list("product__code", "total"))
    assert before["P-0"] == Decimal("2104.02")
    # New costs for the month, then the roll-up dies while inserting.
    market_month(org.finance, products=products, substrate="200", rollup=False)

    def boom(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(StandardCost.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        monthly_cost_rollup(month=MONTH)
    assert dict(StandardCost.objects.values_list("product__code", "total")) == before
    monkeypatch.undo()
    assert monthly_cost_rollup(month=MONTH) == 3
    after = dict(StandardCost.objects.values_list("product__code", "total"))
    assert after == {code: total + 50 for code, total in before.items()}
    assert StandardCost.objects.count() == 3
