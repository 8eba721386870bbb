"""The approval queue's own rows of the permission matrix and its hostile forms (the queue,
decisions and submissions themselves are in core/tests/matrix.py, whose build() makes
world.north_approval and world.east_approval)."""

from hypothesis import strategies as st

from approvals.models import ApprovalRequest, ApprovalStep, Decision
from tests.hostile import HOSTILE_IDS, HostileForm, choice, text
from tests.matrix import Row
from tests.testapp.models import Memo

ROWS = [
    # The queue filtered by document type: every signed-in person (an empty queue for most).
    Row("approvals:queue", query="?type=testapp.memo"),
    Row("approvals:queue", query="?type=no.such-type"),
    Row("approvals:bulk-approve", method="get", default=405),
]


def _approvals_of(*regions):
    return lambda w: [
        ApprovalRequest.objects.filter(region__in=[getattr(w, r) for r in regions]),
        ApprovalStep.objects.filter(request__region__in=[getattr(w, r) for r in regions]),
        Memo.objects.filter(region__in=[getattr(w, r) for r in regions]),
    ]


def _selection(world) -> st.SearchStrategy:
    """Lists of "<approval id>:<step>" ticks: the person's own, another region's, nobody's, and
    hostile text."""
    good = [f"{world.north_approval.pk}:1", f"{world.east_approval.pk}:1"]
    tick = st.one_of(
        st.sampled_from(good),
        st.sampled_from(
            [f"{v}:1" for v in HOSTILE_IDS]
            + [f"{world.north_approval.pk}:{v}" for v in HOSTILE_IDS]
        ),
        text(),
    )
    return st.lists(tick, max_size=6)


HOSTILE_FORMS = [
    HostileForm(
        "approvals: approve selected (manager)",
        persona="north_manager",
        url="approvals:bulk-approve",
        fields={"item": _selection, "next": text()},
        guard=_approvals_of("east", "south"),  # may approve the North request, nothing else
    ),
    HostileForm(
        "approvals: approve selected (submitter)",
        persona="north_rep",
        url="approvals:bulk-approve",
        fields={"item": _selection, "next": text()},
        guard=_approvals_of("north", "east", "south"),  # cannot approve their own request
    ),
    HostileForm(
        "approvals: decide inline (htmx)",
        persona="north_manager",
        url=("approvals:request-decide", lambda w: [w.north_approval.pk, w.east_approval.pk]),
        fields={
            "decision": choice(Decision.values),
            "reason": text(),
            "step": text(),
            "next": text(),
        },
        headers={"HX-Request": "true"},
        guard=_approvals_of("east", "south"),
    ),
]
