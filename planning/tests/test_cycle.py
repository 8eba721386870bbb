"""The whole planning cycle: draft → consolidate → review → approve → issued read-only →
adjustment approved → original and adjusted both visible."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import State
from approvals.services import approval_decide, approval_for, approval_submit
from budgets.models import Budget, BudgetLine
from budgets.tests.factories import categories
from customers.tests.factories import make_customer
from planning import selectors, services
from planning.models import PlanLine, Status

from .factories import plan_with_lines

YEAR = 2031


@pytest.mark.django_db
def test_the_whole_cycle(org):
    cats = categories()
    key = make_customer(org.north, owner=org.north_rep)
    plan = plan_with_lines(
        org.north_manager,
        year=YEAR,
        cells={(key, 1): ("100", "10000"), (key, 2): ("120", "12000"), (None, 1): ("30", "2500")},
    )
    services.plan_budget_set(
        plan=plan,
        actor=org.north_manager,
        amounts={
            (cats["travel"].pk, date(YEAR, 1, 1)): Decimal("3000"),
            (cats["rent"].pk, date(YEAR, 6, 1)): Decimal("1500.50"),
        },
    )
    # Submitted: marketing administration consolidates first (step 1 of 3).
    request = approval_submit(document=plan, actor=org.north_manager)
    assert (request.step, request.step_count, request.approver_role) == (
        1,
        3,
        "marketing_admin",
    )
    # Returned to the region with a reason; the manager changes and resubmits.
    approval_decide(request=request, actor=org.mktadmin, decision="return", reason="Feb too low")
    plan.refresh_from_db()
    assert plan.status == Status.RETURNED
    services.plan_lines_set(
        plan=plan,
        actor=org.north_manager,
        cells={
            (key.pk, date(YEAR, 1, 1)): {"litres": Decimal("100"), "revenue": Decimal("10000")},
            (key.pk, date(YEAR, 2, 1)): {"litres": Decimal("150"), "revenue": Decimal("15000")},
            (None, date(YEAR, 1, 1)): {"litres": Decimal("30"), "revenue": Decimal("2500")},
        },
    )
    request = approval_submit(document=plan, actor=org.north_manager)
    # Passed on by marketing admin, reviewed by the director, approved by the committee.
    request = approval_decide(request=request, actor=org.mktadmin, decision="approve")
    assert request.approver_role == "marketing_director"
    request = approval_decide(request=request, actor=org.director, decision="approve")
    assert request.approver_role == "executive_committee"
    mail.outbox.clear()
    # The director cannot take the committee's step.
    with pytest.raises(PermissionDenied):
        approval_decide(request=request, actor=org.director, decision="approve")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        request = approval_decide(request=request, actor=org.exec, decision="approve")
    assert request.state == State.APPROVED
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED and plan.issued_at is not None
    # Announced to the manager and the rep it gives a target.
    issued = [m for m in mail.outbox if m.subject.startswith("Plan issued")]
    assert sorted(m.to[0] for m in issued) == [
        "north_manager@example.com",
        "north_rep@example.com",
    ]
    # Issued: read-only.
    with pytest.raises(ValidationError):
        services.plan_lines_set(plan=plan, actor=org.north_manager, cells={})
    assert PlanLine.objects.filter(plan=plan).count() == 3
    # Its budget is the region's budget, exactly.
    budget = Budget.objects.get(year=YEAR, scope="region", region=org.north)
    assert budget.status == "approved"
    lines = {
        (line.category.code, line.month.month): line.amount
        for line in BudgetLine.objects.filter(budget=budget).exclude(amount=0)
    }
    assert lines == {("travel", 1): Decimal("3000.00"), ("rent", 6): Decimal("1500.50")}

    # A mid-year adjustment: February lowered, approved through the same chain.
    adjustment = services.adjustment_create(plan=plan, actor=org.north_manager, reason="Line stop")
    services.adjustment_lines_set(
        adjustment=adjustment,
        actor=org.north_manager,
        cells={(key.pk, date(YEAR, 2, 1)): {"litres": Decimal("90"), "revenue": Decimal("9000")}},
    )
    approval_submit(document=adjustment, actor=org.north_manager)
    request = approval_for(adjustment)
    for approver in (org.mktadmin, org.director, org.exec):
        request = approval_decide(request=request, actor=approver, decision="approve")
    plan.refresh_from_db()
    assert plan.current_version == 2

    def feb(which, user=org.director):
        rows = selectors.targets(
            user=user,
            month_from=date(YEAR, 2, 1),
            month_to=date(YEAR, 2, 1),
            group_by=("month", "customer"),
            which=which,
        )
        return [(r["customer_id"], r["litres"], r["revenue"]) for r in rows]

    assert feb("original") == [(key.pk, Decimal("150.00"), Decimal("15000.00"))]
    assert feb("current") == [(key.pk, Decimal("90.00"), Decimal("9000.00"))]
    # The year in both: January unchanged, February adjusted.
    year_current = selectors.targets_totals(
        user=org.director, month_from=date(YEAR, 1, 1), month_to=date(YEAR, 12, 1)
    )
    year_original = selectors.targets_totals(
        user=org.director,
        month_from=date(YEAR, 1, 1),
        month_to=date(YEAR, 12, 1),
        which="original",
    )
    assert year_original == {"litres": Decimal("280.00"), "revenue": Decimal("27500.00")}
    assert year_current == {"litres": Decimal("220.00"), "revenue": Decimal("21500.00")}
