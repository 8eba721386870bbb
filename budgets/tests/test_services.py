from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import State
from approvals.services import approval_for, approval_open, approval_submit

from ..models import Budget, BudgetLine, ExecutionFigure, ExpenseClaim, Period, Status
from ..services import (
    advance_create,
    budget_create,
    budget_execution_rollup,
    budget_lines_set,
    claim_correct,
    claim_create,
    claim_line_add,
    claim_mark_paid,
    outstanding_advance,
    supplement_create,
)
from .factories import approved_line, categories, claim_with, decide, department, submit, today

pytestmark = pytest.mark.django_db


def test_claim_within_budget_goes_to_the_region_manager(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="10000")
    claim = claim_with(org.north_rep, ["1200.50", "800"])
    request = submit(claim)
    assert request.state == State.SUBMITTED
    assert request.approver_role == "region_manager" and request.approver_region == org.north
    assert request.amount == Decimal("2000.50")
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED
    decide(claim, org.north_manager)
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED


def test_exactly_at_the_limit_passes_and_one_cent_over_is_refused_with_the_figures(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    first = claim_with(org.north_rep, ["600"])
    submit(first)
    decide(first, org.north_manager)
    committed = claim_with(org.north_rep2, ["300"])
    submit(committed)
    exact = claim_with(org.north_rep, ["100"])
    assert submit(exact).state == State.SUBMITTED  # 600 spent + 300 committed + 100 = 1,000

    over = claim_with(org.north_rep2, ["0.01"])
    with pytest.raises(ValidationError) as refused:
        submit(over)
    message = " ".join(refused.value.messages)
    assert "budget 1,000.00" in message
    assert "committed 400.00" in message  # the two submitted claims
    assert "spent 600.00" in message
    assert "this claim 0.01" in message
    assert approval_for(over).state == State.DRAFT
    over.refresh_from_db()
    assert over.status == Status.DRAFT


def test_no_approved_budget_means_no_reimbursement(budgets_setup):
    org = budgets_setup
    claim = claim_with(org.north_rep, ["50"])
    with pytest.raises(ValidationError, match="No approved budget"):
        submit(claim)


def test_a_rejected_claim_frees_its_commitment(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    first = claim_with(org.north_rep, ["1000"])
    submit(first)
    second = claim_with(org.north_rep2, ["500"])
    with pytest.raises(ValidationError):
        submit(second)
    decide(first, org.north_manager, "reject", "not justified")
    assert submit(second).state == State.SUBMITTED


def test_supplement_approved_before_the_spend_covers_it_but_not_a_spend_made_earlier(budgets_setup):
    org = budgets_setup
    line = approved_line(region=org.north, amount="1000", month=today())
    spent_earlier = today() - timedelta(days=1) if today().day > 1 else today()
    supplement = supplement_create(
        requester=org.north_rep,
        line=line,
        amount=Decimal("500"),
        reason="Trade fair",
        planned_date=today(),
    )
    approval_submit(document=supplement, actor=org.north_rep)
    decide(supplement, org.north_manager)
    line.refresh_from_db()
    assert line.amount == Decimal("1000") and line.supplement == Decimal(
        "500"
    )  # two visible layers

    covered = claim_with(org.north_rep, ["1400"], on=today())
    assert submit(covered).state == State.SUBMITTED
    if spent_earlier != today():
        # A spend dated before the supplement's approval is checked against the plan only.
        late = claim_with(org.north_rep2, ["50"], on=spent_earlier)
        with pytest.raises(ValidationError, match="budget 1,000.00"):
            submit(late)


def test_approval_checks_the_budget_again(budgets_setup):
    org = budgets_setup
    line = approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["900"])
    submit(claim)
    # The budget line is lowered behind the app's back (e.g. an admin correction).
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("800"))
    with pytest.raises(ValidationError, match="Over budget"):
        decide(claim, org.north_manager)
    assert approval_for(claim).state == State.SUBMITTED


def test_project_lines_are_charged_to_the_project_budget(budgets_setup):
    from customers.models import Customer, DevelopmentProject

    org = budgets_setup
    customer = Customer.objects.create(name="Beiyue", region=org.north, owner=org.north_rep)
    project = DevelopmentProject.objects.create(
        customer=customer, region=org.north, name="CN6b", owner=org.north_rep
    )
    approved_line(region=org.north, amount="100")
    project_line = approved_line(project=project, amount="5000", category="testing")
    claim = claim_with(org.north_rep, ["3000"], category="testing", project=project)
    submit(claim)
    assert claim.lines.get().budget_line == project_line


def test_department_claim_uses_the_department_budget(budgets_setup):
    org = budgets_setup
    dept = department(owner=org.director)
    approved_line(department=dept, amount="2000", owner=org.director)
    claim = claim_with(org.mktadmin, ["1500"], department=dept)
    assert claim.region is None
    assert submit(claim).approver_role == "marketing_director"
    with pytest.raises(ValidationError, match="choose the department"):
        claim_create(claimant=org.mktadmin, title="x")


