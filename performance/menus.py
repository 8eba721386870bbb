"""What sales-force performance shows in the navigation."""

from django.utils.translation import gettext_lazy as _

from core.nav import NavGroup, NavItem

NAV_GROUPS = [NavGroup("performance", _("Performance"), order=70)]

NAV = [
    NavItem("scorecard", _("My scorecard"), "performance:index", group="performance", order=70),
    NavItem(
        "ranking",
        _("KPI ranking"),
        "performance:ranking",
        group="performance",
        order=71,
        permission="performance.team_view",
    ),
    NavItem(
        "assessments",
        _("Competency assessments"),
        "performance:assessment-list",
        group="performance",
        order=72,
    ),
    NavItem(
        "gaps",
        _("Competency gaps"),
        "performance:gaps",
        group="performance",
        order=73,
        permission="performance.team_view",
    ),
    NavItem("training", _("Training"), "performance:training-list", group="performance", order=74),
    NavItem(
        "competencies",
        _("Competency model"),
        "performance:competency-model",
        group="performance",
        order=75,
    ),
    NavItem("bonus", _("Bonus"), "performance:sheet-list", group="performance", order=76),
]
