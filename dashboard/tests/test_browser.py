"""The director opens the dashboard at a desk and on a phone: the charts draw, nothing
scrolls sideways on the phone, and a region's sales drill down to its order lines."""

from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from .factories import PRICE_MONTH, build


def test_director_dashboard_on_a_desk_and_a_phone(page, phone_page):
    world = build(build_org())
    for browser_page, name in ((page, "desk"), (phone_page, "phone")):
        login(browser_page, "director", PASSWORD)
        browser_page.goto(f"/dashboard/?month={PRICE_MONTH}")
        browser_page.wait_for_selector("canvas[data-chart='chart-sales'][data-drawn='1']")
        for panel in ("sales", "funnel", "budget", "prices"):
            assert browser_page.get_by_test_id(f"panel-{panel}").is_visible()
        if name == "phone":
            assert not has_horizontal_scroll(browser_page)
        screenshot(browser_page, f"dashboard-director-{name}")
    # From the north's sales of the month to the order lines behind them.
    page.get_by_test_id("sales-regions").get_by_role("link", name="North").first.click()
    page.wait_for_selector("[data-testid=drill-row]")
    assert world.north_order.number in page.inner_text("body")
    assert world.east_order.number not in page.inner_text("body")
