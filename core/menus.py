"""Reads every app's `menus.py` — `NAV_GROUPS`, `NAV` and `HOME_PANELS` — into the navigation
and home-page registries. Core names no other app: each app declares what it shows."""

from django.utils.translation import gettext_lazy as _

from . import home, nav
from .discovery import app_modules

NAV = [nav.NavItem("home", _("Home"), "core:home", order=0)]


def load_menus() -> None:
    for _label, module in app_modules("menus"):
        for group in getattr(module, "NAV_GROUPS", ()):
            nav.register_group(group)
        for item in getattr(module, "NAV", ()):
            nav.register(item)
        for panel in getattr(module, "HOME_PANELS", ()):
            home.register(panel)
