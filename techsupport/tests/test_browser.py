"""A rep asks tech support for help on a phone, tech support accepts it from the queue and
delivers it, and the rep rates the help."""

from datetime import timedelta

from django.utils import timezone

from techsupport.models import RequestState, SupportRequest
from tests.browser import PHONE, has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from . import factories as f


def test_rep_asks_tech_support_delivers_rep_rates(new_page):
    org = build_org()
    customer = f.customer(org.north, owner=org.north_rep)
    f.project(customer, owner=org.north_rep)

    rep = new_page(PHONE)
    login(rep, "north_rep", PASSWORD)
    rep.goto("/techsupport/requests/")
    rep.get_by_test_id("ask-help").click()
    rep.select_option("select[name=customer]", str(customer.pk))
    rep.select_option("select[name=request_type]", "test")
    rep.fill("textarea[name=need]", "Back-pressure test of the new manifold catalyst")
    rep.fill("input[name=wanted_by]", (timezone.localdate() + timedelta(days=7)).isoformat())
    assert not has_horizontal_scroll(rep)
    rep.get_by_test_id("send-request").click()
    rep.wait_for_selector("[data-testid=request-state]")
    assert "New" in rep.get_by_test_id("request-state").inner_text()
    request = SupportRequest.objects.get()

    tech = new_page()
    login(tech, "tech", PASSWORD)
    assert tech.get_by_test_id("count-new").inner_text() == "1"
    tech.goto("/techsupport/")
    tech.get_by_test_id("accept-mine").click()
    tech.wait_for_selector(f"#support-{request.pk} >> text=Accepted")
    screenshot(tech, "techsupport-queue-accepted")
    tech.goto(f"/techsupport/requests/{request.pk}/")
    tech.fill("textarea[name=notes]", "Measured 22 kPa at rated power; report attached.")
    tech.get_by_test_id("deliver").click()
    tech.wait_for_selector("[data-testid=delivery]")

    rep.goto("/")
    rep.locator("[data-testid=panel-techsupport-to-rate] a", has_text=f"#{request.pk}").click()
    rep.check("input[name=rating][value='4']")
    rep.fill("textarea[name=comment]", "Clear report")
    rep.get_by_test_id("rate").click()
    rep.wait_for_selector("[data-testid=rating]")
    assert "4/5" in rep.get_by_test_id("rating").inner_text()
    screenshot(rep, "techsupport-request-rated-phone")
    request.refresh_from_db()
    assert (request.state, request.rating, request.assignee) == (RequestState.RATED, 4, org.tech)


def test_rep_corrects_a_deliverable_from_the_project_page_on_a_phone(new_page):
    from customers.models import ProjectStage
    from customers.services import project_stages_ensure
    from techsupport.models import StageDeliverable

    org = build_org()
    customer = f.customer(org.north, owner=org.north_rep)
    project = f.project(customer, owner=org.north_rep)
    project_stages_ensure(project=project)
    ProjectStage.objects.filter(project=project, stage="test_plan").update(
        expected_deliverables="试验计划（签字版）"
    )
    deliverable = f.deliverable(project, by=org.north_rep)

    rep = new_page(PHONE)
    login(rep, "north_rep", PASSWORD)
    rep.goto(f"/customers/projects/{project.pk}/")
    assert "试验计划（签字版）" in rep.get_by_test_id("expected-test_plan").inner_text()
    cell = rep.get_by_test_id("techsupport-deliverables-test_plan")
    assert "Test plan v1" in cell.inner_text()
    assert not has_horizontal_scroll(rep)
    # On a phone each stage is a card: the delivered column is on screen, not off to the right.
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Delivered" in cell.evaluate("e => getComputedStyle(e, '::before').content")
    screenshot(rep, "techsupport-project-stages-expected-delivered-phone")
    cell.get_by_role("link", name="Edit").click()
    rep.fill("input[name=title]", "Test plan v2 (signed)")
    assert not has_horizontal_scroll(rep)
    rep.get_by_test_id("save-deliverable").click()
    rep.wait_for_selector("text=Deliverable saved.")
    deliverable.refresh_from_db()
    assert deliverable.title == "Test plan v2 (signed)" and deliverable.edited_by == org.north_rep
    assert StageDeliverable.objects.count() == 1
