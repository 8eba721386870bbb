"""The foundation in a real browser: every role's home and navigation, the language switch,
an approval from the queue seen by its submitter, and a phone-sized screen."""

from decimal import Decimal

import pytest

from approvals.services import approval_open, approval_submit
from tests.browser import PHONE, has_horizontal_scroll, login, nav_go, screenshot
from tests.factories import PASSWORD, PERSONAS, SPEC_BANDS, authority, build_org
from tests.testapp.models import Memo

# What each role must find in its navigation.
NAV = {
    "north_rep": ["home", "mine"],
    "north_manager": ["home", "queue", "mine"],
    "tech": ["home", "queue", "mine"],
    "mktadmin": ["home", "queue", "mine"],
    "finance": ["home", "queue", "mine"],
    "director": ["home", "queue", "mine"],
    "gm": ["home", "queue", "mine"],
    "exec": ["home", "queue", "mine"],
}


@pytest.mark.parametrize("persona", sorted(NAV))
def test_each_role_signs_in_and_sees_its_home_and_navigation(page, persona):
    build_org()
    username = PERSONAS[persona][0]
    login(page, username, PASSWORD)
    assert page.get_by_test_id("home-title").is_visible()
    for key in NAV[persona]:
        assert page.locator(f".nav-wide [data-nav={key}]").is_visible(), key
    if "queue" not in NAV[persona]:
        assert page.locator(".nav-wide [data-nav=queue]").count() == 0
    screenshot(page, f"home-{persona}")


def test_language_switch_turns_the_page_chinese_and_back(page):
    build_org()
    login(page, "north_manager", PASSWORD)
    assert "Waiting for me" in page.inner_text("body")
    page.get_by_test_id("lang-zh").click()
    page.wait_for_selector("[data-testid=lang-en]")
    assert "待我审批" in page.inner_text("body")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "home-north_manager-zh")
    page.get_by_test_id("lang-en").click()
    page.wait_for_selector("[data-testid=lang-zh]")
    assert "Waiting for me" in page.inner_text("body")


def test_manager_approves_from_the_queue_and_the_submitter_sees_the_decision(page, new_page):
    org = build_org()
    authority("testapp.memo", SPEC_BANDS)
    memo = Memo.objects.create(
        title="Trip to Tianjin", region=org.north, amount=Decimal("2300"), author=org.north_rep
    )
    approval_open(document=memo, actor=org.north_rep)
    approval = approval_submit(document=memo, actor=org.north_rep)

    login(page, "north_manager", PASSWORD)
    assert page.locator(".nav-wide [data-testid=badge-queue]").inner_text() == "1"
    page.click(".nav-wide [data-nav=queue]")
    item = page.get_by_test_id("queue-item")
    assert "Trip to Tianjin" in item.inner_text()
    page.get_by_test_id(f"approve-{approval.pk}").click()
    page.wait_for_selector(".queue-item .state-approved")

    rep = new_page()
    login(rep, "north_rep", PASSWORD)
    decisions = rep.get_by_test_id("panel-decisions").inner_text()
    assert "Trip to Tianjin" in decisions and "Approved" in decisions
    rep.click(".nav-wide [data-nav=mine]")
    assert "Approved" in rep.get_by_test_id("mine-row").inner_text()


def test_phone_screen_navigation_and_form_are_usable(phone_page):
    build_org()
    page = phone_page
    page.goto("/login/")
    assert not has_horizontal_scroll(page)
    login(page, "north_manager", PASSWORD)
    assert page.viewport_size == PHONE
    assert not page.locator(".nav-wide").is_visible()
    nav_go(page, "mine")
    page.wait_for_url("**/approvals/mine/")
    assert not has_horizontal_scroll(page)
    page.goto("/password/")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", "A-much-longer-pass-2026")
    page.fill("input[name=new_password2]", "A-much-longer-pass-2026")
    assert not has_horizontal_scroll(page)
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/done/")
    screenshot(page, "phone-password-changed")


def test_the_menu_is_grouped_by_process_and_sign_out_is_in_the_header(page, phone_page):
    """Twenty links in a row became one entry per process; each person sees only the groups
    they use (finance no tech support queue), and signs out from the header."""
    build_org()
    login(page, "north_rep", PASSWORD)
    groups = page.locator(".nav-wide details.navgroup-menu > summary").all_inner_texts()
    # In the order of the source's chain: plan, then the processes, then pay for results.
    assert [g.strip() for g in groups][:6] == [
        "Planning",
        "Customers",
        "Orders and sales",
        "Pricing",
        "Tech support",
        "Budgets",
    ]
    assert not page.locator(".nav-wide [data-nav=pricing-quotes]").is_visible()
    nav_go(page, "pricing-quotes")
    page.wait_for_url("**/pricing/quotes/")
    # The group holding the page is marked as the current one.
    assert page.locator(".nav-wide details[data-nav-group=pricing] > summary").get_attribute(
        "aria-current"
    )
    assert page.locator(".nav-wide [data-nav=techsupport-queue]").count() == 0
    screenshot(page, "nav-groups-rep")
    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/login/**")

    login(phone_page, "finance", PASSWORD)
    phone_page.click(".nav-toggle > summary")
    titles = phone_page.locator(".nav-toggle .navgroup-title").all_inner_texts()
    assert "Tech support" in titles and "Budgets" in titles
    assert phone_page.locator(".nav-toggle [data-nav=techsupport-queue]").count() == 0
    assert not has_horizontal_scroll(phone_page)
    screenshot(phone_page, "nav-groups-finance-phone")
