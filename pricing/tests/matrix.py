from tests.hostile import HostileForm, money, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, ActionRow, Row, only

ALL = {}


def build(world):
    from pricing.tests.factories import (
        QUOTE_BANDS,
        customer,
        market_month,
        product,
        quote,
        strategy,
    )
    from tests.factories import authority

    world.pricing_product = product()
    world.pricing_upload = market_month(world.finance, products=[world.pricing_product])
    world.pricing_strategy = strategy(world.director, approver=world.gm)
    world.pricing_north_quote = quote(world.north_rep, world.pricing_product)
    # Another rep's quote: out of north_rep's scope.
    world.pricing_other_quote = quote(
        world.north_rep2,
        world.pricing_product,
        customer_obj=customer(world.north, name="燕山重卡", owner=world.north_rep2),
    )
    authority("pricing.adjustment", QUOTE_BANDS)


_quote_viewers = {
    "north_rep": 200,
    "north_manager": 200,
    "east_manager": 404,
    "tech": 404,
    "mktadmin": 200,
    "finance": 200,
    "director": 200,
    "gm": 200,
    "exec": 200,
}

ROWS = [
    Row("pricing:product-list"),
    Row("pricing:product-detail", kwargs=lambda w: {"pk": w.pricing_product.pk}),
    Row("pricing:market-list", expect={"tech": 403}),
    Row("pricing:market-upload", expect=only(200, "finance")),
    Row("pricing:market-template", expect=only(200, "finance")),
    Row("pricing:market-detail", kwargs=lambda w: {"pk": w.pricing_upload.pk}),
    Row("pricing:strategy-list", expect={"north_rep": 403, "tech": 403}),
    Row("pricing:strategy-create", expect=only(200, "director", "mktadmin")),
    Row("pricing:strategy-detail", kwargs=lambda w: {"pk": w.pricing_strategy.pk}),
    Row("pricing:quote-list", expect={"tech": 403}),
    Row("pricing:competitor-list", expect={"tech": 403}),
    Row("pricing:quote-export", expect={"tech": 403}),
    Row(
        "pricing:quote-create",
        expect=only(200, "north_rep", "north_manager", "east_manager", "director"),
    ),
    Row(
        "pricing:quote-detail",
        kwargs=lambda w: {"pk": w.pricing_north_quote.pk},
        expect=_quote_viewers,
    ),
    # Recording an outcome: the owner may (redirect); others in scope are refused; out of scope 404.
    Row(
        "pricing:quote-outcome",
        kwargs=lambda w: {"pk": w.pricing_north_quote.pk},
        method="post",
        data=lambda w: {"outcome": "won"},
        expect={
            "north_rep": 302,
            "north_manager": 403,
            "east_manager": 404,
            "tech": 404,
            "mktadmin": 403,
            "finance": 403,
            "director": 403,
            "gm": 403,
            "exec": 403,
        },
    ),
    # Price adjustment: the owner and the region's manager; others in scope refused; out of
    # scope 404.
    Row(
        "pricing:quote-adjust",
        kwargs=lambda w: {"pk": w.pricing_north_quote.pk},
        expect={
            "north_rep": 200,
            "north_manager": 200,
            "east_manager": 404,
            "tech": 404,
            "mktadmin": 403,
            "finance": 403,
            "director": 403,
            "gm": 403,
            "exec": 403,
        },
    ),
]


def _adjust_guard(w):
    from pricing.models import PriceAdjustment, Quote

    return [
        Quote.objects.exclude(pk=w.pricing_north_quote.pk),
        PriceAdjustment.objects.exclude(quote=w.pricing_north_quote),
    ]


def _market_guard(w):
    from imports.models import PendingImport
    from pricing.models import MarketUpload

    return [MarketUpload.objects.all(), PendingImport.objects.all()]


HOSTILE_FORMS = [
    HostileForm(
        "pricing: price adjustment",
        persona="north_rep",
        url=(
            "pricing:quote-adjust",
            lambda w: [w.pricing_north_quote.pk, w.pricing_other_quote.pk],
        ),
        fields={"unit_price": money(), "reason": text()},
        guard=_adjust_guard,
    ),
    # "Import anyway" with a made-up token (or the month alone, no file): 404 or 400, never
    # an import.
    HostileForm(
        "pricing: confirm a kept market-data file",
        persona="finance",
        url="pricing:market-upload",
        fields={"pending": text(), "month": text()},
        guard=_market_guard,
    ),
]


ACTIONS = [
    # The ERP pulls prices (its service account reads them through the API).
    ActionRow("pricing.market_view", allowed=(EVERYONE - {"tech"}) | {"erp"}),
    ActionRow("pricing.market_import", allowed={"finance"}),
    ActionRow("pricing.market_home", allowed={"finance"} | COMPANY_WIDE),
    ActionRow("pricing.quotes_home", allowed=FRONT_END | COMPANY_WIDE),
    ActionRow("pricing.strategy_view", allowed=EVERYONE - {"north_rep", "tech"}),
    ActionRow("pricing.strategy_create", allowed={"director", "mktadmin"}),
    ActionRow("pricing.quote_view", allowed=EVERYONE - {"tech"}),
    ActionRow(
        "pricing.quote_create",
        allowed=FRONT_END | {"director"},
        on=lambda w: w.pricing_north_quote.customer,
        allowed_on={"north_rep", "north_manager", "director"},
    ),
    ActionRow(
        "pricing.quote_outcome",
        allowed=FRONT_END | {"director"},
        on=lambda w: w.pricing_north_quote,
        allowed_on={"north_rep"},
    ),
    # The owner, or the region's manager.
    ActionRow(
        "pricing.quote_adjust",
        allowed=FRONT_END | {"director"},
        on=lambda w: w.pricing_north_quote,
        allowed_on={"north_rep", "north_manager"},
    ),
    ActionRow(
        "pricing.competitor_record",
        allowed=FRONT_END,
        on=lambda w: w.pricing_north_quote.customer,
        allowed_on={"north_rep", "north_manager"},
    ),
]
