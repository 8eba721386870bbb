"""A rep on a phone claims expenses: an over-budget claim is refused with the figures; one
that fits goes to the region manager, who approves it; finance marks it paid."""

from approvals.services import approval_for
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from ..models import ExpenseClaim, Status
from .factories import approved_line, categories, rules

RECEIPT = {"name": "taxi.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 taxi receipt"}


def _claim(page, title, amount):
    page.goto("/budgets/claims/new/")
    page.fill("input[name=title]", title)
    page.get_by_test_id("create-claim").click()
    page.wait_for_selector("[data-testid=line-form]")
    page.select_option("select[name=category]", label="Travel")
    page.fill("input[name=amount]", amount)
    page.set_input_files("input[name=receipts]", files=[RECEIPT])
    page.get_by_test_id("add-line").click()
    page.wait_for_selector("[data-testid=claim-line]")
    assert "taxi.pdf" in page.get_by_test_id("claim-line").inner_text()
    page.get_by_test_id("submit-approval").click()
    page.wait_for_load_state()


def test_rep_claims_on_a_phone_manager_approves_finance_pays(phone_page, new_page):
    org = build_org()
    categories()
    rules()
    approved_line(region=org.north, amount="1000", owner=org.north_manager)
    page = phone_page
    login(page, "north_rep", PASSWORD)

    _claim(page, "Beijing auto show", "1500")
    refusal = page.locator(".msg-error").inner_text()
    assert (
        "Over budget" in refusal
        and "budget 1,000.00" in refusal
        and "this claim 1,500.00" in refusal
    )
    assert not has_horizontal_scroll(page)
    screenshot(page, "budgets-claim-refused-phone")
    assert ExpenseClaim.objects.get(title="Beijing auto show").status == Status.DRAFT

    _claim(page, "Tianjin customer visit", "400")
    assert "Submitted for approval" in page.inner_text("body")
    claim = ExpenseClaim.objects.get(title="Tianjin customer visit")
    assert claim.status == Status.SUBMITTED

    manager = new_page()
    login(manager, "north_manager", PASSWORD)
    manager.goto("/approvals/")
    manager.get_by_test_id(f"approve-{approval_for(claim).pk}").click()
    manager.wait_for_selector(".queue-item .state-approved")
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED

    finance = new_page()
    login(finance, "finance", PASSWORD)
    finance.goto(claim.get_absolute_url())
    finance.on("dialog", lambda dialog: dialog.accept())
    finance.get_by_test_id("mark-paid").click()
    finance.wait_for_selector(".msg-success")
    claim.refresh_from_db()
    assert claim.status == Status.PAID
    screenshot(finance, "budgets-claim-paid")
