"""Receipts in USD are converted to CNY at finance's monthly USD→CNY rate; other currencies and
months without any rate are refused, and a refusal saves nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pricing.models import MarketUpload

from ..models import BudgetLine, ExpenseClaim, Status
from ..services import claim_create, claim_line_add
from .factories import approved_line, categories, submit, today

pytestmark = pytest.mark.django_db


def month_start(months_back=0):
    month = today().replace(day=1)
    for _ in range(months_back):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def rate(actor, month, usd_cny, *, current=True):
    return MarketUpload.objects.create(
        month=month, usd_cny=Decimal(usd_cny), uploaded_by=actor, is_current=current
    )


def add(org, claim, amount, currency="USD", on=None):
    return claim_line_add(
        claim=claim,
        actor=org.north_rep,
        date=on or today(),
        category=categories()["travel"],
        amount=Decimal(amount),
        currency=currency,
    )


def test_a_usd_line_is_converted_at_the_months_rate_and_keeps_the_original(budgets_setup):
    org = budgets_setup
    rate(org.finance, month_start(), "7.1800")
    claim = claim_create(claimant=org.north_rep, title="Detroit trip")
    line = add(org, claim, "100")
    line.refresh_from_db()
    assert line.amount == Decimal("718.00") and line.currency == "CNY"
    assert (line.original_currency, line.original_amount, line.fx_rate) == (
        "USD",
        Decimal("100.00"),
        Decimal("7.1800"),
    )
    assert line.fx_month == month_start() and not line.fx_fallback
    assert line.conversion == "USD 100.00 × 7.1800 = CNY 718.00"
    claim.refresh_from_db()
    assert claim.total == Decimal("718.00")


def test_the_conversion_rounds_half_up_to_the_cent(budgets_setup):
    org = budgets_setup
    rate(org.finance, month_start(), "7.1000")
    claim = claim_create(claimant=org.north_rep, title="Taxi")
    assert add(org, claim, "0.15").amount == Decimal(
        "1.07"
    )  # 1.065 → 1.07 (half-even would give 1.06)
    assert add(org, claim, "33.33").amount == Decimal("236.64")  # 236.643


def test_a_month_without_an_upload_uses_the_latest_earlier_months_rate_and_says_so(
    budgets_setup, client_for
):
    org = budgets_setup
    spent_on = month_start(1) + timedelta(days=9)
    rate(org.finance, month_start(3), "6.9000")
    rate(org.finance, month_start(2), "7.1000")
    rate(
        org.finance, month_start(1), "7.2500", current=False
    )  # replaced, so not finance's current data
    rate(org.finance, month_start(), "7.3000")  # a later month never counts
    claim = claim_create(claimant=org.north_rep, title="Trade fair")
    response = client_for(org.north_rep).post(
        reverse("budgets:claim-line-add", args=[claim.pk]),
        {
            "date": spent_on.isoformat(),
            "category": categories()["travel"].pk,
            "amount": "100",
            "currency": "usd",
        },
        follow=True,
    )
    body = response.content.decode()
    line = claim.lines.get()
    assert (line.amount, line.fx_rate, line.fx_month) == (
        Decimal("710.00"),
        Decimal("7.1000"),
        month_start(2),
    )
    assert "USD 100.00 × 7.1000 = CNY 710.00" in body
    assert (
        f"Finance has not uploaded the market data for {spent_on:%Y-%m} yet: the rate of "
        f"{month_start(2):%Y-%m} was used."
    ) in body
    assert f"none uploaded for {spent_on:%Y-%m}" in body


def test_usd_is_refused_when_finance_has_uploaded_no_rate_for_that_month_or_before(budgets_setup):
    org = budgets_setup
    rate(org.finance, month_start(), "7.3000")
    claim = claim_create(claimant=org.north_rep, title="Trip")
    with pytest.raises(ValidationError, match="There is no USD→CNY rate for"):
        add(org, claim, "100", on=month_start(1))
    MarketUpload.objects.all().delete()
    with pytest.raises(ValidationError, match="finance has not uploaded"):
        add(org, claim, "100")
    claim.refresh_from_db()
    assert claim.lines.count() == 0 and claim.total == 0


def test_other_currencies_are_refused_with_the_instruction_and_nothing_is_saved(
    budgets_setup, client_for
):
    org = budgets_setup
    rate(org.finance, month_start(), "7.1800")
    approved_line(region=org.north, amount="500")
    claim = claim_create(claimant=org.north_rep, title="Munich trip")
    with pytest.raises(ValidationError, match="finance publishes only the USD rate"):
        add(org, claim, "100", currency="EUR")
    response = client_for(org.north_rep).post(
        reverse("budgets:claim-line-add", args=[claim.pk]),
        {
            "date": today().isoformat(),
            "category": BudgetLine.objects.get().category_id,
            "amount": "100",
            "currency": "EUR",
        },
    )
    assert response.status_code == 400
    assert "Enter amounts in CNY or USD" in response.content.decode()
    claim.refresh_from_db()
    assert claim.lines.count() == 0 and claim.total == 0


def test_the_budget_check_reads_the_converted_cny_amount(budgets_setup, client_for):
    org = budgets_setup
    rate(org.finance, month_start(), "7.1800")
    approved_line(region=org.north, amount="700")
    claim = claim_create(claimant=org.north_rep, title="Detroit trip")
    add(org, claim, "100")
    with pytest.raises(ValidationError, match="this claim 718.00"):
        submit(claim)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == Status.DRAFT
    BudgetLine.objects.update(amount=Decimal("718"))
    submit(claim)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == Status.SUBMITTED
