"""Who sees and who may do what in pricing (SPEC §3, §8)."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from customers.models import Customer
from regions.roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

from .models import (
    CompetitorPrice,
    FormulaVersion,
    MarketUpload,
    MetalPrice,
    PriceAdjustment,
    PricingStrategy,
    Product,
    ProductCost,
    Quote,
    QuoteCount,
    QuoteRevision,
    StandardCost,
)

EVERYONE = set(PEOPLE_ROLES)
# The ERP pulls products, metal prices and monthly (standard) costs, and nothing else of
# pricing.
PRICE_READERS = EVERYONE | {Role.ERP_SERVICE}
FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
# Who prices quotes: the front end within its bands, and the director.
QUOTE_MAKERS = FRONT_END | {Role.DIRECTOR}
# Finance, marketing admin and the company-wide roles read every quote.
QUOTE_READERS = COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN}

POLICIES = {
    Product: Policy(region_field=None, see_all=PRICE_READERS),
    FormulaVersion: Policy(region_field=None, see_all=EVERYONE),
    MetalPrice: Policy(region_field=None, see_all=PRICE_READERS),
    ProductCost: Policy(region_field=None, see_all=PRICE_READERS),
    StandardCost: Policy(region_field=None, see_all=PRICE_READERS),
    MarketUpload: Policy(region_field=None, see_all=PRICE_READERS, change_all={Role.FINANCE}),
    PricingStrategy: Policy(
        region_field=None,
        see_all=EVERYONE,
        change_all={Role.DIRECTOR, Role.MARKETING_ADMIN},
    ),
    # A rep sees the quotes they own, a region manager their region's, finance, marketing admin
    # and company-wide roles all of them.
    Quote: Policy(
        region_field="region",
        owner_fields=("owner",),
        see_all=QUOTE_READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
        change_own=QUOTE_MAKERS,
    ),
    # The open-quote counts per region: the company's for those who see every quote, a
    # region's for its manager (a rep's own quotes are counted from the quotes).
    QuoteCount: Policy(
        region_field="region",
        see_all=QUOTE_READERS,
        see_region={Role.REGION_MANAGER},
    ),
    # A quote's price history is seen by whoever sees the quote.
    QuoteRevision: Policy(
        region_field="quote__region",
        owner_fields=("quote__owner",),
        see_all=QUOTE_READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
    ),
    # Price-adjustment requests: seen like the quote (the requester too).
    PriceAdjustment: Policy(
        region_field="region",
        owner_fields=("quote__owner", "requested_by"),
        see_all=QUOTE_READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
    ),
    # Competitor intelligence is shared within a region (reps and managers see and add it).
    CompetitorPrice: Policy(
        region_field="region",
        owner_fields=("recorded_by",),
        see_all=QUOTE_READERS,
        see_region=FRONT_END,
    ),
}

ACTIONS = [
    Action(
        "pricing.market_view",
        roles=PRICE_READERS - {Role.TECH_SUPPORT},
        label=_("See metal prices and costs"),
    ),
    Action(
        "pricing.market_import",
        roles={Role.FINANCE},
        label=_("Upload the monthly market data"),
        refusal=_("Only finance uploads the monthly market data."),
    ),
    Action(
        "pricing.strategy_view",
        roles=EVERYONE - {Role.SALES_REP, Role.TECH_SUPPORT},
        label=_("See the pricing strategy"),
    ),
    Action(
        "pricing.strategy_create",
        roles={Role.DIRECTOR, Role.MARKETING_ADMIN},
        label=_("Draft a pricing strategy"),
        refusal=_("Only the director and marketing admin draft the pricing strategy."),
    ),
    Action(
        "pricing.quote_view",
        roles=QUOTE_MAKERS | QUOTE_READERS,
        label=_("See quotes and competitor prices"),
    ),
    # A rep quotes the customers of their region, a manager those they see, the director any.
    Action(
        "pricing.quote_create",
        roles=QUOTE_MAKERS,
        model=Customer,
        scope=Policy(region_field="region", see_all={Role.DIRECTOR}, see_region=FRONT_END),
        label=_("Make a quote"),
        refusal=_("Only sales reps, region managers and the director make quotes."),
    ),
    Action(
        "pricing.quote_outcome",
        roles=QUOTE_MAKERS,
        model=Quote,
        row="change",
        label=_("Record a quote's outcome"),
        refusal=_("Only the quote's owner records its outcome."),
    ),
    # The quote's owner or its region's manager asks for a new price (调价申请).
    Action(
        "pricing.quote_adjust",
        roles=QUOTE_MAKERS,
        model=Quote,
        scope=Policy(
            region_field="region",
            owner_fields=("owner",),
            see_own=QUOTE_MAKERS,
            see_region={Role.REGION_MANAGER},
        ),
        label=_("Request a price adjustment"),
        refusal=_("Only the quote's owner or the region manager can ask to adjust its price."),
    ),
    # What the home page follows: the month's market data, and the open quotes.
    Action(
        "pricing.market_home",
        roles={Role.FINANCE} | COMPANY_WIDE_ROLES,
        label=_("Follow the monthly market data on the home page"),
    ),
    Action(
        "pricing.quotes_home",
        roles=FRONT_END | COMPANY_WIDE_ROLES,
        label=_("Follow the open quotes on the home page"),
    ),
    Action(
        "pricing.competitor_record",
        roles=FRONT_END,
        model=Customer,
        label=_("Record a competitor's price"),
    ),
]