def test_other_currencies_and_future_dates_are_refused(budgets_setup):
    org = budgets_setup
    claim = claim_create(claimant=org.north_rep, title="Trip")
    with pytest.raises(ValidationError, match="CNY or USD"):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=categories()["travel"],
            amount=Decimal("10"),
            currency="EUR",
        )
    with pytest.raises(ValidationError, match="future"):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today() + timedelta(days=2),
            category=categories()["travel"],
            amount=Decimal("10"),
        )
    with pytest.raises(ValidationError, match="more than zero"):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=categories()["travel"],
            amount=Decimal("-10"),
        )
    assert claim.lines.count() == 0


def test_a_line_cannot_charge_another_regions_project(budgets_setup):
    from customers.models import Customer, DevelopmentProject

    org = budgets_setup
    customer = Customer.objects.create(name="Dongfeng East", region=org.east, owner=org.east_rep)
    project = DevelopmentProject.objects.create(
        customer=customer, region=org.east, name="E-1", owner=org.east_rep
    )
    claim = claim_create(claimant=org.north_rep, title="Trip")
    with pytest.raises(PermissionDenied):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=categories()["testing"],
            amount=Decimal("10"),
            project=project,
        )
    with pytest.raises(PermissionDenied):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=categories()["travel"],
            amount=Decimal("10"),
            customer=customer,
        )
    assert claim.lines.count() == 0


def test_paid_claim_is_final_and_corrected_by_a_linked_claim(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["400"])
    submit(claim)
    decide(claim, org.north_manager)
    with pytest.raises(PermissionDenied):
        claim_mark_paid(claim=claim, actor=org.north_manager)
    claim_mark_paid(claim=claim, actor=org.finance)
    claim.refresh_from_db()
    assert claim.status == Status.PAID and claim.paid_by == org.finance
    with pytest.raises(ValidationError, match="Only an approved, unpaid claim"):
        claim_mark_paid(claim=claim, actor=org.finance)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=categories()["travel"],
            amount=Decimal("1"),
        )
    correction = claim_correct(claim=claim, actor=org.north_rep)
    assert correction.corrects == claim
    claim_line_add(
        claim=correction,
        actor=org.north_rep,
        date=today(),
        category=categories()["travel"],
        amount=Decimal("-100"),
    )
    submit(correction)
    decide(correction, org.north_manager)
    figures = budget_execution_rollup(month=today(), notify=False)
    assert figures
    row = ExecutionFigure.objects.get(
        month=today().replace(day=1), period=Period.MONTH, region=org.north
    )
    assert row.spent == Decimal("300.00")


def test_advance_settlement_and_outstanding_balance(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="10000")
    advance = advance_create(
        person=org.north_rep, amount=Decimal("3000"), reason="Trade fair", planned_date=today()
    )
    assert outstanding_advance(org.north_rep) == 0  # not approved yet
    approval_submit(document=advance, actor=org.north_rep)
    decide(advance, org.north_manager)
    assert outstanding_advance(org.north_rep) == Decimal("3000")
    advance.refresh_from_db()
    first = claim_create(claimant=org.north_rep, title="Fair, part 1", advance=advance)
    claim_line_add(
        claim=first,
        actor=org.north_rep,
        date=today(),
        category=categories()["travel"],
        amount=Decimal("1200"),
    )
    submit(first)
    assert outstanding_advance(org.north_rep) == Decimal("3000")  # settles only when approved
    decide(first, org.north_manager)
    assert outstanding_advance(org.north_rep) == Decimal("1800")
    second = claim_create(claimant=org.north_rep, title="Fair, part 2", advance=advance)
    claim_line_add(
        claim=second,
        actor=org.north_rep,
        date=today(),
        category=categories()["travel"],
        amount=Decimal("2500"),
    )
    submit(second)
    decide(second, org.north_manager)
    second.refresh_from_db()
    assert second.advance_settled == Decimal("1800")
    assert outstanding_advance(org.north_rep) == 0
    assert outstanding_advance(org.north_rep2) == 0
    with pytest.raises(ValidationError, match="own approved advance"):
        claim_create(claimant=org.north_rep2, title="x", advance=advance)


def test_budget_approval_makes_it_read_only(budgets_setup):
    org = budgets_setup
    budget = budget_create(
        year=today().year,
        scope="region",
        region=org.east,
        owner=org.east_manager,
        actor=org.mktadmin,
    )
    assert budget.lines.count() == 6 * 12
    with pytest.raises(ValidationError, match="Enter the budget amounts"):
        approval_submit(document=budget, actor=org.mktadmin)
    line = budget.lines.first()
    budget_lines_set(budget=budget, amounts={line.pk: Decimal("5000")}, actor=org.mktadmin)
    request = approval_submit(document=budget, actor=org.mktadmin)
    assert request.amount == Decimal("5000") and request.approver_role == "marketing_director"
    decide(budget, org.director)
    budget.refresh_from_db()
    assert budget.status == Status.APPROVED
    with pytest.raises(ValidationError, match="cannot be changed"):
        budget_lines_set(budget=budget, amounts={line.pk: Decimal("9000")}, actor=org.mktadmin)
    with pytest.raises(ValidationError, match="already"):
        budget_create(
            year=today().year,
            scope="region",
            region=org.east,
            owner=org.east_manager,
            actor=org.mktadmin,
        )


