"""What planning shows in the navigation and on the home page."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem
from customers.sections import CustomerSection

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

NAV += [
    NavItem(
        "planning-tracking",
        _("Target vs actual"),
        "planning:tracking",
        group="planning",
        order=14,
        permission="planning.tracking_read",
    ),
    NavItem(
        "planning-milestones",
        _("Milestones"),
        "planning:tracking-milestones",
        group="planning",
        order=15,
        permission="planning.read",
    ),
]


def _month_panel(user):
    from django.utils import timezone

    from .selectors import month_against_plan

    return month_against_plan(user=user, month=timezone.localdate().replace(day=1))


HOME_PANELS = [
    HomePanel(
        key="planning-month",
        template="planning/_panel_month.html",
        context=_month_panel,
        permission="planning.month_home",
        order=20,
    )
]


def _key_account_targets(user, plan):
    from .selectors import key_account_targets

    return key_account_targets(user, plan)


# The key-account plan's page shows its volume and revenue targets from the issued region plan.
PLAN_SECTIONS = [
    CustomerSection(
        key="planning-key-account-targets",
        template="planning/_key_account_targets.html",
        context=_key_account_targets,
        order=10,
    )
]
