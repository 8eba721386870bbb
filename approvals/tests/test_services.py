from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.selectors import approval_queue, approval_queue_count
from approvals.services import approval_decide, approval_open, approval_submit, authority_resolve
from regions.roles import Role
from tests.factories import SPEC_BANDS, authority
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def bands(org):
    authority("testapp.memo", SPEC_BANDS)
    return org


def memo(author, amount="1000", region=None, **extra):
    document = Memo.objects.create(
        title=f"Memo {amount}",
        region=region or author.region,
        amount=Decimal(amount),
        author=author,
        **extra,
    )
    approval_open(document=document, actor=author)
    return document


def test_submit_routes_by_amount(bands):
    org = bands
    small = approval_submit(document=memo(org.north_rep, "5000.00"), actor=org.north_rep)
    middle = approval_submit(document=memo(org.north_rep, "5000.01"), actor=org.north_rep)
    large = approval_submit(document=memo(org.north_rep, "50000.01"), actor=org.north_rep)
    assert (small.approver_role, small.approver_region) == (Role.REGION_MANAGER, org.north)
    assert (middle.approver_role, middle.approver_region) == (Role.DIRECTOR, None)
    assert (large.approver_role, large.approver_region) == (Role.GENERAL_MANAGER, None)
    assert list(approval_queue(user=org.north_manager)) == [small]
    assert list(approval_queue(user=org.east_manager)) == []
    assert approval_queue_count(user=org.director) == 1
    assert approval_queue_count(user=org.gm) == 1


def test_region_rule_wins_over_company_rule(bands):
    org = bands
    authority("testapp.memo", [("5000", Role.DIRECTOR)], region=org.east)
    east = approval_submit(document=memo(org.east_rep, "100"), actor=org.east_rep)
    north = approval_submit(document=memo(org.north_rep, "100"), actor=org.north_rep)
    assert east.approver_role == Role.DIRECTOR
    assert north.approver_role == Role.REGION_MANAGER


def test_no_rule_refuses_submission_and_changes_nothing(org):
    document = memo(org.north_rep, "10")
    with pytest.raises(ValidationError, match="authority table"):
        approval_submit(document=document, actor=org.north_rep)
    approval = ApprovalRequest.objects.get(object_id=document.pk)
    assert approval.state == State.DRAFT
    assert approval.steps.count() == 0


def test_full_cycle_with_return_and_resubmission(bands):
    org = bands
    document = memo(org.north_rep, "800")
    approval = approval_submit(document=document, actor=org.north_rep)
    with pytest.raises(ValidationError):
        approval_decide(request=approval, actor=org.north_manager, decision="return", reason=" ")
    approval = approval_decide(
        request=approval, actor=org.north_manager, decision="return", reason="Add the receipt"
    )
    assert approval.state == State.RETURNED
    assert approval.last_reason == "Add the receipt"
    approval = approval_submit(document=document, actor=org.north_rep)
    assert approval.state == State.SUBMITTED and approval.revision == 2
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert approval.state == State.APPROVED
    assert approval.decided_by == org.north_manager
    document.refresh_from_db()
    assert document.approved_count == 1
    steps = list(approval.steps.values_list("from_state", "to_state"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]


def test_reject_needs_reason_and_is_final(bands):
    org = bands
    approval = approval_submit(document=memo(org.north_rep), actor=org.north_rep)
    approval = approval_decide(
        request=approval, actor=org.north_manager, decision="reject", reason="Not needed"
    )
    assert approval.state == State.REJECTED
    with pytest.raises(ValidationError, match="already been decided"):
        approval_decide(request=approval, actor=org.north_manager, decision="approve")
    with pytest.raises(ValidationError, match="already been submitted"):
        approval_submit(document=approval.document, actor=org.north_rep)
    assert approval.steps.count() == 2


def test_wrong_approver_is_refused(bands):
    org = bands
    approval = approval_submit(document=memo(org.north_rep), actor=org.north_rep)
    for outsider in (org.east_manager, org.director, org.north_rep2, org.finance):
        with pytest.raises(PermissionDenied):
            approval_decide(request=approval, actor=outsider, decision="approve")
    approval.refresh_from_db()
    assert approval.state == State.SUBMITTED


def test_nobody_approves_their_own_document(bands):
    org = bands
    # The North manager's own small memo would be theirs to approve: it goes up to the director.
    approval = approval_submit(document=memo(org.north_manager, "100"), actor=org.north_manager)
    assert approval.approver_role == Role.DIRECTOR
    with pytest.raises(PermissionDenied):
        approval_decide(request=approval, actor=org.north_manager, decision="approve")
    # The director's own 20,000 memo goes to the general manager.
    approval = approval_submit(
        document=memo(org.director, "20000", region=org.north), actor=org.director
    )
    assert approval.approver_role == Role.GENERAL_MANAGER
    # The general manager's own large memo goes to the executive committee.
    assert authority_resolve(
        document_type="testapp.memo", region=None, amount=Decimal("90000"), submitter=org.gm
    ) == (Role.EXECUTIVE, None)


def test_only_the_author_submits(bands):
    org = bands
    document = memo(org.north_rep)
    with pytest.raises(PermissionDenied):
        approval_submit(document=document, actor=org.north_rep2)
    assert ApprovalRequest.objects.get(object_id=document.pk).state == State.DRAFT


def test_hook_refusal_rolls_back(bands):
    org = bands
    document = memo(org.north_rep, refuse_submit=True)
    with pytest.raises(ValidationError, match="refused by its own rule"):
        approval_submit(document=document, actor=org.north_rep)
    assert ApprovalRequest.objects.get(object_id=document.pk).state == State.DRAFT
    assert ApprovalStep.objects.count() == 0


def test_history_cannot_be_changed_or_deleted(bands):
    org = bands
    approval = approval_submit(document=memo(org.north_rep), actor=org.north_rep)
    step = approval.steps.get()
    step.reason = "rewritten"
    with pytest.raises(ValidationError):
        step.save()
    with pytest.raises(ValidationError):
        step.delete()
    with pytest.raises(ValidationError):
        ApprovalStep.objects.filter(pk=step.pk).update(reason="x")
    with pytest.raises(ValidationError):
        ApprovalStep.objects.all().delete()
    assert ApprovalStep.objects.get(pk=step.pk).reason == ""


def test_notifications_reach_approver_then_submitter(
    bands, mailoutbox, django_capture_on_commit_callbacks
):
    org = bands
    with django_capture_on_commit_callbacks(execute=True):
        approval = approval_submit(document=memo(org.north_rep), actor=org.north_rep)
    assert [m.to for m in mailoutbox] == [["north_manager@example.com"]]
    assert "Waiting for your approval" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert mailoutbox[1].to == ["north_rep@example.com"]
    assert "Approved" in mailoutbox[1].subject


def test_the_database_refuses_a_region_manager_approval_without_a_region(org):
    """The queue query relies on it: front-end approvers are always routed with a region, every
    other approver without one."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError, transaction

    memo = Memo.objects.create(title="x", region=org.north, author=org.north_rep)
    fields = dict(
        document_type="testapp.memo",
        content_type=ContentType.objects.get_for_model(Memo),
        object_id=memo.pk,
        title="x",
        submitter=org.north_rep,
        state=State.SUBMITTED,
    )
    for role, region in ((Role.REGION_MANAGER, None), (Role.DIRECTOR, org.north)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ApprovalRequest.objects.create(approver_role=role, approver_region=region, **fields)
    assert not ApprovalRequest.objects.exists()
