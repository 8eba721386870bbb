"""Price-adjustment requests (调价申请) on agreed and won quotes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.services import approval_decide, approval_for, approval_submit
from pricing.models import PriceAdjustment, Quote, QuoteRevision
from pricing.services import adjustment_request
from pricing.tests.factories import QUOTE_BANDS, market_month, product, quote, strategy
from tests.factories import authority

# Test product: metal 1,854.02, list 2,179.02 (see test_quotes.py).
LIST = Decimal("2179.02")


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    authority("pricing.adjustment", QUOTE_BANDS)
    return prod


def price_at(discount: str) -> Decimal:
    return (LIST * (100 - Decimal(discount)) / 100).quantize(Decimal("0.01"))


def test_within_the_band_the_price_changes_at_once(org, client_for, priced):
    q = quote(org.north_rep, priced)
    response = client_for(org.north_rep).post(
        f"/pricing/quotes/{q.pk}/adjust/", {"unit_price": "2135.44", "reason": "年度量增"}
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.unit_price == Decimal("2135.44") and q.discount_percent == Decimal("2.00")
    adjustment = PriceAdjustment.objects.get(quote=q)
    assert adjustment.status == "applied" and approval_for(adjustment) is None
    revision = QuoteRevision.objects.get(quote=q)
    assert (revision.kind, revision.old_unit_price, revision.new_unit_price, revision.note) == (
        "adjustment",
        LIST,
        Decimal("2135.44"),
        "年度量增",
    )
    page = client_for(org.north_rep).get(q.get_absolute_url()).content.decode()
    assert "年度量增" in page and "2,135.44" in page


def test_beyond_the_band_it_goes_to_the_region_manager_and_approval_applies(org, priced):
    q = quote(org.north_rep, priced)
    adjustment = adjustment_request(
        quote=q, actor=org.north_rep, unit_price=price_at("5"), reason="竞品压价"
    )
    request = approval_for(adjustment)
    assert adjustment.status == "pending" and request.state == "submitted"
    assert request.approver_role == "region_manager" and request.amount == Decimal("5.00")
    q.refresh_from_db()
    assert q.unit_price == LIST  # nothing changes before the decision
    with pytest.raises(ValidationError, match="already has a price adjustment"):
        adjustment_request(
            quote=q, actor=org.north_manager, unit_price=price_at("1"), reason="again"
        )
    approval_decide(request=request, actor=org.north_manager, decision="approve")
    q.refresh_from_db()
    adjustment.refresh_from_db()
    assert q.unit_price == price_at("5") and adjustment.status == "applied"
    assert QuoteRevision.objects.filter(quote=q, kind="adjustment").count() == 1


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_rejection_or_return_leaves_the_quote_alone(org, priced, decision):
    q = quote(org.north_rep, priced)
    adjustment = adjustment_request(
        quote=q, actor=org.north_rep, unit_price=price_at("10"), reason="客户要求"
    )
    request = approval_for(adjustment)
    assert request.approver_role == "marketing_director"
    approval_decide(request=request, actor=org.director, decision=decision, reason="折扣过大")
    q.refresh_from_db()
    adjustment.refresh_from_db()
    assert q.unit_price == LIST and q.discount_percent == 0
    assert adjustment.status == {"reject": "rejected", "return": "returned"}[decision]
    assert not QuoteRevision.objects.filter(quote=q).exists()
    # A new request can be made once the old one is closed.
    adjustment_request(quote=q, actor=org.north_rep, unit_price=price_at("1"), reason="折中")
    q.refresh_from_db()
    assert q.unit_price == price_at("1")


def test_a_returned_request_resubmitted_while_another_is_open_is_refused(org, priced):
    q = quote(org.north_rep, priced)
    first = adjustment_request(quote=q, actor=org.north_rep, unit_price=price_at("5"), reason="a")
    approval_decide(
        request=approval_for(first), actor=org.north_manager, decision="return", reason="再议"
    )
    adjustment_request(quote=q, actor=org.north_rep, unit_price=price_at("6"), reason="b")
    with pytest.raises(ValidationError, match="already has a price adjustment"):
        approval_submit(document=first, actor=org.north_rep)


def test_below_metal_is_refused_and_nothing_is_saved(org, client_for, priced):
    q = quote(org.north_rep, priced)
    response = client_for(org.north_rep).post(
        f"/pricing/quotes/{q.pk}/adjust/", {"unit_price": "1800.00", "reason": "x"}
    )
    assert response.status_code == 200
    assert "metal is never discounted" in response.content.decode()
    q.refresh_from_db()
    assert q.unit_price == LIST
    assert not PriceAdjustment.objects.exists() and not QuoteRevision.objects.exists()


def test_who_may_ask(org, client_for, priced):
    q = quote(org.north_rep, priced)
    url = f"/pricing/quotes/{q.pk}/adjust/"
    data = {"unit_price": "2135.44", "reason": "x"}
    assert client_for(org.east_manager).post(url, data).status_code == 404
    assert client_for(org.finance).post(url, data).status_code == 403
    with pytest.raises(PermissionDenied):
        adjustment_request(quote=q, actor=org.director, unit_price=Decimal("2135.44"), reason="x")
    assert not PriceAdjustment.objects.exists()
    # The region manager may; within the manager's band (5 %) it applies at once.
    assert (
        client_for(org.north_manager)
        .post(url, {"unit_price": str(price_at("5")), "reason": "x"})
        .status_code
        == 302
    )
    q.refresh_from_db()
    assert q.unit_price == price_at("5")


def test_only_agreed_or_won_quotes_are_adjusted(org, priced):
    q = quote(org.north_rep, priced)
    Quote.objects.filter(pk=q.pk).update(status="lost")
    with pytest.raises(ValidationError, match="agreed or won"):
        adjustment_request(quote=q, actor=org.north_rep, unit_price=Decimal("2135.44"), reason="x")


def test_an_approved_adjustment_keeps_its_value_added_when_the_metal_moved(org, priced):
    q = quote(org.north_rep, priced)
    Quote.objects.filter(pk=q.pk).update(metal_clause=True)
    adjustment = adjustment_request(
        quote=q, actor=org.north_rep, unit_price=price_at("5"), reason="x"
    )
    # April: Pd 240 → 260, metal +105.94; the clause moves the quote to 2,284.96.
    market_month(
        org.finance,
        month=date(2026, 4, 1),
        products=[priced],
        prices={"pt": ("220", "cny_g"), "pd": ("260", "cny_g"), "rh": ("1100", "cny_g")},
    )
    approval_decide(request=approval_for(adjustment), actor=org.north_manager, decision="approve")
    q.refresh_from_db()
    assert q.unit_price == price_at("5") + Decimal("105.94")
    # A corrected April upload keeps the adjustment (re-priced from the revision's start).
    market_month(
        org.finance,
        month=date(2026, 4, 1),
        products=[priced],
        prices={"pt": ("220", "cny_g"), "pd": ("250", "cny_g"), "rh": ("1100", "cny_g")},
    )
    q.refresh_from_db()
    assert q.unit_price == price_at("5") + Decimal("52.97")


def test_a_returned_request_can_be_sent_again_and_approved(org, priced):
    q = quote(org.north_rep, priced)
    adjustment = adjustment_request(
        quote=q, actor=org.north_rep, unit_price=price_at("5"), reason="a"
    )
    approval_decide(
        request=approval_for(adjustment),
        actor=org.north_manager,
        decision="return",
        reason="补充说明",
    )
    adjustment.refresh_from_db()
    request = approval_submit(document=adjustment, actor=org.north_rep)
    adjustment.refresh_from_db()
    assert adjustment.status == "pending" and request.state == "submitted"
    approval_decide(request=request, actor=org.north_manager, decision="approve")
    q.refresh_from_db()
    assert q.unit_price == price_at("5")


def test_the_quote_page_gives_each_approval_panel_its_own_id(org, client_for, priced):
    import re

    q = quote(org.north_rep, priced)
    adjustment = adjustment_request(
        quote=q, actor=org.north_rep, unit_price=price_at("5"), reason="竞品压价"
    )
    page = client_for(org.north_manager).get(q.get_absolute_url()).content.decode()
    ids = re.findall(r'id="(approval-panel-[^"]+)"', page)
    assert f"approval-panel-pricing-priceadjustment-{adjustment.pk}" in ids
    assert len(ids) == len(set(ids))
