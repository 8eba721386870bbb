"""A quote or price adjustment waiting for approval reads in the approver's language, whatever
the language of the rep who made it."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from approvals.services import approval_for
from pricing.services import adjustment_request
from pricing.tests.factories import QUOTE_BANDS, market_month, product, quote, strategy
from tests.factories import authority

LIST = Decimal("2179.02")  # the test product's list price (see test_quotes.py)


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    authority("pricing.adjustment", QUOTE_BANDS)
    return prod


def queue(client, person, language) -> str:
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get("/approvals/").content.decode()


def test_a_quote_below_the_band_reads_in_the_approvers_language(org, priced, client):
    with translation.override("zh-hans"):
        q = quote(org.north_rep, priced, unit_price=Decimal("2070.07"))  # 5 % below list
    assert "低于目录价" in approval_for(q).title
    body = queue(client, org.north_manager, "en")
    assert f"Quote {q.number} · 北岳汽车 · {priced.code} · 5.00% below list" in body
    assert "低于目录价" not in body
    body = queue(client, org.north_manager, "zh-hans")
    assert f"报价 {q.number} · 北岳汽车 · {priced.code} · 低于目录价 5.00%" in body


def test_a_price_adjustment_reads_in_the_approvers_language(org, priced, client):
    q = quote(org.north_rep, priced)
    with translation.override("en"):
        adjustment = adjustment_request(
            quote=q, actor=org.north_rep, unit_price=Decimal("2070.07"), reason="竞品压价"
        )
    assert "below list" in approval_for(adjustment).title
    body = queue(client, org.north_manager, "zh-hans")
    assert f"调价 {q.number} · 北岳汽车 · {LIST} → 2070.07 元 · 低于目录价 5.00%" in body
    assert "below list" not in body
