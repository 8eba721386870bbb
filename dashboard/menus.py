"""The dashboard is the first item of the navigation for the people it is for; the monthly
report is next to it."""

from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

NAV = [
    NavItem("dashboard", _("Dashboard"), "dashboard:index", order=0, permission="dashboard.view"),
    NavItem(
        "dashboard-reports",
        _("Monthly report"),
        "dashboard:report-list",
        order=3,
        permission="dashboard.report_view",
    ),
]
