"""A claim line beyond the business bound is refused with a message, and a claim total can never
overflow its column: every page that shows the claim keeps answering."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.bounds import CLAIM_LINE_MAX, CLAIM_LINES_MAX

from ..models import BudgetLine, ExpenseClaim, ExpenseLine
from ..services import claim_line_add
from .factories import approved_line, claim_with, today

pytestmark = pytest.mark.django_db


def _post_line(client, claim, amount):
    return client.post(
        reverse("budgets:claim-line-add", args=[claim.pk]),
        {
            "date": today().isoformat(),
            "category": BudgetLine.objects.get().category_id,
            "amount": amount,
            "currency": "CNY",
        },
    )


def test_a_huge_claim_line_is_refused_and_every_claim_page_still_answers(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="500")
    claim = claim_with(org.north_rep, [])
    client = client_for(org.north_rep)
    response = _post_line(client, claim, "99999999999999")
    assert response.status_code == 400
    assert "less than or equal to 1000000" in response.content.decode()
    response = _post_line(client, claim, "120.50")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.total == Decimal("120.50") and claim.lines.count() == 1

    admin = org.mktadmin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    for person in (org.north_rep, org.north_manager, org.finance, org.director):
        client = client_for(person)
        assert client.get(reverse("budgets:claim-list")).status_code == 200, person
        assert client.get(claim.get_absolute_url()).status_code == 200, person
    client = client_for(admin)
    assert client.get("/admin/budgets/expenseclaim/").status_code == 200
    assert client.get(f"/admin/budgets/expenseclaim/{claim.pk}/change/").status_code == 200


def test_the_service_and_the_database_refuse_a_line_beyond_the_bound(budgets_setup):
    org = budgets_setup
    approved_line(region=org.north, amount="500")
    claim = claim_with(org.north_rep, [])
    category = BudgetLine.objects.get().category
    with pytest.raises(ValidationError) as refused:
        claim_line_add(
            claim=claim,
            actor=org.north_rep,
            date=today(),
            category=category,
            amount=CLAIM_LINE_MAX + 1,
        )
    assert "amount" in refused.value.message_dict
    line = claim_line_add(
        claim=claim, actor=org.north_rep, date=today(), category=category, amount=CLAIM_LINE_MAX
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseLine.objects.filter(pk=line.pk).update(amount=CLAIM_LINE_MAX + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.filter(pk=claim.pk).update(total=Decimal("99999999999999"))


def test_a_claim_takes_at_most_its_count_of_lines(budgets_setup, monkeypatch):
    org = budgets_setup
    approved_line(region=org.north, amount="500")
    claim = claim_with(org.north_rep, [])
    category = BudgetLine.objects.get().category
    monkeypatch.setattr("budgets.services.CLAIM_LINES_MAX", 2)
    for _ in range(2):
        claim_line_add(
            claim=claim, actor=org.north_rep, date=today(), category=category, amount=Decimal(1)
        )
    with pytest.raises(ValidationError) as refused:
        claim_line_add(
            claim=claim, actor=org.north_rep, date=today(), category=category, amount=Decimal(1)
        )
    assert "at most 2 lines" in " ".join(refused.value.messages)
    assert claim.lines.count() == 2
    assert CLAIM_LINES_MAX * CLAIM_LINE_MAX < Decimal("1e14")
