"""What technical support shows in the navigation, on the home page and on the customer and
project pages."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem
from customers.sections import RowColumn, TimelineSource

from . import selectors

NAV_GROUPS = [NavGroup("techsupport", _("Tech support"), order=40)]

NAV = [
    NavItem(
        "techsupport-queue",
        _("Tech support queue"),
        "techsupport:queue",
        group="techsupport",
        order=40,
        permission="techsupport.request_accept",
        badge=selectors.support_queue_badge,
    ),
    NavItem(
        "techsupport-requests",
        _("Support requests"),
        "techsupport:request-list",
        group="techsupport",
        order=41,
        permission="techsupport.requests_view",
        badge=selectors.support_awaiting_rating_badge,
    ),
    NavItem(
        "techsupport-platforms",
        _("Platform tech info"),
        "techsupport:platform-list",
        group="techsupport",
        order=42,
        permission="techsupport.platform_info_view",
    ),
    NavItem(
        "techsupport-library",
        _("Technical library"),
        "techsupport:library-list",
        group="techsupport",
        order=43,
    ),
]

HOME_PANELS = [
    HomePanel(
        "techsupport-queue",
        "techsupport/_home_queue.html",
        selectors.support_queue_counts,
        permission="techsupport.request_accept",
        order=30,
    ),
    HomePanel(
        "techsupport-to-rate",
        "techsupport/_home_to_rate.html",
        selectors.support_home_to_rate,
        permission="techsupport.request_create",
        order=31,
    ),
]

# Each customer platform is shown once, with its technical data beside it; each project stage
# shows the deliverables recorded for it beside the ones it expects.
PLATFORM_COLUMNS = [
    RowColumn(
        key="techsupport-platform-info",
        label=_("Technical data"),
        template="techsupport/_platform_info_cell.html",
        footer="techsupport/_platform_info_footer.html",
        values=selectors.customer_platform_column,
        order=30,
    )
]
STAGE_COLUMNS = [
    RowColumn(
        key="techsupport-deliverables",
        label=_("Delivered"),
        template="techsupport/_stage_deliverables_cell.html",
        footer="techsupport/_stage_deliverables_footer.html",
        values=selectors.project_stage_column,
        order=30,
    )
]
TIMELINE = [
    TimelineSource(key="techsupport-deliverables", entries=selectors.deliverable_timeline),
    TimelineSource(key="techsupport-requests", entries=selectors.request_timeline),
]
