from hypothesis import strategies as st

from approvals.models import ApprovalRequest, ApprovalStep, Decision
from approvals.services import approval_open, approval_submit
from regions.models import User
from tests.factories import SPEC_BANDS, authority
from tests.hostile import HostileForm, choice, text
from tests.matrix import EVERYONE, ActionRow, Row
from tests.testapp.models import Memo


def build(world):
    authority("testapp.memo", SPEC_BANDS)
    memo = Memo.objects.create(
        title="North memo", region=world.north, amount=100, author=world.north_rep
    )
    approval_open(document=memo, actor=world.north_rep)
    world.north_approval = approval_submit(document=memo, actor=world.north_rep)
    east_memo = Memo.objects.create(
        title="East memo", region=world.east, amount=100, author=world.east_rep
    )
    approval_open(document=east_memo, actor=world.east_rep)
    world.east_approval = approval_submit(document=east_memo, actor=world.east_rep)


ROWS = [
    Row("core:home"),
    Row("login", default=302, anonymous=200),  # signed-in people are sent home
    Row("logout", method="post", default=302, anonymous=302),
    Row("password_change"),
    Row("password_change_done"),
    Row(
        "set_language", method="post", default=302, anonymous=302, data=lambda w: {"language": "en"}
    ),
    Row("approvals:queue"),
    Row("approvals:mine"),
    Row(
        "approvals:request-detail",
        kwargs=lambda w: {"pk": w.north_approval.pk},
        # the submitter, the region's manager, the approver and company-wide roles
        expect={"east_manager": 404, "tech": 404, "finance": 404},
    ),
    Row(
        "approvals:request-decide",
        kwargs=lambda w: {"pk": w.north_approval.pk},
        method="get",
        default=405,
    ),
    Row(
        "approvals:request-submit",
        kwargs=lambda w: {"pk": w.north_approval.pk},
        method="get",
        default=405,
    ),
]


def _approvals_of(*regions):
    return lambda w: [
        ApprovalRequest.objects.filter(region__in=[getattr(w, r) for r in regions]),
        ApprovalStep.objects.filter(request__region__in=[getattr(w, r) for r in regions]),
        Memo.objects.filter(region__in=[getattr(w, r) for r in regions]),
    ]


_both = ("approvals:request-decide", lambda w: [w.north_approval.pk, w.east_approval.pk])

HOSTILE_FORMS = [
    HostileForm(
        "login",
        persona="anonymous",
        url="login",
        fields={
            "username": st.one_of(st.sampled_from(["north_rep", "east_manager", "gm"]), text()),
            "password": text(),
            "next": text(),
        },
        guard=lambda w: User.objects.all(),
    ),
    HostileForm(
        "password change",
        persona="north_rep",
        url="password_change",
        fields={"old_password": text(), "new_password1": text(), "new_password2": text()},
        guard=lambda w: User.objects.all(),
    ),
    HostileForm(
        "language switch",
        persona="north_rep",
        url="set_language",
        fields={"language": choice(["en", "zh-hans"]), "next": text()},
        guard=lambda w: User.objects.all(),
    ),
    HostileForm(
        "approvals: decide (manager)",
        persona="north_manager",
        url=_both,
        fields={"decision": choice(Decision.values), "reason": text(), "next": text()},
        guard=_approvals_of("east", "south"),  # may decide the North request, nothing else
    ),
    HostileForm(
        "approvals: decide (submitter)",
        persona="north_rep",
        url=_both,
        fields={"decision": choice(Decision.values), "reason": text(), "next": text()},
        guard=_approvals_of("north", "east", "south"),  # cannot decide their own request
    ),
    HostileForm(
        "approvals: submit",
        persona="north_rep",
        url=("approvals:request-submit", lambda w: [w.north_approval.pk, w.east_approval.pk]),
        fields={"next": text()},
        guard=_approvals_of("east", "south"),
    ),
]


ACTIONS = [
    # Everyone but a sales rep has a "waiting for me" queue.
    ActionRow("approvals.queue_view", allowed=EVERYONE - {"north_rep"}),
]
