"""What pricing shows in the navigation, on the home page and on the customer page."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem
from customers.sections import CustomerSection

from . import home

NAV_GROUPS = [NavGroup("pricing", _("Pricing"), order=30)]

NAV = [
    NavItem(
        "pricing-quotes",
        _("Quotes"),
        "pricing:quote-list",
        group="pricing",
        order=30,
        permission="pricing.quote_view",
    ),
    NavItem("pricing-products", _("Products"), "pricing:product-list", group="pricing", order=31),
    NavItem(
        "pricing-market",
        _("Metal prices & costs"),
        "pricing:market-list",
        group="pricing",
        order=32,
        permission="pricing.market_view",
    ),
    NavItem(
        "pricing-strategy",
        _("Pricing strategy"),
        "pricing:strategy-list",
        group="pricing",
        order=33,
        permission="pricing.strategy_view",
    ),
    NavItem(
        "pricing-competitors",
        _("Competitor prices"),
        "pricing:competitor-list",
        group="pricing",
        order=34,
        permission="pricing.quote_view",
    ),
]

HOME_PANELS = [
    HomePanel(
        "pricing-market",
        "pricing/_home_market.html",
        home.market_panel,
        permission="pricing.market_home",
        order=30,
    ),
    HomePanel(
        "pricing-quotes",
        "pricing/_home_quotes.html",
        home.quotes_panel,
        permission="pricing.quotes_home",
        order=31,
    ),
]

CUSTOMER_SECTIONS = [
    CustomerSection(
        key="pricing-quotes",
        template="pricing/_customer_quotes.html",
        context=home.customer_quotes,
        order=40,
    ),
    CustomerSection(
        key="pricing-competitors",
        template="pricing/_customer_competitors.html",
        context=home.customer_competitors,
        order=41,
    ),
]
