"""What brand management shows in the navigation."""

from django.utils.translation import gettext_lazy as _

from core.nav import NavGroup, NavItem

NAV_GROUPS = [NavGroup("brand", _("Brand"), order=85)]

NAV = [
    NavItem(
        "brand-positioning",
        _("Brand positioning"),
        "brand:positioning-list",
        group="brand",
        order=85,
    ),
    NavItem("brand-toolkit", _("Promotion toolkit"), "brand:toolkit-list", group="brand", order=86),
    NavItem("brand-plans", _("Promotion plans"), "brand:plan-list", group="brand", order=87),
    NavItem(
        "brand-evaluation",
        _("Brand evaluation"),
        "brand:evaluation",
        group="brand",
        order=88,
        permission="brand.survey_view",
    ),
]
