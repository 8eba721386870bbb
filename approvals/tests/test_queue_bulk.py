"""The queue's document-type filter and "Approve selected"."""

from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.services import approval_decide, approval_open, approval_submit
from regions.roles import Role
from tests.factories import SPEC_BANDS, authority
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def memo(org, title, amount="1200"):
    document = Memo.objects.create(
        title=title, region=org.north, amount=Decimal(amount), author=org.north_rep
    )
    approval_open(document=document, actor=org.north_rep)
    return approval_submit(document=document, actor=org.north_rep)


@pytest.fixture
def memos(org):
    authority("testapp.memo", SPEC_BANDS)
    return [memo(org, f"Memo {i}") for i in range(3)]


def tick(*approvals, step=None):
    return [f"{a.pk}:{a.step if step is None else step}" for a in approvals]


def bulk(client, items, next_url="/approvals/"):
    return client.post(reverse("approvals:bulk-approve"), {"item": items, "next": next_url})


def test_approve_selected_approves_each_as_its_own_audited_decision(org, memos, client_for):
    client = client_for(org.north_manager)
    response = bulk(client, tick(memos[0], memos[2]))
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    states = dict(ApprovalRequest.objects.values_list("pk", "state"))
    assert states[memos[0].pk] == State.APPROVED and states[memos[2].pk] == State.APPROVED
    assert states[memos[1].pk] == State.SUBMITTED  # not ticked
    for approval in (memos[0], memos[2]):
        step = ApprovalStep.objects.get(request=approval, to_state=State.APPROVED)
        assert step.actor == org.north_manager and step.from_state == State.SUBMITTED
        assert Memo.objects.get(pk=approval.object_id).approved_count == 1  # on_approve ran
    page = client.get("/approvals/").content.decode()
    assert "2 documents approved." in page
    assert page.count('data-testid="queue-item"') == 1
    assert 'data-testid="queue-count">1<' in page


def test_approve_selected_reports_the_ones_that_fail_by_name_and_leaves_them(
    org, memos, client_for
):
    """One of the three was decided by someone else since the page was shown (here returned
    through the service): it is named with the reason; the other two are approved."""
    approval_decide(request=memos[1], actor=org.north_manager, decision="return", reason="Call me")
    client = client_for(org.north_manager)
    response = bulk(client, tick(*memos))
    page = client.get(response["Location"]).content.decode()
    assert "2 documents approved." in page
    assert (
        "Memo 1: not approved — This document has already been decided: Returned for rework."
        in (page)
    )
    assert ApprovalRequest.objects.get(pk=memos[1].pk).state == State.RETURNED
    assert ApprovalRequest.objects.filter(state=State.APPROVED).count() == 2


def test_approve_selected_refuses_a_step_decided_meanwhile_and_moves_a_chain_on(org, client_for):
    """A chain of two: the item ticked at step 1 moves to step 2 (the director's); an item whose
    step 1 someone approved after the page was shown is refused, not approved at step 2."""
    authority("testapp.memo", [(None, Role.REGION_MANAGER)], step=1)
    authority("testapp.memo", [(None, Role.DIRECTOR)], step=2)
    first, second = memo(org, "Chain A"), memo(org, "Chain B")
    seen_step = second.step
    approval_decide(request=second, actor=org.north_manager, decision="approve")
    client = client_for(org.north_manager)
    response = bulk(client, [f"{first.pk}:1", f"{second.pk}:{seen_step}"])
    page = client.get(response["Location"]).content.decode()
    first.refresh_from_db()
    assert (first.state, first.step, first.approver_role) == (State.SUBMITTED, 2, Role.DIRECTOR)
    assert "1 document approved. 1 of them goes on to the next step of its approval." in page
    assert "Chain B: not approved —" in page
    second.refresh_from_db()
    assert (second.state, second.step) == (State.SUBMITTED, 2)
    assert ApprovalStep.objects.filter(request=second, actor=org.north_manager).count() == 1


