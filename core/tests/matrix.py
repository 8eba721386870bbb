from approvals.services import approval_open, approval_submit
from tests.factories import SPEC_BANDS, authority
from tests.matrix import Row
from tests.testapp.models import Memo


def build(world):
    authority("testapp.memo", SPEC_BANDS)
    memo = Memo.objects.create(title="North memo", region=world.north, amount=100, author=world.north_rep)
    approval_open(document=memo, actor=world.north_rep)
    world.north_approval = approval_submit(document=memo, actor=world.north_rep)


ROWS = [
    Row("core:home"),
    Row("login", default=302, anonymous=200),  # signed-in people are sent home
    Row("logout", method="post", default=302, anonymous=302),
    Row("password_change"),
    Row("password_change_done"),
    Row("set_language", method="post", default=302, anonymous=302, data=lambda w: {"language": "en"}),
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
