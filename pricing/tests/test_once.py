"""Pricing's create forms sent twice create one row (core.submissions)."""

import pytest

from pricing.models import CompetitorPrice, PricingStrategy, Quote
from pricing.tests.factories import customer, market_month, product, strategy
from tests.once import post_twice

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    return prod


def test_the_quote_form_sent_twice_creates_one_quote(org, client_for, priced):
    cust = customer(org.north, owner=org.north_rep)
    first, second = post_twice(
        client_for(org.north_rep),
        "/pricing/quotes/new/",
        {"customer": cust.pk, "product": priced.pk, "quantity": 100, "save": "1"},
    )
    assert Quote.objects.count() == 1
    assert first["Location"] == second["Location"] == Quote.objects.get().get_absolute_url()


def test_a_quote_of_more_than_the_bound_of_pieces_is_refused(org, client_for, priced):
    cust = customer(org.north, owner=org.north_rep)
    response = client_for(org.north_rep).post(
        "/pricing/quotes/new/",
        {"customer": cust.pk, "product": priced.pk, "quantity": 10**12, "save": "1"},
    )
    assert "less than or equal to 10000000" in response.content.decode()
    assert Quote.objects.count() == 0


def test_the_competitor_price_form_sent_twice_records_one_price(org, client_for, priced):
    cust = customer(org.north, owner=org.north_rep)
    data = {
        "customer": cust.pk,
        "competitor": "BASF",
        "product": priced.pk,
        "price": "2050",
        "observed_on": "2026-03-10",
    }
    post_twice(client_for(org.north_rep), "/pricing/competitors/", data)
    assert CompetitorPrice.objects.count() == 1


def test_the_strategy_form_sent_twice_creates_one_strategy(org, client_for, priced):
    before = PricingStrategy.objects.count()
    data = {
        "name": "2027",
        "valid_from": "2027-01-01",
        **{
            name: "10"
            for name in (
                "markup_a",
                "markup_b",
                "markup_c",
                "markup_d",
                "step_growth",
                "step_maturity",
                "step_decline",
                "channel_markup",
                "floor_markup",
                "ceiling_extra",
            )
        },
    }
    post_twice(client_for(org.director), "/pricing/strategies/new/", data)
    assert PricingStrategy.objects.count() == before + 1
