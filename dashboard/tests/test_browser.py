"""The director opens the dashboard at a desk and on a phone: the charts draw, nothing
scrolls sideways on the phone, a region's sales drill down to its order lines and a region's
target to planning's tracking page."""

from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from .factories import PRICE_MONTH, build_targets


def test_director_dashboard_on_a_desk_and_a_phone(page, phone_page):
    world = build_targets(build_org())
    for browser_page, name in ((page, "desk"), (phone_page, "phone")):
        login(browser_page, "director", PASSWORD)
        browser_page.goto(f"/dashboard/?month={PRICE_MONTH}")
        browser_page.wait_for_selector("canvas[data-chart='chart-sales'][data-drawn='1']")
        browser_page.wait_for_selector("canvas[data-chart='chart-targets'][data-drawn='1']")
        for panel in ("sales", "targets", "kpis", "funnel", "budget", "prices"):
            assert browser_page.get_by_test_id(f"panel-{panel}").is_visible()
        if name == "phone":
            assert not has_horizontal_scroll(browser_page)
        screenshot(browser_page, f"dashboard-director-{name}")
    # From the north's sales of the month to the order lines behind them.
    page.get_by_test_id("sales-regions").get_by_role("link", name="North").first.click()
    page.wait_for_selector("[data-testid=drill-row]")
    assert world.north_order.number in page.inner_text("body")
    assert world.east_order.number not in page.inner_text("body")
    # From the north's current target of the month to planning's tracking page of the region.
    page.goto(f"/dashboard/?month={PRICE_MONTH}")
    north = (
        page.get_by_test_id("targets-regions")
        .get_by_test_id("targets-region-row")
        .filter(has_text="North")
    )
    north.get_by_test_id("current-revenue").click()
    page.wait_for_url("**/planning/tracking/**")
    assert f"region={world.org.north.pk}" in page.url
    assert "150,000" in page.inner_text("body")
