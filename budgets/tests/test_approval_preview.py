"""The approver's preview of expense claims (services.claim_previews): the budget check's own
figures (one arithmetic, _check_figures), read-only, for a page of claims in a fixed number of
queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import BudgetLine, ExpenseLine, Supplement
from budgets.services import budget_check, claim_previews

from .factories import approved_line, claim_with, decide, submit, today

pytestmark = pytest.mark.django_db


def figures_of(figures):
    return [(f.line.pk, f.budget, f.committed, f.spent, f.this, f.remaining_after) for f in figures]


def test_the_preview_reads_the_same_figures_as_the_budget_check(budgets_setup):
    org = budgets_setup
    travel = approved_line(region=org.north, amount="5000")
    hotel = approved_line(region=org.north, category="rent", amount="3000")
    spent = claim_with(org.north_rep, ["1000"])
    submit(spent)
    decide(spent, org.north_manager)  # approved: spent
    committed = claim_with(org.north_rep, ["700"], category="rent")
    submit(committed)  # submitted: committed
    Supplement.objects.create(
        requester=org.north_manager,
        line=hotel,
        region=org.north,
        amount=Decimal("400"),
        reason="fair",
        planned_date=today(),
        status="approved",
        approved_on=today(),
    )
    claim = claim_with(org.north_rep, ["300", "200"])
    ExpenseLine.objects.create(
        claim=claim, date=today(), category=hotel.category, amount=Decimal("150")
    )
    submit(claim)

    preview = claim_previews(claims=[claim])[claim.pk]
    assert [(line.amount, line.category.code) for line in preview.lines] == [
        (Decimal("300"), "travel"),
        (Decimal("200"), "travel"),
        (Decimal("150"), "rent"),
    ]
    assert figures_of(preview.figures) == figures_of(budget_check(claim=claim, lock=False))
    by_line = {f.line.pk: f for f in preview.figures}
    assert by_line[travel.pk].remaining_after == Decimal("3500")  # 5000 − 1000 spent − 500
    assert by_line[hotel.pk].remaining_after == Decimal("2550")  # 3000 + 400 − 700 − 150
    assert preview.fits


def test_the_preview_changes_nothing(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="5000")
    claim = claim_with(org.north_rep, ["100"])
    submit(claim)
    before = list(ExpenseLine.objects.values()) + list(BudgetLine.objects.values())
    claim_previews(claims=[claim])
    assert list(ExpenseLine.objects.values()) + list(BudgetLine.objects.values()) == before


def test_a_claim_over_budget_is_previewed_as_over(budgets_setup):
    org = budgets_setup
    line = approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["900"])
    submit(claim)
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("600"))
    preview = claim_previews(claims=[claim])[claim.pk]
    (figure,) = preview.figures
    assert not preview.fits and not figure.fits
    assert figure.over == Decimal("300") and figure.remaining_after == Decimal("-300")


def test_previews_of_many_claims_cost_the_same_queries_as_of_one(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="50000")
    approved_line(region=org.north, category="rent", amount="50000")
    claims = []
    for i in range(8):
        claim = claim_with(org.north_rep, ["100", "50"], category=("travel", "rent")[i % 2])
        submit(claim)
        claims.append(claim)
    with CaptureQueriesContext(connection) as one:
        claim_previews(claims=claims[:1])
    with CaptureQueriesContext(connection) as eight:
        previews = claim_previews(claims=claims)
    assert len(one) == len(eight) == 5
    assert all(len(p.lines) == 2 and len(p.figures) == 1 for p in previews.values())


def test_the_queue_previews_advances_and_supplements_with_their_reasons(budgets_setup, client_for):
    from approvals.services import approval_submit
    from budgets.services import advance_create, supplement_create

    org = budgets_setup
    line = approved_line(region=org.north, amount="2000")
    advance = advance_create(
        person=org.north_rep, amount=Decimal("800"), reason="展会押金", planned_date=today()
    )
    approval_submit(document=advance, actor=org.north_rep)
    supplement = supplement_create(
        requester=org.north_rep,
        line=line,
        amount=Decimal("600"),
        reason="客户技术交流会",
        planned_date=today(),
    )
    approval_submit(document=supplement, actor=org.north_rep)
    page = client_for(org.north_manager).get("/approvals/").content.decode()
    assert page.count('data-testid="approval-preview"') == 2
    assert 'data-testid="preview-advance"' in page and "展会押金" in page
    assert 'data-testid="preview-supplement"' in page and "客户技术交流会" in page
    assert f"{line}" in page and "budget 2,000.00 CNY" in page
