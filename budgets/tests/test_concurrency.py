"""Two people spend the last 1,000 CNY of a budget at the same moment: exactly one succeeds."""

import pytest
from django.core.exceptions import ValidationError

from approvals.models import ApprovalRequest
from approvals.services import approval_submit
from tests.concurrency import postgres_only, run_concurrently

from ..models import ExpenseClaim, Status
from .factories import approved_line, categories, claim_with, rules, submit

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def test_two_claims_cannot_both_take_the_last_thousand(org):
    categories()
    rules()
    approved_line(region=org.north, amount="5000")
    earlier = claim_with(org.north_rep, ["4000"])
    submit(earlier)
    first = claim_with(org.north_rep, ["1000"], title="Rep 1")
    second = claim_with(org.north_rep2, ["1000"], title="Rep 2")

    def go(claim_id):
        claim = ExpenseClaim.objects.get(pk=claim_id)
        return approval_submit(document=claim, actor=claim.claimant)

    results = run_concurrently(go, [first.pk, second.pk])
    assert sum(isinstance(r, ApprovalRequest) for r in results) == 1, results
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == 1 and "Over budget" in " ".join(refusals[0].messages)
    assert "committed 5,000.00" in " ".join(refusals[0].messages)
    assert ExpenseClaim.objects.filter(status=Status.SUBMITTED).count() == 2


def test_five_simultaneous_claims_take_exactly_what_the_budget_holds(org):
    categories()
    rules()
    approved_line(region=org.north, amount="1000")
    claims = [
        claim_with(org.north_rep if i % 2 else org.north_rep2, ["300"], title=f"C{i}")
        for i in range(5)
    ]

    def go(claim_id):
        claim = ExpenseClaim.objects.get(pk=claim_id)
        return approval_submit(document=claim, actor=claim.claimant)

    results = run_concurrently(go, [c.pk for c in claims])
    assert sum(isinstance(r, ApprovalRequest) for r in results) == 3, results
    assert ExpenseClaim.objects.filter(status=Status.SUBMITTED).count() == 3
