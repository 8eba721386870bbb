import pytest
from django.core.exceptions import ValidationError

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.services import approval_decide, approval_open, approval_submit
from regions.models import User
from regions.roles import Role
from regions.services import person_create
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import SPEC_BANDS, authority, build_org
from tests.testapp.models import Memo

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def test_eight_simultaneous_approvers_make_exactly_one_decision():
    org = build_org()
    authority("testapp.memo", SPEC_BANDS)
    # Eight directors all see the same document in their queue and click at the same moment.
    directors = [org.director] + [
        person_create(username=f"director{i}", password="x", role=Role.DIRECTOR) for i in range(7)
    ]
    document = Memo.objects.create(
        title="Big", region=org.north, amount=20000, author=org.north_rep
    )
    approval_open(document=document, actor=org.north_rep)
    approval = approval_submit(document=document, actor=org.north_rep)

    def decide(director_id):
        actor = User.objects.get(pk=director_id)
        fresh = ApprovalRequest.objects.get(pk=approval.pk)
        return approval_decide(request=fresh, actor=actor, decision="approve")

    results = run_concurrently(decide, [d.pk for d in directors])
    successes = [r for r in results if isinstance(r, ApprovalRequest)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(successes) == 1, results
    assert len(refusals) == 7, results
    approval.refresh_from_db()
    assert approval.state == State.APPROVED
    assert ApprovalStep.objects.filter(request=approval, to_state=State.APPROVED).count() == 1
    document.refresh_from_db()
    assert document.approved_count == 1


def test_double_click_on_approve_and_reject_ends_in_one_decision():
    org = build_org()
    authority("testapp.memo", SPEC_BANDS)
    document = Memo.objects.create(
        title="Small", region=org.north, amount=100, author=org.north_rep
    )
    approval_open(document=document, actor=org.north_rep)
    approval = approval_submit(document=document, actor=org.north_rep)

    def decide(decision):
        fresh = ApprovalRequest.objects.get(pk=approval.pk)
        return approval_decide(
            request=fresh, actor=org.north_manager, decision=decision, reason="because"
        )

    results = run_concurrently(decide, ["approve", "reject", "approve", "return"])
    assert sum(isinstance(r, ApprovalRequest) for r in results) == 1, results
    assert (
        ApprovalStep.objects.filter(request=approval).exclude(to_state=State.SUBMITTED).count() == 1
    )


def test_database_refuses_to_rewrite_history():
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    org = build_org()
    authority("testapp.memo", SPEC_BANDS)
    document = Memo.objects.create(title="M", region=org.north, amount=1, author=org.north_rep)
    approval_open(document=document, actor=org.north_rep)
    approval_submit(document=document, actor=org.north_rep)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE approvals_approvalstep SET reason = 'forged'")
    assert not ApprovalStep.objects.filter(reason="forged").exists()


@pytest.mark.postgres
def test_two_approvers_racing_at_step_2_make_exactly_one_decision():
    org = build_org()
    authority("testapp.memo", [(None, Role.REGION_MANAGER)], step=1)
    authority("testapp.memo", [(None, Role.DIRECTOR)], step=2)
    authority("testapp.memo", [(None, Role.EXECUTIVE)], step=3)
    second = person_create(username="director2", password="x", role=Role.DIRECTOR)
    document = Memo.objects.create(
        title="Chain", region=org.north, amount=900, author=org.north_rep
    )
    approval_open(document=document, actor=org.north_rep)
    approval = approval_submit(document=document, actor=org.north_rep)
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert approval.step == 2

    def decide(director_id):
        # Each director's page showed step 2 (the form posts it); all click at the same moment.
        fresh = ApprovalRequest.objects.get(pk=approval.pk)
        return approval_decide(
            request=fresh, actor=User.objects.get(pk=director_id), decision="approve", step=2
        )

    results = run_concurrently(decide, [org.director.pk, second.pk, org.director.pk, second.pk])
    successes = [r for r in results if isinstance(r, ApprovalRequest)]
    assert len(successes) == 1, results
    assert all(isinstance(r, ValidationError) for r in results if r not in successes), results
    approval.refresh_from_db()
    assert (approval.state, approval.step, approval.approver_role) == (
        State.SUBMITTED,
        3,
        Role.EXECUTIVE,
    )
    assert list(ApprovalStep.objects.filter(request=approval).values_list("step", "to_state")) == [
        (1, State.SUBMITTED),
        (1, State.SUBMITTED),
        (2, State.SUBMITTED),
    ]
    document.refresh_from_db()
    assert document.approved_count == 0 and document.status == State.SUBMITTED
