"""The director opens the KPI ranking, drills into a rep's visit reports down to the late
visit, then approves the bonus sheet; the general manager gives the final approval and the
sheet turns read-only."""

from approvals.services import approval_for, approval_submit
from performance import services
from performance.models import BonusSheet
from tests.browser import login, screenshot
from tests.factories import PASSWORD, build_org

from .world import JANUARY, january_world


def test_director_ranks_drills_down_and_approves_the_bonus_sheet(page, new_page):
    org = build_org()
    january_world(org)
    services.kpi_compute(month=JANUARY)
    sheet = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=1)
    approval_submit(document=sheet, actor=org.mktadmin)

    login(page, "director", PASSWORD)
    page.goto("/performance/ranking/?month=2026-01-01")
    assert page.get_by_test_id("ranking-row").count() >= 5
    page.get_by_role("link", name="north_rep", exact=True).click()
    page.locator("[data-formula=visits_on_time] a").click()
    late = page.get_by_test_id("late-visit")
    assert late.count() == 1 and "2026-01-20" in late.inner_text()
    screenshot(page, "performance-late-visits")

    page.goto(sheet.get_absolute_url())
    page.get_by_test_id(f"approve-{approval_for(sheet).pk}").click()
    page.wait_for_load_state()
    sheet.refresh_from_db()
    assert sheet.status == "submitted" and approval_for(sheet).step == 2

    gm = new_page()
    login(gm, "gm", PASSWORD)
    gm.goto(sheet.get_absolute_url())
    gm.get_by_test_id(f"approve-{approval_for(sheet).pk}").click()
    gm.wait_for_load_state()
    assert BonusSheet.objects.get(pk=sheet.pk).status == "approved"
    gm.goto(sheet.get_absolute_url())
    assert gm.get_by_test_id("read-only").count() == 1
