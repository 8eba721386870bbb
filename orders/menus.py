"""What orders show in the navigation, on the home page and on the customer page."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem
from customers.sections import CustomerSection
from pricing.sections import QuoteSection

from . import home

NAV_GROUPS = [NavGroup("orders", _("Orders and sales"), order=25)]

NAV = [
    NavItem(
        "orders-list",
        _("Orders"),
        "orders:order-list",
        group="orders",
        order=25,
        permission="orders.order_view",
    ),
    NavItem(
        "orders-sales",
        _("Sales"),
        "orders:sales",
        group="orders",
        order=26,
        permission="orders.order_view",
    ),
    NavItem(
        "orders-import",
        _("Import from the ERP"),
        "orders:import",
        group="orders",
        order=27,
        permission="orders.import_run",
    ),
]

HOME_PANELS = [
    HomePanel(
        "orders-my-sales",
        "orders/_home_sales.html",
        home.my_sales_panel,
        permission="orders.sales_home",
        order=26,
    ),
]

CUSTOMER_SECTIONS = [
    CustomerSection(
        key="orders-customer-orders",
        template="orders/_customer_orders.html",
        context=home.customer_orders,
        order=35,
    ),
]

# On a quote's page: the orders it became, and the step that turns a won quote into one.
QUOTE_SECTIONS = [
    QuoteSection(
        key="orders-quote-orders",
        template="orders/_quote_orders.html",
        context=home.quote_orders,
        order=50,
    ),
]
