"""The customers app in a real browser: a rep logs a visit on a phone and the region manager
approves it; the director opens the classification grid and drills into one customer."""

import re
from datetime import timedelta

from django.utils import timezone

from approvals.models import State
from approvals.services import approval_for
from customers.models import ClassificationCriterion, Visit
from customers.services import customer_classify
from tests.browser import DESKTOP, has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from .factories import make_customer


def test_rep_logs_a_visit_on_a_phone_and_the_manager_approves_it(phone_page, new_page):
    org = build_org()
    customer = make_customer(
        org.north,
        owner=org.north_rep,
        name="北岳汽车集团有限公司",
        name_en="Beiyue Automobile Group",
    )
    page = phone_page
    login(page, "north_rep", PASSWORD)
    assert page.get_by_test_id("panel-rep-day").is_visible()
    page.goto("/customers/visits/new/")
    page.select_option("select[name=customer]", str(customer.pk))
    page.fill("input[name=purpose]", "技术交流")
    page.fill("textarea[name=key_needs]", "国六b 起燃温度")
    page.fill("textarea[name=next_steps]", "提交技术方案")
    page.fill("input[name=next_step_due]", (timezone.localdate() + timedelta(days=3)).isoformat())
    assert not has_horizontal_scroll(page)
    screenshot(page, "customers-visit-form-phone")
    page.get_by_test_id("visit-save").click()
    page.wait_for_url(re.compile(r"/customers/visits/\d+/$"))
    assert "技术交流" in page.inner_text("[data-testid=visit-report]")
    assert not has_horizontal_scroll(page)
    visit = Visit.objects.get()
    approval = approval_for(visit)
    assert approval.state == State.SUBMITTED

    manager = new_page(DESKTOP)
    login(manager, "north_manager", PASSWORD)
    manager.goto(visit.get_absolute_url())
    manager.get_by_test_id(f"approve-{approval.pk}").click()
    manager.wait_for_load_state()
    approval.refresh_from_db()
    assert approval.state == State.APPROVED and approval.decided_by == org.north_manager
    screenshot(manager, "customers-visit-approved")


def test_director_opens_the_grid_and_drills_into_a_customer(page):
    org = build_org()
    year = timezone.localdate().year
    criteria = list(ClassificationCriterion.objects.filter(active=True))
    for name, name_en, region, a, likelihood in [
        ("北岳汽车", "Beiyue Motor", org.north, 9, 8),
        ("申江汽车", "Shenjiang Motor", org.east, 3, 8),
        ("岭南动力", "Lingnan Power", org.south, 8, 2),
    ]:
        customer = make_customer(region, name=name, name_en=name_en)
        values = {c.pk: (a if c.axis == "attractiveness" else likelihood) for c in criteria}
        customer_classify(customer=customer, year=year, values=values, actor=org.director)
    login(page, "director", PASSWORD)
    page.goto("/customers/grid/")
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart]').dataset.drawn === '1'"
    )
    assert page.get_by_test_id("count-A").inner_text() == "1"
    screenshot(page, "customers-grid-director")
    page.click("main details summary")
    page.click("text=申江汽车")
    page.wait_for_url(re.compile(r"/customers/\d+/$"))
    assert page.get_by_test_id("customer-name").inner_text().startswith("申江汽车")
    page.get_by_test_id("lang-zh").click()
    page.wait_for_selector("[data-testid=lang-en]")
    assert "时间线" in page.inner_text("body")
    screenshot(page, "customers-customer-page-zh")


def test_rep_starts_a_project_on_a_phone_for_one_of_the_customers_platforms(phone_page):
    from customers.models import DevelopmentProject, Platform

    org = build_org()
    customer = make_customer(org.north, owner=org.north_rep, name="北岳汽车集团有限公司")
    listed = Platform.objects.create(customer=customer, name="BY-2.0T GDI")
    Platform.objects.create(customer=make_customer(org.north), name="OTHER-1.5T")
    page = phone_page
    login(page, "north_rep", PASSWORD)
    page.goto(customer.get_absolute_url())
    page.click(f"a[href='/customers/projects/new/?customer={customer.pk}']")
    page.wait_for_selector("[data-testid=project-form]")
    options = page.locator("select[name=platform] option").all_inner_texts()
    assert "BY-2.0T GDI" in options and "OTHER-1.5T" not in options
    page.fill("input[name=name]", "北岳 2.0T 国六b 配套")
    page.select_option("select[name=platform]", str(listed.pk))
    assert not has_horizontal_scroll(page)
    screenshot(page, "customers-project-form-phone")
    page.click("[data-testid=project-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/customers/projects/\d+/$"))
    assert page.get_by_test_id("project-platform").inner_text() == "BY-2.0T GDI"
    assert DevelopmentProject.objects.get().platform == listed
    page.goto("/customers/projects/")
    assert "BY-2.0T GDI" in page.inner_text("[data-testid=project-table]")
    assert not has_horizontal_scroll(page)
