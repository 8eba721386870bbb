"""What the approval mechanism shows elsewhere: the queue and "my submissions" in the
navigation, and both on the home page."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavItem

from .selectors import approval_queue, approval_queue_count, approval_recent_decisions


def _queue_panel(user) -> dict:
    queue = list(approval_queue(user=user)[:5])
    return {"queue": queue}


def _decisions_panel(user) -> dict:
    return {"decisions": approval_recent_decisions(user=user)}


NAV = [
    NavItem(
        "queue",
        _("Waiting for me"),
        "approvals:queue",
        order=1,
        badge=lambda user: approval_queue_count(user=user),
        permission="approvals.queue_view",
    ),
    NavItem("mine", _("My submissions"), "approvals:mine", order=2),
]

HOME_PANELS = [
    HomePanel(
        "approvals-queue",
        "approvals/_home_queue.html",
        _queue_panel,
        permission="approvals.queue_view",
        order=1,
    ),
    HomePanel("approvals-decisions", "approvals/_home_decisions.html", _decisions_panel, order=2),
]
