"""Approval chains (more than one decision, in order), the one reading of the authority table
(authority_covers), amounts in their unit, and the document's status mirrored by the mechanism."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.registry import handler_for
from approvals.selectors import approval_queue
from approvals.services import (
    approval_decide,
    approval_open,
    approval_submit,
    authority_chain,
    authority_covers,
)
from regions.roles import Role
from tests.factories import SPEC_BANDS, authority
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def memo(author, amount="1000", region=None):
    document = Memo.objects.create(
        title=f"Memo {amount}",
        region=region or author.region,
        amount=Decimal(amount),
        author=author,
    )
    approval_open(document=document, actor=author)
    return document


@pytest.fixture
def chain(org):
    """Three steps: the region manager, then the director, then the executive committee."""
    authority("testapp.memo", [(None, Role.REGION_MANAGER)], step=1)
    authority("testapp.memo", [(None, Role.DIRECTOR)], step=2)
    authority("testapp.memo", [(None, Role.EXECUTIVE)], step=3)
    return org


def steps_of(approval):
    return list(
        ApprovalStep.objects.filter(request=approval).values_list(
            "step", "from_state", "to_state", "actor__username"
        )
    )


# ---------------------------------------------------------------- authority_covers


def test_authority_covers_at_the_band_edges(org):
    authority("testapp.memo", SPEC_BANDS)
    covers = lambda actor, amount, region=org.north: authority_covers(  # noqa: E731
        actor=actor, document_type="testapp.memo", region=region, amount=Decimal(amount)
    )
    # Up to 5,000 the region manager's band: the manager and everyone above is covered.
    assert covers(org.north_manager, "5000.00")
    assert covers(org.director, "5000.00") and covers(org.gm, "5000.00")
    assert not covers(org.north_rep, "0.01")
    # One cent over: the director's band.
    assert not covers(org.north_manager, "5000.01")
    assert covers(org.director, "50000.00")
    assert not covers(org.director, "50000.01")
    assert covers(org.gm, "50000.01") and covers(org.exec, "9999999")
    # Off the reporting line: finance and marketing admin hold no band.
    assert not covers(org.finance, "1") and not covers(org.mktadmin, "1")


def test_authority_covers_reads_a_regions_own_rule_first(org):
    authority("testapp.memo", SPEC_BANDS)
    authority("testapp.memo", [("5000", Role.DIRECTOR)], region=org.east)
    # East's own rule for the same band wins: its manager is not covered at 100 CNY.
    assert not authority_covers(
        actor=org.east_manager, document_type="testapp.memo", region=org.east, amount=100
    )
    assert authority_covers(
        actor=org.north_manager, document_type="testapp.memo", region=org.north, amount=100
    )


def test_authority_covers_refuses_without_a_rule_and_superusers_are_always_covered(org):
    with pytest.raises(ValidationError, match="authority table"):
        authority_covers(
            actor=org.director, document_type="testapp.memo", region=org.north, amount=1
        )
    org.finance.is_superuser = True
    assert authority_covers(
        actor=org.finance, document_type="testapp.memo", region=org.north, amount=10**9
    )


def test_a_company_wide_region_manager_band_skips_a_document_without_a_region(org):
    authority("testapp.memo", SPEC_BANDS)
    args = {"document_type": "testapp.memo", "amount": Decimal("100")}
    assert authority_chain(region=org.north, **args) == [Role.REGION_MANAGER]
    assert authority_chain(region=None, **args) == [Role.DIRECTOR]


# ---------------------------------------------------------------- units


def test_amounts_show_in_their_unit_in_the_queue_and_the_email(
    org, client_for, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    authority("testapp.memo", SPEC_BANDS)
    with django_capture_on_commit_callbacks(execute=True):
        cny = approval_submit(document=memo(org.north_rep, "1234"), actor=org.north_rep)
    assert cny.amount_display == "1,234.00 CNY"
    assert "Amount: 1,234.00 CNY" in mailoutbox[0].body
    queue = client_for(org.north_manager).get(reverse("approvals:queue")).content.decode()
    assert "1,234.00 CNY" in queue
    # The same document type counted as a discount below list, in percent.
    monkeypatch.setattr(handler_for("testapp.memo"), "unit", "%")
    with django_capture_on_commit_callbacks(execute=True):
        percent = approval_submit(document=memo(org.north_rep2, "6"), actor=org.north_rep2)
    assert percent.amount_display == "6.00 %"
    assert "Amount: 6.00 %" in mailoutbox[1].body
    queue = client_for(org.north_manager).get(reverse("approvals:queue")).content.decode()
    assert "6.00 %" in queue and "6.00 CNY" not in queue
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(request=percent, actor=org.north_manager, decision="approve")
    assert "Amount: 6.00 %" in mailoutbox[2].body
    assert mailoutbox[2].to == ["north_rep2@example.com"]


# ---------------------------------------------------------------- chains


def test_a_three_step_chain_end_to_end(chain, client_for):
    org = chain
    document = memo(org.north_rep, "800")
    approval = approval_submit(document=document, actor=org.north_rep)
    assert (approval.step, approval.step_count) == (1, 3)
    assert (approval.approver_role, approval.approver_region) == (Role.REGION_MANAGER, org.north)
    assert list(approval_queue(user=org.director)) == []

    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert (approval.state, approval.step) == (State.SUBMITTED, 2)
    assert (approval.approver_role, approval.approver_region) == (Role.DIRECTOR, None)
    assert approval.decided_by is None
    document.refresh_from_db()
    assert document.approved_count == 0 and document.status == "submitted"
    # Now in the director's queue, marked as step 2 of 3; no longer in the manager's.
    assert list(approval_queue(user=org.north_manager)) == []
    assert list(approval_queue(user=org.director)) == [approval]
    page = client_for(org.director).get(reverse("approvals:queue")).content.decode()
    assert "Step 2 of 3" in page and "Memo 800" in page
    page = client_for(org.north_manager).get(reverse("approvals:queue")).content.decode()
    assert "Memo 800" not in page
    # The step-1 approver cannot decide again.
    with pytest.raises(PermissionDenied):
        approval_decide(request=approval, actor=org.north_manager, decision="approve")

    approval = approval_decide(request=approval, actor=org.director, decision="approve")
    assert (approval.step, approval.approver_role) == (3, Role.EXECUTIVE)
    approval = approval_decide(request=approval, actor=org.exec, decision="approve")
    assert approval.state == State.APPROVED and approval.decided_by == org.exec
    document.refresh_from_db()
    assert document.approved_count == 1 and document.status == "approved"
    assert steps_of(approval) == [
        (1, "draft", "submitted", "north_rep"),
        (1, "submitted", "submitted", "north_manager"),
        (2, "submitted", "submitted", "director"),
        (3, "submitted", "approved", "exec"),
    ]
    assert list(
        ApprovalStep.objects.filter(request=approval).values_list("approver_role", flat=True)
    ) == [Role.REGION_MANAGER, Role.REGION_MANAGER, Role.DIRECTOR, Role.EXECUTIVE]
    # The request page lists the chain with who decided each step.
    page = client_for(org.north_rep).get(approval.get_absolute_url()).content.decode()
    assert 'data-testid="approval-chain"' in page
    assert "Approved step 1" in page and "Approved step 2" in page
    for number, who in ((1, "north_manager"), (2, "director"), (3, "exec")):
        item = page.split(f'data-testid="chain-step-{number}"')[1].split("</li>")[0]
        assert f"by {who}" in item


def test_each_step_emails_its_own_approvers_and_only_the_last_the_submitter(
    chain, mailoutbox, django_capture_on_commit_callbacks
):
    org = chain
    with django_capture_on_commit_callbacks(execute=True):
        approval = approval_submit(document=memo(org.north_rep, "800"), actor=org.north_rep)
    with django_capture_on_commit_callbacks(execute=True):
        approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert [m.to for m in mailoutbox] == [["north_manager@example.com"], ["director@example.com"]]
    assert "Waiting for your approval" in mailoutbox[1].subject
    assert "Step 2 of 3" in mailoutbox[1].body and "800.00 CNY" in mailoutbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        approval = approval_decide(request=approval, actor=org.director, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(request=approval, actor=org.exec, decision="approve")
    assert [m.to for m in mailoutbox[2:]] == [["exec@example.com"], ["north_rep@example.com"]]
    assert "Approved" in mailoutbox[3].subject


def test_the_request_page_shows_the_waiting_and_later_steps(chain, client_for):
    org = chain
    approval = approval_submit(document=memo(org.north_rep, "800"), actor=org.north_rep)
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    page = client_for(org.north_rep).get(approval.get_absolute_url()).content.decode()
    step2 = page.split('data-testid="chain-step-2"')[1].split("</li>")[0]
    step3 = page.split('data-testid="chain-step-3"')[1].split("</li>")[0]
    assert "Marketing director" in step2 and "waiting" in step2
    assert "Executive committee member" in step3 and "by " not in step3
    mine = client_for(org.north_rep).get(reverse("approvals:mine")).content.decode()
    assert "Step 2 of 3" in mine


def test_a_return_at_step_2_goes_back_to_the_drafter_and_resubmission_starts_at_step_1(
    chain, client_for
):
    org = chain
    document = memo(org.north_rep, "800")
    approval = approval_submit(document=document, actor=org.north_rep)
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    with pytest.raises(ValidationError):
        approval_decide(request=approval, actor=org.director, decision="return", reason=" ")
    approval = approval_decide(
        request=approval, actor=org.director, decision="return", reason="Split the costs"
    )
    assert approval.state == State.RETURNED and approval.step == 2
    document.refresh_from_db()
    assert document.status == "rework"  # the handler's own value for "returned"
    mine = client_for(org.north_rep).get(reverse("approvals:mine")).content.decode()
    assert "Returned for rework" in mine and "Split the costs" in mine

    approval = approval_submit(document=document, actor=org.north_rep)
    assert (approval.state, approval.step, approval.step_count) == (State.SUBMITTED, 1, 3)
    assert approval.approver_role == Role.REGION_MANAGER and approval.revision == 2
    assert list(approval_queue(user=org.north_manager)) == [approval]
    assert list(approval_queue(user=org.director)) == []
    document.refresh_from_db()
    assert document.status == "submitted"
    assert [s[:3] for s in steps_of(approval)] == [
        (1, "draft", "submitted"),
        (1, "submitted", "submitted"),
        (2, "submitted", "returned"),
        (1, "returned", "submitted"),
    ]


def test_a_reject_at_step_3_rejects_and_on_approve_never_runs(chain):
    org = chain
    document = memo(org.north_rep, "800")
    approval = approval_submit(document=document, actor=org.north_rep)
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    approval = approval_decide(request=approval, actor=org.director, decision="approve")
    approval = approval_decide(
        request=approval, actor=org.exec, decision="reject", reason="Not this year"
    )
    assert approval.state == State.REJECTED and approval.step == 3
    assert approval.decided_by == org.exec and approval.last_reason == "Not this year"
    document.refresh_from_db()
    assert document.approved_count == 0 and document.status == "rejected"
    assert ApprovalStep.objects.filter(request=approval).count() == 4
    with pytest.raises(ValidationError, match="already been decided"):
        approval_decide(request=approval, actor=org.exec, decision="approve")


def test_self_approval_at_a_middle_step_escalates(chain):
    org = chain
    # The director's own memo: step 1 is North's manager, step 2 (the director's) goes up to
    # the general manager, step 3 stays the executive committee's.
    approval = approval_submit(
        document=memo(org.director, "800", region=org.north), actor=org.director
    )
    assert approval.approver_role == Role.REGION_MANAGER
    approval = approval_decide(request=approval, actor=org.north_manager, decision="approve")
    assert (approval.step, approval.approver_role) == (2, Role.GENERAL_MANAGER)
    with pytest.raises(PermissionDenied):
        approval_decide(request=approval, actor=org.director, decision="approve")
    assert list(approval_queue(user=org.director)) == []
    approval = approval_decide(request=approval, actor=org.gm, decision="approve")
    assert (approval.step, approval.approver_role) == (3, Role.EXECUTIVE)


def test_a_decision_for_a_step_decided_meanwhile_is_refused(chain, client):
    org = chain
    approval = approval_submit(document=memo(org.north_rep, "800"), actor=org.north_rep)
    stale = ApprovalRequest.objects.get(pk=approval.pk)
    approval_decide(request=approval, actor=org.north_manager, decision="approve")
    # The director's page still showed step 1 (say, opened by a colleague's link).
    with pytest.raises(ValidationError, match="already been decided"):
        approval_decide(request=stale, actor=org.director, decision="approve")
    client.force_login(org.director)
    response = client.post(
        reverse("approvals:request-decide", args=[approval.pk]),
        {"decision": "approve", "step": "1"},
        follow=True,
    )
    assert "already been decided" in response.content.decode()
    approval.refresh_from_db()
    assert (approval.state, approval.step) == (State.SUBMITTED, 2)
    assert ApprovalStep.objects.filter(request=approval).count() == 2


def test_the_chain_length_is_fixed_at_submission(chain):
    org = chain
    approval = approval_submit(document=memo(org.north_rep, "800"), actor=org.north_rep)
    assert approval.step_count == 3
    # A single-step type: no step label anywhere.
    authority("testapp.memo", [(None, Role.DIRECTOR)], step=1)
    from approvals.models import AuthorityRule

    AuthorityRule.objects.filter(document_type="testapp.memo", step__gt=1).delete()
    single = approval_submit(document=memo(org.north_rep2, "10"), actor=org.north_rep2)
    assert (single.step_count, single.step_label) == (1, "")
    approval.refresh_from_db()
    assert approval.step_count == 3 and approval.step_label == "Step 1 of 3"


# ---------------------------------------------------------------- mirror


def test_the_mirror_refuses_a_transition_when_the_document_changed_meanwhile(org):
    authority("testapp.memo", SPEC_BANDS)
    document = memo(org.north_rep, "100")
    approval = approval_submit(document=document, actor=org.north_rep)
    assert Memo.objects.get(pk=document.pk).status == "submitted"
    # Something else moved the document on behind the approval's back.
    Memo.objects.filter(pk=document.pk).update(status="archived")
    with pytest.raises(ValidationError, match="changed meanwhile"):
        approval_decide(request=approval, actor=org.north_manager, decision="approve")
    approval.refresh_from_db()
    assert approval.state == State.SUBMITTED and approval.decided_by is None
    assert Memo.objects.get(pk=document.pk).approved_count == 0
    assert ApprovalStep.objects.filter(request=approval).count() == 1


def test_the_mirror_refuses_a_submission_of_a_document_not_in_draft(org):
    authority("testapp.memo", SPEC_BANDS)
    document = memo(org.north_rep, "100")
    Memo.objects.filter(pk=document.pk).update(status="archived")
    with pytest.raises(ValidationError, match="changed meanwhile"):
        approval_submit(document=document, actor=org.north_rep)
    assert ApprovalRequest.objects.get(object_id=document.pk).state == State.DRAFT
    assert Memo.objects.get(pk=document.pk).status == "archived"
    assert not ApprovalStep.objects.exists()


# ---------------------------------------------------------------- default rules


DEFAULT_RULE_MIGRATIONS = {
    "budgets.migrations.0006_default_authority_rules": {
        "budgets.expense": [
            (1, Decimal("5000.00"), Role.REGION_MANAGER),
            (1, Decimal("50000.00"), Role.DIRECTOR),
            (1, None, Role.GENERAL_MANAGER),
        ],
        "budgets.budget": [(1, None, Role.DIRECTOR)],
    },
    "pricing.migrations.0007_default_authority_rules": {
        "pricing.quote": [
            (1, Decimal("3.00"), Role.SALES_REP),
            (1, Decimal("8.00"), Role.REGION_MANAGER),
            (1, None, Role.DIRECTOR),
        ],
        "pricing.strategy": [(1, None, Role.DIRECTOR), (2, None, Role.EXECUTIVE)],
    },
}


def rules_of(document_type):
    from approvals.models import AuthorityRule

    return [
        (r.step, r.amount_up_to, r.approver_role)
        for r in AuthorityRule.objects.filter(document_type=document_type, region=None).order_by(
            "step", "amount_up_to"
        )
    ]


def by_band(rules):
    return sorted(rules, key=lambda r: (r[0], r[1] is None, r[1] or 0))


@pytest.mark.parametrize("module", sorted(DEFAULT_RULE_MIGRATIONS))
def test_the_default_rules_are_written_into_an_empty_table_and_an_edited_one_is_left_alone(
    module,
):
    import importlib

    from django.apps import apps

    from approvals.models import AuthorityRule

    forwards = importlib.import_module(module).forwards
    expected = DEFAULT_RULE_MIGRATIONS[module]
    # The fresh test database has them (the migrations ran).
    for document_type, rules in expected.items():
        assert by_band(rules_of(document_type)) == rules
    AuthorityRule.objects.all().delete()
    forwards(apps, None)
    for document_type, rules in expected.items():
        assert by_band(rules_of(document_type)) == rules
    # An administrator's edits survive a re-run: a changed role, a deleted band, an extra step.
    edited_type = next(iter(expected))
    first = AuthorityRule.objects.filter(document_type=edited_type).order_by("pk").first()
    first.approver_role = Role.GENERAL_MANAGER
    first.save()
    AuthorityRule.objects.filter(document_type=edited_type).exclude(pk=first.pk).delete()
    before = list(AuthorityRule.objects.order_by("pk").values_list())
    forwards(apps, None)
    assert list(AuthorityRule.objects.order_by("pk").values_list()) == before
