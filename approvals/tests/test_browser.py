"""The approval queue in Chromium, at desk and phone size: an inline rejection refused for want
of a reason and then made, the badge and count following; "Approve selected" with one item
that fails; the type filter; the page at 390 px."""

from decimal import Decimal

import pytest

from approvals.models import ApprovalRequest, State
from approvals.services import approval_decide, approval_open, approval_submit
from tests.browser import PHONE, has_horizontal_scroll, login, nav_go, screenshot
from tests.factories import PASSWORD, SPEC_BANDS, authority, build_org
from tests.testapp.models import Memo

REASON_ERROR = "Give a reason when you reject or return a document."

# Everything in the page's main part that reaches past the right edge of the screen.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) found.push("page");
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) found.push(`${el.tagName}.${el.className}`);
  }
  return found.slice(0, 10);
}"""


def memos(org, *titles):
    authority("testapp.memo", SPEC_BANDS)
    result = []
    for title in titles:
        memo = Memo.objects.create(
            title=title, region=org.north, amount=Decimal("1200"), author=org.north_rep
        )
        approval_open(document=memo, actor=org.north_rep)
        result.append(approval_submit(document=memo, actor=org.north_rep))
    return result


def badge(page) -> str:
    """The menu's queue badge as the person sees it: the desk menu, or on a phone the menu's."""
    root = ".nav-wide" if page.locator(".nav-wide").is_visible() else ".nav-toggle"
    locator = page.locator(f"{root} [data-badge=queue]")
    return locator.text_content().strip() if locator.get_attribute("hidden") is None else ""


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_inline_reject_without_reason_then_with_reason(request, screen):
    page = request.getfixturevalue(screen)
    org = build_org()
    first, second = memos(org, "Trip to Tianjin", "Trip to Dalian")
    login(page, "north_manager", PASSWORD)
    nav_go(page, "queue")
    page.wait_for_url("**/approvals/")
    assert badge(page) == "2" and page.get_by_test_id("queue-count").inner_text() == "2"

    page.get_by_test_id(f"reject-{second.pk}").click()
    error = page.get_by_test_id(f"reason-error-{second.pk}")
    error.wait_for()
    assert error.inner_text() == REASON_ERROR
    # The item answered, not a copy of the page: one header, one menu, both items once.
    assert page.locator("header").count() == 1 and page.locator(".mainnav").count() == 1
    assert page.get_by_test_id("queue-item").count() == 2
    assert page.locator(f"#approval-{second.pk}").get_by_text("Trip to Dalian").is_visible()
    reason = page.get_by_test_id(f"reason-{second.pk}")
    assert reason.evaluate("el => el === document.activeElement")
    assert ApprovalRequest.objects.get(pk=second.pk).state == State.SUBMITTED
    if screen == "phone_page":
        assert not page.evaluate(OVERFLOW_JS)
    screenshot(page, f"queue-reject-refused-{screen}")

    reason.fill("No receipt for the hotel")
    page.get_by_test_id(f"reject-{second.pk}").click()
    page.locator(f"#approval-{second.pk} .state-rejected").wait_for()
    message = page.locator(f"#approval-{second.pk} [data-testid=queue-item-message]")
    assert message.inner_text() == "Trip to Dalian: Rejected."
    assert "No receipt for the hotel" in page.locator(f"#approval-{second.pk}").inner_text()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=queue-count]').textContent === '1'"
    )
    assert badge(page) == "1"
    assert page.locator("header").count() == 1
    assert ApprovalRequest.objects.get(pk=second.pk).state == State.REJECTED
    screenshot(page, f"queue-rejected-{screen}")

    # The message belonged to the queue; the next page does not repeat it.
    page.goto("/approvals/mine/")
    assert page.locator(".messages").count() == 0
    page.goto("/approvals/")
    assert page.locator(".messages").count() == 0
    assert page.get_by_test_id("queue-item").count() == 1


def test_approve_selected_with_one_that_fails(page):
    org = build_org()
    items = memos(org, "Memo A", "Memo B", "Memo C")
    login(page, "north_manager", PASSWORD)
    page.goto("/approvals/")
    page.get_by_test_id("select-all").check()  # shown by the page's script
    assert all(page.get_by_test_id(f"select-{a.pk}").is_checked() for a in items)
    # Meanwhile Memo B is returned from its own page (another tab).
    approval_decide(request=items[1], actor=org.north_manager, decision="return", reason="Call")
    page.get_by_test_id("bulk-approve").click()
    page.wait_for_load_state()
    messages = page.locator(".messages").inner_text()
    assert "2 documents approved." in messages
    assert "Memo B: not approved — This document has already been decided" in messages
    states = dict(ApprovalRequest.objects.values_list("title", "state"))
    assert states == {
        "Memo A": State.APPROVED,
        "Memo B": State.RETURNED,
        "Memo C": State.APPROVED,
    }
    assert page.get_by_test_id("queue-item").count() == 0
    assert badge(page) == ""
    screenshot(page, "queue-approve-selected")


def test_the_queue_on_a_phone_with_every_preview_and_the_type_filter(phone_page):
    from approvals.tests.mixed import MixedQueue

    page = phone_page
    org = build_org()
    mixed = MixedQueue(org)
    for kind in MixedQueue.KINDS:
        mixed.add(kind)
    memos(org, "Reisekostenabrechnungsgenehmigungsverfahrensbeschleunigung" + "X" * 40)
    login(page, "north_manager", PASSWORD)
    page.goto("/approvals/")
    assert page.viewport_size == PHONE
    assert page.get_by_test_id("queue-item").count() == 5
    assert page.get_by_test_id("approval-preview").count() == 4
    assert not has_horizontal_scroll(page)
    assert page.evaluate(OVERFLOW_JS) == []
    # Every decision button is on the screen's width and can be pressed.
    buttons = page.locator(".queue-item .decide-form button")
    assert buttons.count() == 15
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    screenshot(page, "queue-phone-previews")

    # The filter: choosing a type shows its items and their number (the select sends itself).
    page.get_by_test_id("queue-type").select_option("budgets.expense")
    page.wait_for_url("**/approvals/?type=budgets.expense")
    assert page.get_by_test_id("queue-item").count() == 1
    assert page.get_by_test_id("queue-count").inner_text() == "1"
    assert page.get_by_test_id("preview-expense").is_visible()
    assert page.evaluate(OVERFLOW_JS) == []
