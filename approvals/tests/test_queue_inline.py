"""Deciding from the queue ("Waiting for me"): every inline action — approve, reject, return —
with htmx (the item answers as a fragment) and without (a plain form post and a redirect),
valid and refused; the queue count and the menu badge after a decision."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.services import approval_decide, approval_open, approval_submit
from tests.factories import SPEC_BANDS, authority
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/approvals/"}
REASON_ERROR = "Give a reason when you reject or return a document."
STATE_AFTER = {"approve": State.APPROVED, "reject": State.REJECTED, "return": State.RETURNED}
LABEL_AFTER = {"approve": "Approved", "reject": "Rejected", "return": "Returned for rework"}


@pytest.fixture
def queue(org):
    """Three memos of the North rep waiting for the North region manager."""
    authority("testapp.memo", SPEC_BANDS)
    items = []
    for i in range(3):
        memo = Memo.objects.create(
            title=f"Trip {i}", region=org.north, amount=Decimal("1200"), author=org.north_rep
        )
        approval_open(document=memo, actor=org.north_rep)
        items.append(approval_submit(document=memo, actor=org.north_rep))
    return items


def decide(client, approval, decision, *, reason="", htmx=False, step=None, **extra):
    data = {
        "decision": decision,
        "reason": reason,
        "step": approval.step if step is None else step,
        "next": "/approvals/",
        **extra,
    }
    url = reverse("approvals:request-decide", args=[approval.pk])
    return client.post(url, data, headers=HTMX if htmx else {})


def state_of(approval):
    return ApprovalRequest.objects.get(pk=approval.pk).state


def assert_fragment(response, approval):
    """An htmx answer is the one item, never a page: no <html>, no header, no menu."""
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<header" not in body and 'class="mainnav' not in body
    assert body.count('data-testid="queue-item"') == 1
    assert f'id="approval-{approval.pk}"' in body
    return body


def queue_changed(response) -> dict:
    return json.loads(response["HX-Trigger"])["approvals-queue-changed"]


# ------------------------------------------------------------------ refused (invalid) decisions


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_htmx_reject_or_return_without_reason_answers_the_item_with_the_error_beside_it(
    org, queue, client_for, decision
):
    client = client_for(org.north_manager)
    target = queue[0]
    response = decide(client, target, decision, reason="   ", htmx=True)
    body = assert_fragment(response, target)
    assert REASON_ERROR in body
    assert f'data-testid="reason-error-{target.pk}"' in body
    assert 'aria-invalid="true"' in body
    # The form is still there, so the approver can add the reason and decide again.
    assert f'data-testid="{decision}-{target.pk}"' in body
    assert "Trip 0" in body
    assert state_of(target) == State.SUBMITTED
    assert not ApprovalStep.objects.filter(request=target, from_state=State.SUBMITTED).exists()
    # Nothing is stored for a later page.
    assert 'class="messages"' not in client.get(reverse("approvals:mine")).content.decode()


def test_htmx_refused_approve_keeps_the_reason_typed(org, queue, client_for):
    """An approval refused by the mechanism (here: the step the page showed was decided
    meanwhile) answers the item with the refusal beside it and the reason as typed."""
    client = client_for(org.north_manager)
    target = queue[1]
    response = decide(client, target, "approve", reason="Checked <the> receipts", step=2, htmx=True)
    body = assert_fragment(response, target)
    assert "This step has already been decided; reload the page." in body
    assert 'value="Checked &lt;the&gt; receipts"' in body
    assert state_of(target) == State.SUBMITTED


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_plain_reject_or_return_without_reason_is_refused_with_a_message_on_the_queue(
    org, queue, client_for, decision
):
    client = client_for(org.north_manager)
    target = queue[2]
    response = decide(client, target, decision)
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    page = client.get(response["Location"]).content.decode()
    assert REASON_ERROR in page
    assert state_of(target) == State.SUBMITTED


def test_plain_refused_approve_is_a_message_on_the_queue(org, queue, client_for):
    client = client_for(org.north_manager)
    target = queue[0]
    response = decide(client, target, "approve", step=2)
    assert response.status_code == 302
    assert "This step has already been decided" in client.get("/approvals/").content.decode()
    assert state_of(target) == State.SUBMITTED


def test_htmx_decision_on_an_item_decided_meanwhile_shows_it_as_it_is_now(org, queue, client):
    """Another tab (or person) decided it first: the item answers with its current state and
    the refusal, and no decision form."""
    target = queue[0]
    approval_decide(request=target, actor=org.north_manager, decision="approve")
    client.force_login(org.north_manager)
    response = decide(client, target, "reject", reason="Too late", htmx=True)
    body = assert_fragment(response, target)
    assert "This document has already been decided: Approved." in body
    assert "state-approved" in body and f'data-testid="reject-{target.pk}"' not in body
    assert queue_changed(response)["total"] == 2


# --------------------------------------------------------------------------- valid decisions


@pytest.mark.parametrize("decision", ["approve", "reject", "return"])
def test_htmx_decision_answers_the_item_with_its_message_and_the_new_counts(
    org, queue, client_for, decision
):
    client = client_for(org.north_manager)
    target = queue[1]
    reason = "" if decision == "approve" else "Missing receipt"
    response = decide(client, target, decision, reason=reason, htmx=True)
    body = assert_fragment(response, target)
    assert state_of(target) == STATE_AFTER[decision]
    # The message is inside the item …
    assert f"Trip 1: {LABEL_AFTER[decision]}." in body
    assert 'data-testid="queue-item-message"' in body
    assert reason in body
    assert f'data-testid="approve-{target.pk}"' not in body  # decided: no form any more
    # … and not kept for the next page.
    for url in ("/approvals/", "/approvals/mine/", "/"):
        assert 'class="messages"' not in client.get(url).content.decode(), url
    # The queue's new counts travel with the answer, for the badge and the page's count.
    assert queue_changed(response) == {"badge": "queue", "total": 2, "types": {"testapp.memo": 2}}


@pytest.mark.parametrize("decision", ["approve", "reject", "return"])
def test_plain_decision_redirects_to_the_queue_with_its_message(org, queue, client_for, decision):
    client = client_for(org.north_manager)
    target = queue[2]
    reason = "" if decision == "approve" else "Missing receipt"
    response = decide(client, target, decision, reason=reason)
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    assert state_of(target) == STATE_AFTER[decision]
    page = client.get("/approvals/").content.decode()
    assert f"Trip 2: {LABEL_AFTER[decision]}." in page
    assert 'data-testid="queue-count">2<' in page
    assert 'data-testid="badge-queue">2<' in page
    # Shown once: not again on the page after.
    assert f"Trip 2: {LABEL_AFTER[decision]}." not in client.get("/approvals/").content.decode()


def test_the_last_decision_hides_the_badge_instead_of_removing_it(org, queue, client_for):
    """The badge stays in the menu at zero (hidden), so the page can show it again without a
    reload; the event says 0."""
    client = client_for(org.north_manager)
    for item in queue:
        response = decide(client, item, "approve", htmx=True)
    assert queue_changed(response)["total"] == 0
    page = client.get("/approvals/").content.decode()
    assert 'data-badge="queue" hidden data-testid="badge-queue">0<' in page
    assert 'data-testid="queue-count">0<' in page


def test_a_chain_step_approved_inline_leaves_the_item_without_a_form(org, client_for):
    """Step 1 of 2 approved from the queue: the item says who decides next and is no longer
    the region manager's to decide."""
    from regions.roles import Role

    authority("testapp.memo", [(None, Role.REGION_MANAGER)], step=1)
    authority("testapp.memo", [(None, Role.DIRECTOR)], step=2)
    memo = Memo.objects.create(title="Two steps", region=org.north, amount=1, author=org.north_rep)
    approval_open(document=memo, actor=org.north_rep)
    approval = approval_submit(document=memo, actor=org.north_rep)
    client = client_for(org.north_manager)
    body = assert_fragment(decide(client, approval, "approve", htmx=True), approval)
    assert "Two steps: approved; now at Step 2 of 2, waiting for Marketing director." in body
    assert f'data-testid="approve-{approval.pk}"' not in body
    approval.refresh_from_db()
    assert (approval.state, approval.step) == (State.SUBMITTED, 2)
