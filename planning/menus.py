"""What planning shows in the navigation and on the home page."""

from django.utils.translation import gettext_lazy as _

from core.nav import NavGroup, NavItem

NAV_GROUPS = [NavGroup("planning", _("Planning"), order=10)]

NAV = [
    NavItem(
        "planning-plans",
        _("Region plans"),
        "planning:plan-list",
        group="planning",
        order=10,
        permission="planning.read",
    ),
    NavItem(
        "planning-targets",
        _("Company targets"),
        "planning:target-list",
        group="planning",
        order=11,
        permission="planning.read",
    ),
    NavItem(
        "planning-rolling",
        _("Three-year targets"),
        "planning:rolling-list",
        group="planning",
        order=12,
        permission="planning.read",
    ),
    NavItem(
        "planning-consolidation",
        _("Consolidation"),
        "planning:consolidation",
        group="planning",
        order=13,
        permission="planning.consolidate",
    ),
]
