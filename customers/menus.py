"""What the customers app shows in the navigation, on the home page and on its own pages'
timeline."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem

from .sections_own import TIMELINE, home_panel

NAV_GROUPS = [NavGroup("customers", _("Customers"), order=20)]

NAV = [
    NavItem("customers", _("Customers"), "customers:customer-list", group="customers", order=20),
    NavItem(
        "customers-visits",
        _("Visits"),
        "customers:visit-list",
        group="customers",
        order=21,
        permission="customers.visit_read",
    ),
    NavItem(
        "customers-projects",
        _("Projects"),
        "customers:project-list",
        group="customers",
        order=22,
    ),
    NavItem("customers-grid", _("Classification"), "customers:grid", group="customers", order=23),
    NavItem(
        "customers-plans",
        _("Key-account plans"),
        "customers:plan-list",
        group="customers",
        order=24,
    ),
]

HOME_PANELS = [
    HomePanel(
        key="customers-rep",
        template="customers/_home_panel.html",
        context=home_panel,
        permission="customers.visit_log",
        order=0,  # the rep's main action, first on the home page (above the fold on a phone)
    ),
]

__all__ = ["HOME_PANELS", "NAV", "NAV_GROUPS", "TIMELINE"]
