from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, State
from approvals.services import approval_open, approval_submit
from tests.factories import SPEC_BANDS, authority
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(org):
    authority("testapp.memo", SPEC_BANDS)
    memos = []
    for i in range(3):
        memo = Memo.objects.create(
            title=f"Trip {i}", region=org.north, amount=Decimal("1200"), author=org.north_rep
        )
        approval_open(document=memo, actor=org.north_rep)
        memos.append(approval_submit(document=memo, actor=org.north_rep))
    return memos


def test_queue_lists_what_waits_for_the_manager_with_a_count_in_the_nav(org, submitted, client_for):
    client = client_for(org.north_manager)
    response = client.get(reverse("approvals:queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="queue-item"') == 3
    assert 'data-testid="badge-queue">3<' in body
    # The newest first
    assert body.index("Trip 2") < body.index("Trip 0")
    assert (
        client_for(org.east_manager)
        .get(reverse("approvals:queue"))
        .content.decode()
        .count('data-testid="queue-item"')
        == 0
    )


def test_approve_from_the_queue_and_the_submitter_sees_it(org, submitted, client):
    client.force_login(org.north_manager)
    target = submitted[0]
    response = client.post(
        reverse("approvals:request-decide", args=[target.pk]),
        {"decision": "approve", "next": "/approvals/"},
    )
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    assert ApprovalRequest.objects.get(pk=target.pk).state == State.APPROVED
    client.force_login(org.north_rep)
    mine = client.get(reverse("approvals:mine")).content.decode()
    assert "Approved" in mine
    home = client.get(reverse("core:home")).content.decode()
    assert "Trip 0" in home and "north_manager" in home


def test_htmx_decision_returns_the_updated_row(org, submitted, client):
    client.force_login(org.north_manager)
    target = submitted[1]
    response = client.post(
        reverse("approvals:request-decide", args=[target.pk]),
        {"decision": "return", "reason": "Missing receipt"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Returned for rework" in body and "Missing receipt" in body
    assert ApprovalRequest.objects.get(pk=target.pk).state == State.RETURNED


def test_reject_without_reason_is_refused_with_a_message_and_changes_nothing(
    org, submitted, client
):
    client.force_login(org.north_manager)
    target = submitted[2]
    response = client.post(
        reverse("approvals:request-decide", args=[target.pk]),
        {"decision": "reject", "reason": ""},
        follow=True,
    )
    assert "Give a reason" in response.content.decode()
    assert ApprovalRequest.objects.get(pk=target.pk).state == State.SUBMITTED


@pytest.mark.parametrize(
    "data", [{"decision": "approve'; DROP TABLE x;--"}, {"decision": "x" * 10000}, {}]
)
def test_hostile_decisions_change_nothing(org, submitted, client, data):
    client.force_login(org.north_manager)
    response = client.post(reverse("approvals:request-decide", args=[submitted[0].pk]), data)
    assert response.status_code == 302
    assert ApprovalRequest.objects.get(pk=submitted[0].pk).state == State.SUBMITTED


def test_other_region_cannot_decide_or_even_see(org, submitted, client):
    client.force_login(org.east_manager)
    response = client.post(
        reverse("approvals:request-decide", args=[submitted[0].pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert ApprovalRequest.objects.get(pk=submitted[0].pk).state == State.SUBMITTED


def test_rep_cannot_approve_own_document_through_the_view(org, submitted, client):
    client.force_login(org.north_rep)
    response = client.post(
        reverse("approvals:request-decide", args=[submitted[0].pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert ApprovalRequest.objects.get(pk=submitted[0].pk).state == State.SUBMITTED


def test_missing_csrf_token_is_refused(org, submitted):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.north_manager)
    response = strict.post(
        reverse("approvals:request-decide", args=[submitted[0].pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert ApprovalRequest.objects.get(pk=submitted[0].pk).state == State.SUBMITTED


def test_queue_query_count_does_not_grow_with_rows(org, client_for):
    from tests.querycount import assert_constant_queries

    authority("testapp.memo", SPEC_BANDS)

    def grow(n):
        for i in range(n):
            memo = Memo.objects.create(
                title=f"m{i}", region=org.north, amount=10, author=org.north_rep
            )
            approval_open(document=memo, actor=org.north_rep)
            approval_submit(document=memo, actor=org.north_rep)

    client = client_for(org.north_manager)
    assert_constant_queries(client, reverse("approvals:queue"), grow=grow, small=5, large=30)
    assert_constant_queries(
        client_for(org.north_rep), reverse("approvals:mine"), grow=lambda n: None, small=0, large=0
    )
