"""A create form sent twice (two quick clicks, Back and send again) creates one row: the form's
one-time key (core.submissions)."""

import re

import pytest
from django.urls import reverse

from ..models import CashAdvance, ExpenseClaim, Supplement
from .factories import approved_line, today

pytestmark = pytest.mark.django_db


def _key(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)


def _twice(client, url, data):
    data = {**data, "submission_key": _key(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302 and second.status_code == 302
    assert first["Location"] == second["Location"]
    return first


def test_two_quick_posts_of_the_new_claim_form_create_one_claim(budgets_setup, client_for):
    org = budgets_setup
    client = client_for(org.north_rep)
    _twice(client, reverse("budgets:claim-create"), {"title": "Tianjin trip"})
    assert ExpenseClaim.objects.filter(title="Tianjin trip").count() == 1
    # A new form is a new claim.
    _twice(client, reverse("budgets:claim-create"), {"title": "Tianjin trip"})
    assert ExpenseClaim.objects.filter(title="Tianjin trip").count() == 2


def test_the_advance_form_sent_twice_creates_one_advance(budgets_setup, client_for):
    org = budgets_setup
    data = {"amount": "3000", "reason": "Fair", "planned_date": today().isoformat()}
    _twice(client_for(org.north_rep), reverse("budgets:advance-create"), data)
    assert CashAdvance.objects.count() == 1


def test_the_supplement_form_sent_twice_creates_one_supplement(budgets_setup, client_for):
    org = budgets_setup
    line = approved_line(region=org.north, amount="1000")
    data = {
        "line": line.pk,
        "amount": "2500",
        "reason": "Auto show",
        "planned_date": today().isoformat(),
    }
    _twice(client_for(org.north_rep), reverse("budgets:supplement-create"), data)
    assert Supplement.objects.count() == 1


def test_the_new_budget_form_sent_twice_creates_one_budget(budgets_setup, client_for):
    from ..models import Budget

    org = budgets_setup
    data = {"year": "2031", "scope": "region", "region": org.north.pk}
    _twice(client_for(org.north_manager), reverse("budgets:budget-create"), data)
    assert Budget.objects.filter(year=2031).count() == 1