def test_approve_selected_cannot_approve_what_is_not_the_persons(org, memos, client_for):
    east_memo = Memo.objects.create(title="East", region=org.east, amount=10, author=org.east_rep)
    approval_open(document=east_memo, actor=org.east_rep)
    east = approval_submit(document=east_memo, actor=org.east_rep)
    # The submitter ticks their own: refused by name.
    rep = client_for(org.north_rep)
    page = rep.get(bulk(rep, tick(memos[0]))["Location"]).content.decode()
    assert "Memo 0: not approved — You are not the approver of this document." in page
    # Another region's request is not even named to the North manager.
    manager = client_for(org.north_manager)
    page = manager.get(bulk(manager, tick(east))["Location"]).content.decode()
    assert "1 selected document is not waiting for you." in page and "East" not in page
    assert set(ApprovalRequest.objects.values_list("state", flat=True)) == {State.SUBMITTED}


@pytest.mark.parametrize("items", [[], ["abc"], ["1:0"], ["99999999999999999999:1"], ["5"]])
def test_approve_selected_with_nothing_or_nonsense_ticked_changes_nothing(
    org, memos, client_for, items
):
    client = client_for(org.north_manager)
    response = bulk(client, items, next_url="https://example.com/")
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    page = client.get("/approvals/").content.decode()
    assert "Select the documents to approve." in page or "The selection is not valid" in page
    assert set(ApprovalRequest.objects.values_list("state", flat=True)) == {State.SUBMITTED}


def test_the_queue_page_has_a_checkbox_per_item_for_the_bulk_form(org, memos, client_for):
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    assert 'id="bulk-approve"' in page
    for approval in memos:
        assert f'value="{approval.pk}:{approval.step}" form="bulk-approve"' in page, (
            "each item ticks into the bulk form"
        )


# --------------------------------------------------------------------------------- the filter


def test_the_queue_filters_by_document_type_and_counts_what_it_shows(
    org, memos, client_for, monkeypatch
):
    from approvals import registry
    from tests.testapp.models import MemoApproval

    class NoteApproval(MemoApproval):
        key = "testapp.note"
        label = "Note"

    # A second document type over the same model, for this test only.
    monkeypatch.setitem(registry._HANDLERS, "testapp.note", NoteApproval())
    note = ApprovalRequest.objects.get(pk=memos[0].pk)
    ApprovalRequest.objects.filter(pk=note.pk).update(document_type="testapp.note")
    client = client_for(org.north_manager)

    everything = client.get("/approvals/").content.decode()
    assert everything.count('data-testid="queue-item"') == 3
    assert 'data-testid="queue-count">3<' in everything
    assert "All types (3)" in everything and "Memo (2)" in everything and "Note (1)" in everything

    notes = client.get("/approvals/?type=testapp.note").content.decode()
    assert notes.count('data-testid="queue-item"') == 1 and "Memo 0" in notes
    assert 'data-queue-type="testapp.note" data-testid="queue-count">1<' in notes
    assert '<option value="testapp.note" selected>' in notes
    # The menu badge still counts the whole queue.
    assert 'data-testid="badge-queue">3<' in notes

    memos_only = client.get("/approvals/?type=testapp.memo").content.decode()
    assert memos_only.count('data-testid="queue-item"') == 2 and "Memo 0" not in memos_only

    # An unknown type is no filter at all, not an error.
    unknown = client.get("/approvals/?type=nothing.here")
    assert unknown.status_code == 200
    assert unknown.content.decode().count('data-testid="queue-item"') == 3


def test_the_filter_and_page_survive_a_decision_without_javascript(org, memos, client_for):
    client = client_for(org.north_manager)
    page = client.get("/approvals/?type=testapp.memo").content.decode()
    assert 'name="next" value="/approvals/?type=testapp.memo"' in page
    response = client.post(
        reverse("approvals:request-decide", args=[memos[0].pk]),
        {"decision": "approve", "step": 1, "next": "/approvals/?type=testapp.memo"},
    )
    assert response["Location"] == "/approvals/?type=testapp.memo"
