from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from approvals.services import approval_decide, approval_for, approval_submit
from budgets.models import AdvanceRepayment
from budgets.services import advance_create, advance_repay, outstanding_advance
from performance import explain, services
from performance.models import BonusLine

from .world import JANUARY, january_world

D = Decimal
BANDS = [
    SimpleNamespace(over_from=D(o), rate=D(r)) for o, r in (("0", "2"), ("10", "3"), ("20", "5"))
]


@pytest.mark.parametrize(
    "revenue,commission",
    [
        ("99999", "0"),
        ("100000", "0"),  # exactly on target: nothing over it
        ("100001", "0.02"),
        ("110000", "200"),  # the first band's edge: 10,000 × 2 %
        ("110001", "200.03"),  # one yuan into the second band earns 3 %
        ("120000", "500"),  # + 10,000 × 3 %
        ("130000", "1000"),  # + 10,000 × 5 %
    ],
)
def test_commission_over_target_at_the_band_edges(revenue, commission):
    assert services.commission_for(revenue=D(revenue), target=D("100000"), bands=BANDS) == D(
        commission
    )


def test_no_target_no_commission():
    assert services.commission_for(revenue=D("5000"), target=D("0"), bands=BANDS) == 0


def approved_advance(org, amount="800"):
    from budgets.tests.factories import rules

    rules()
    advance = advance_create(
        person=org.north_rep, amount=D(amount), reason="Trip", planned_date=JANUARY
    )
    approval_submit(document=advance, actor=org.north_rep)
    approval_decide(request=approval_for(advance), actor=org.north_manager, decision="approve")
    return advance


def approve_sheet(org, sheet):
    approval_submit(document=sheet, actor=org.mktadmin)
    approval_decide(request=approval_for(sheet), actor=org.director, decision="approve")
    sheet.refresh_from_db()
    assert sheet.status == "submitted"  # step 2 of 2: the general manager
    approval_decide(request=approval_for(sheet), actor=org.gm, decision="approve")
    sheet.refresh_from_db()
    return sheet


def test_sheet_lines_are_explained(org):
    january_world(org)
    services.kpi_compute(month=JANUARY)
    sheet = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=1)
    rep = sheet.lines.get(person=org.north_rep)
    # Q1: fixed 4,000 × 3; performance base 3,000 × 3 × the score 66.67 (January's only month).
    assert (rep.fixed_pay, rep.kpi_score, rep.performance_pay) == (
        D("12000"),
        D("66.67"),
        D("6000.30"),
    )
    assert rep.commission is None and rep.gross == D("18000.30") and rep.net == D("18000.30")
    tech = sheet.lines.get(person=org.tech)
    # Back end: 9,000 × 3 fixed; satisfaction base 2,000 × 3 × 100; department: no sales
    # target in this world, so nothing of the department base.
    assert (tech.fixed_pay, tech.department_bonus, tech.net) == (D("27000"), D("6000"), D("33000"))
    texts = explain.lines(rep.explanation)
    assert any("4000" in t and "3" in t for t in texts)
    # No sales target in the period: no commission (not a commission on all sales).
    assert any("no sales target in the period" in t for t in texts)
    assert sheet.total == sum(line.net for line in sheet.lines.all())


def test_outstanding_advance_is_deducted_once(org):
    approved_advance(org)
    assert outstanding_advance(org.north_rep) == D("800")
    sheet = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=1)
    line = sheet.lines.get(person=org.north_rep)
    assert (line.advance_deduction, line.net) == (D("800"), line.gross - D("800"))
    # Computing the draft again deducts the same 800, not 1,600; nothing is settled yet.
    services.sheet_compute(sheet=sheet, actor=org.mktadmin)
    line = sheet.lines.get(person=org.north_rep)
    assert line.advance_deduction == D("800")
    assert outstanding_advance(org.north_rep) == D("800")
    sheet = approve_sheet(org, sheet)
    assert sheet.status == "approved"
    # Settled in budgets, referenced by the bonus line.
    repayment = AdvanceRepayment.objects.get()
    assert (repayment.amount, repayment.reference) == (D("800"), f"performance.bonusline:{line.pk}")
    assert outstanding_advance(org.north_rep) == 0
    # Settling the same line again records nothing more.
    assert advance_repay(person=org.north_rep, amount=D("800"), reference=repayment.reference) == D(
        "800"
    )
    assert AdvanceRepayment.objects.count() == 1
    # The next period has nothing left to deduct.
    q2 = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=2)
    assert q2.lines.get(person=org.north_rep).advance_deduction == 0


def test_approved_sheet_is_read_only(org):
    sheet = approve_sheet(
        org, services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=1)
    )
    before = list(BonusLine.objects.filter(sheet=sheet).values_list("pk", "net"))
    with pytest.raises(ValidationError):
        services.sheet_compute(sheet=sheet, actor=org.mktadmin)
    assert list(BonusLine.objects.filter(sheet=sheet).values_list("pk", "net")) == before


def test_a_balance_that_shrank_refuses_the_approval(org):
    approved_advance(org)
    q1 = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=1)
    q2 = services.sheet_create(actor=org.mktadmin, year=2026, kind="quarter", quarter=2)
    approve_sheet(org, q1)
    approval_submit(document=q2, actor=org.mktadmin)
    approval_decide(request=approval_for(q2), actor=org.director, decision="approve")
    with pytest.raises(ValidationError):
        approval_decide(request=approval_for(q2), actor=org.gm, decision="approve")
    assert AdvanceRepayment.objects.count() == 1
    assert outstanding_advance(org.north_rep) == 0


def test_one_sheet_per_period(org):
    services.sheet_create(actor=org.mktadmin, year=2026, kind="year")
    with pytest.raises(ValidationError):
        services.sheet_create(actor=org.mktadmin, year=2026, kind="year")
