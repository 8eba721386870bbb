"""What information management shows in the navigation."""

from django.utils.translation import gettext_lazy as _

from core.nav import NavGroup, NavItem

NAV_GROUPS = [NavGroup("information", _("Information"), order=80)]

NAV = [
    NavItem(
        "information-forms",
        _("Information forms"),
        "information:form-list",
        group="information",
        order=80,
        permission="information.forms_view",
    ),
    NavItem(
        "information-late",
        _("Late and missing forms"),
        "information:lateness",
        group="information",
        order=81,
        permission="information.lateness_view",
    ),
    NavItem(
        "information-consolidation",
        _("Consolidation"),
        "information:consolidation",
        group="information",
        order=82,
        permission="information.consolidate",
    ),
    NavItem(
        "information-digests",
        _("Intelligence digests"),
        "information:digest-list",
        group="information",
        order=83,
    ),
    NavItem(
        "information-search",
        _("Search intelligence"),
        "information:search",
        group="information",
        order=84,
        permission="information.search",
    ),
    NavItem(
        "information-plan",
        _("Information plan"),
        "information:plan-list",
        group="information",
        order=85,
    ),
]
