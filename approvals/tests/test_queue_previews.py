"""Each queue item previews its document (ApprovalHandler.preview / preview_many), so the
approver decides without opening it: what a visit was for, a claim's lines and what its budget
has left after it, a quote's price against list and floor, an adjustment's old and new price.
The page reads the previews per document type, never per item."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, State
from approvals.registry import handler_for
from approvals.tests.mixed import MixedQueue
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(org):
    return MixedQueue(org)


def item_html(page: str, approval) -> str:
    """The queue item of `approval` in the page."""
    match = re.search(
        rf'<article class="queue-item" id="approval-{approval.pk}".*?</article>', page, re.S
    )
    assert match, f"no queue item for approval {approval.pk}"
    return match.group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_visit_report_previews_its_purpose_needs_and_next_steps(org, mixed, client_for):
    visit = mixed.add_visit(
        purpose="质量问题处理", key_needs="缩短样品交付周期", next_steps="安排样品试制"
    )
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    item = text_of(item_html(page, mixed.approval(visit)))
    assert "Purpose 质量问题处理" in item
    assert "Customer's needs 缩短样品交付周期" in item
    assert "Next steps 安排样品试制" in item


def test_an_expense_claim_previews_its_lines_and_what_the_budget_has_left_after_it(
    org, mixed, client_for
):
    other = mixed.add_claim(amounts=("1500",))  # another claim on the same budget line
    claim = mixed.add_claim(amounts=("300", "200"))
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    item = item_html(page, mixed.approval(claim))
    assert item.count('data-testid="preview-line"') == 2
    assert "Travel" in item and "300.00" in item and "200.00" in item
    # budget 100,000 − other claims 1,500 − this claim 500
    assert "budget 100,000.00, used by other claims 1,500.00, this claim 500.00" in text_of(item)
    assert re.search(r'data-testid="preview-remaining">98,000.00 CNY left after this claim', item)
    # The other claim's own figures count this one among the others.
    other_item = text_of(item_html(page, mixed.approval(other)))
    assert "used by other claims 500.00, this claim 1,500.00" in other_item
    assert "98,000.00 CNY left after this claim" in other_item


def test_a_claim_now_over_budget_says_so_in_its_preview(org, mixed, client_for):
    claim = mixed.add_claim(amounts=("800",))
    # The budget line was cut after the claim was submitted.
    type(mixed.budget_line).objects.filter(pk=mixed.budget_line.pk).update(amount=Decimal("500"))
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    item = item_html(page, mixed.approval(claim))
    assert 'class="preview-budget late"' in item
    assert "over budget by 300.00 CNY" in item


def test_a_quote_previews_its_price_against_list_and_floor(org, mixed, client_for):
    quote = mixed.add_quote(discount="6")
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    item = text_of(item_html(page, mixed.approval(quote)))
    assert f"Unit price {quote.unit_price:,.2f} CNY · 6.00 % below list" in item
    assert f"List price {quote.list_price:,.2f} CNY" in item
    assert f"Floor price {quote.floor_price:,.2f} CNY" in item
    # The approval amount is the discount, in its unit (%), not in CNY.
    assert "Quote below authority band · North · " in item and "· 6.00 %" in item
    assert "6.00 CNY" not in item


def test_a_price_adjustment_previews_old_and_new_price(org, mixed, client_for):
    adjustment = mixed.add_adjustment(discount="5")
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    item = text_of(item_html(page, mixed.approval(adjustment)))
    old, new = adjustment.old_unit_price, adjustment.new_unit_price
    assert f"Unit price {old:,.2f} → {new:,.2f} CNY" in item
    assert f"({new - old:,.2f})" in item
    assert "5.00 % below list" in item and "Reason 竞品压价" in item


def test_a_type_without_a_preview_shows_none(org, client_for):
    from approvals.services import approval_open, approval_submit
    from tests.factories import SPEC_BANDS, authority
    from tests.testapp.models import Memo

    authority("testapp.memo", SPEC_BANDS)
    memo = Memo.objects.create(title="Plain", region=org.north, amount=10, author=org.north_rep)
    approval_open(document=memo, actor=org.north_rep)
    approval_submit(document=memo, actor=org.north_rep)
    assert not handler_for("testapp.memo").has_preview
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    assert "Plain" in page and "approval-preview" not in page


def test_the_preview_is_on_the_request_page_and_in_an_inline_answer(org, mixed, client_for):
    claim = mixed.add_claim(amounts=("250",))
    approval = mixed.approval(claim)
    client = client_for(org.north_manager)
    detail = client.get(reverse("approvals:request-detail", args=[approval.pk])).content.decode()
    assert 'data-testid="preview-expense"' in detail and "250.00" in detail
    refused = client.post(
        reverse("approvals:request-decide", args=[approval.pk]),
        {"decision": "reject", "reason": "", "step": 1},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'data-testid="preview-expense"' in refused and "250.00" in refused


def test_previews_cost_the_same_queries_for_four_items_as_for_twenty(org, mixed, client_for):
    """One item of each of the four types, then twenty of them mixed: the same number of
    queries (the documents and what their previews read are fetched per type, not per item)."""
    client = client_for(org.north_manager)
    mixed.add_mixed(4)
    client.get("/approvals/")  # warm caches (content types, sessions)
    few = count_queries(client, "/approvals/")
    mixed.add_mixed(16)
    page = client.get("/approvals/").content.decode()
    assert page.count('data-testid="queue-item"') == 20
    assert page.count('data-testid="approval-preview"') == 20
    many = count_queries(client, "/approvals/")
    assert few == many, f"{few} queries with 4 items, {many} with 20"


@pytest.mark.parametrize("kind", MixedQueue.KINDS)
def test_previews_of_one_type_cost_the_same_queries_for_one_item_as_for_five(
    org, mixed, client_for, kind
):
    client = client_for(org.north_manager)
    mixed.add(kind)
    client.get("/approvals/")
    one = count_queries(client, "/approvals/")
    for _ in range(4):
        mixed.add(kind)
    assert ApprovalRequest.objects.filter(state=State.SUBMITTED).count() == 5
    assert count_queries(client, "/approvals/") == one


def test_amounts_show_in_their_unit_wherever_the_queue_shows_them(org, mixed, client_for):
    quote = mixed.add_quote(discount="6")
    claim = mixed.add_claim(amounts=("300", "200"))
    client = client_for(org.north_manager)
    quote_approval = mixed.approval(quote)
    pages = {
        "queue": client.get("/approvals/").content.decode(),
        "home": client.get("/").content.decode(),
        "detail": client.get(
            reverse("approvals:request-detail", args=[quote_approval.pk])
        ).content.decode(),
        "fragment": client.post(
            reverse("approvals:request-decide", args=[quote_approval.pk]),
            {"decision": "return", "reason": "", "step": 1},
            headers={"HX-Request": "true"},
        ).content.decode(),
    }
    for name, page in pages.items():
        assert "6.00 %" in page, name
        assert "6.00 CNY" not in page, name
    # The budgets home panel of claims waiting for the manager, and the queue item.
    assert "500.00 CNY" in pages["home"] and "500.00 CNY" in pages["queue"]
    assert '/approvals/?type=budgets.expense"' in pages["home"]
    assert mixed.approval(claim).amount_display == "500.00 CNY"


def test_a_key_account_plan_previews_its_goals_and_resources(org, mixed, client_for):
    from approvals.services import approval_submit
    from customers.services import plan_create

    plan = plan_create(
        actor=mixed.rep,
        customer=mixed.customer,
        year=2027,
        stage_goals="进入国六b 平台定点",
        resources_people="技术支持 2 人",
        resources_money=Decimal("30000"),
    )
    approval_submit(document=plan, actor=mixed.rep)
    page = client_for(org.director).get("/approvals/").content.decode()
    item = text_of(item_html(page, mixed.approval(plan)))
    assert "Stage goals 进入国六b 平台定点" in item
    assert "Resources 30,000.00 CNY · 技术支持 2 人" in item