def _claims_sum(region, statuses, month_start, month_end):
    from django.db.models import Sum

    from ..models import ExpenseLine

    return (
        ExpenseLine.objects.filter(
            claim__region=region, claim__status__in=statuses, month__range=(month_start, month_end)
        ).aggregate(t=Sum("amount"))["t"]
        or 0
    )


def test_rollup_totals_equal_the_claims_and_survive_a_crash_and_rerun(budgets_setup, monkeypatch):
    org = budgets_setup
    month = today().replace(day=1)
    approved_line(region=org.north, amount="5000")
    approved_line(region=org.north, amount="2000", category="entertainment")
    approved_line(region=org.east, amount="3000")
    spent = claim_with(org.north_rep, ["1000", "250.25"])
    submit(spent)
    decide(spent, org.north_manager)
    fun = claim_with(org.north_rep, ["700"], category="entertainment")
    submit(fun)
    east = claim_with(org.east_rep, ["99.99"])
    submit(east)
    claim_with(org.east_rep, ["1"])  # a draft counts for nothing

    budget_execution_rollup(month=month, notify=False)
    north = ExecutionFigure.objects.filter(month=month, period=Period.MONTH, region=org.north)
    assert (
        sum(r.spent for r in north)
        == _claims_sum(org.north, ["approved", "paid"], month, month)
        == Decimal("1250.25")
    )
    assert sum(r.committed for r in north) == Decimal("700")
    assert sum(r.budget for r in north) == Decimal("7000")
    assert ExecutionFigure.objects.get(
        month=month, period=Period.MONTH, region=org.east
    ).committed == Decimal("99.99")
    before = sorted(
        ExecutionFigure.objects.filter(month=month).values_list(
            "period", "region_id", "category_id", "budget", "committed", "spent"
        )
    )

    # A crash in the middle of writing leaves the previous figures in place …
    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    decide(fun, org.north_manager)
    monkeypatch.setattr(ExecutionFigure.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        budget_execution_rollup(month=month, notify=False)
    assert (
        sorted(
            ExecutionFigure.objects.filter(month=month).values_list(
                "period", "region_id", "category_id", "budget", "committed", "spent"
            )
        )
        == before
    )
    monkeypatch.undo()
    # … and the re-run (twice) gives the right figures, not doubled ones.
    budget_execution_rollup(month=month, notify=False)
    budget_execution_rollup(month=month, notify=False)
    north = ExecutionFigure.objects.filter(month=month, period=Period.MONTH, region=org.north)
    assert sum(r.spent for r in north) == Decimal("1950.25")
    assert sum(r.committed for r in north) == 0
    ytd = ExecutionFigure.objects.filter(month=month, period=Period.YTD, region=org.north)
    assert sum(r.spent for r in ytd) == _claims_sum(
        org.north, ["approved", "paid"], month.replace(month=1), month
    )


def test_rollup_emails_each_owner_once_with_a_warning_at_the_threshold(budgets_setup, settings):
    org = budgets_setup
    settings.BUDGET_WARNING_PERCENTS = [80, 100]
    month = today().replace(day=1)
    approved_line(region=org.north, amount="1000", owner=org.north_manager)
    approved_line(region=org.east, amount="1000", owner=org.east_manager)
    claim = claim_with(org.north_rep, ["850"])
    submit(claim)
    mail.outbox.clear()
    budget_execution_rollup(month=month)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"north_manager@example.com", "east_manager@example.com"}
    assert "WARNING: 80 %" in by_person["north_manager@example.com"].body
    assert "WARNING" not in by_person["east_manager@example.com"].body
    budget_execution_rollup(month=month)
    assert len(mail.outbox) == 2  # a re-run does not e-mail again


def test_claim_model_state_follows_return_and_resubmit(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["100"])
    submit(claim)
    decide(claim, org.north_manager, "return", "add the receipt")
    claim.refresh_from_db()
    assert claim.status == Status.RETURNED
    claim_line_add(
        claim=claim,
        actor=org.north_rep,
        date=today(),
        category=categories()["travel"],
        amount=Decimal("5"),
    )
    submit(claim)
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED and claim.total == Decimal("105")
    assert ExpenseClaim.objects.filter(status=Status.SUBMITTED).count() == 1
    assert Budget.objects.count() == 1
    assert approval_open(document=claim, actor=org.north_rep) == approval_for(claim)
