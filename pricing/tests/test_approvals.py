"""Pricing documents in the approval mechanism: the strategy's two-step chain, quotes read in
percent, and the quote's status mirrored from its approval."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import access
from approvals.services import approval_decide, approval_for, approval_submit
from pricing.models import PricingStrategy, Quote
from pricing.services import strategy_create, strategy_current
from pricing.tests.factories import market_month, product, quote, strategy
from regions.roles import Role

LIST = Decimal("2179.02")  # the test product's list price (see test_quotes.py)


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    return prod


def price_at(discount: str) -> Decimal:
    return (LIST * (100 - Decimal(discount)) / 100).quantize(Decimal("0.01"))


def new_strategy(actor, **overrides) -> PricingStrategy:
    fields = {
        "name": "2027",
        "valid_from": date(2026, 1, 1),
        "markup_a": Decimal("31"),
        "markup_b": Decimal("21"),
        "markup_c": Decimal("15"),
        "markup_d": Decimal("10"),
        "floor_markup": Decimal("5"),
        "ceiling_extra": Decimal("10"),
    }
    fields.update(overrides)
    return strategy_create(actor=actor, **fields)


def test_a_strategy_needs_the_director_then_the_executive_committee(org, client_for):
    # Drafted by marketing administration: step 1 is the director's own.
    drafted = new_strategy(org.mktadmin)
    request = approval_submit(document=drafted, actor=org.mktadmin)
    assert (request.step, request.step_count, request.approver_role) == (1, 2, Role.DIRECTOR)
    request = approval_decide(request=request, actor=org.director, decision="approve")
    assert (request.state, request.step, request.approver_role) == (
        "submitted",
        2,
        Role.EXECUTIVE,
    )
    drafted.refresh_from_db()
    assert drafted.approved_at is None and strategy_current() is None
    page = client_for(org.exec).get(drafted.get_absolute_url()).content.decode()
    assert "Step 2 of 2" in page and 'data-testid="approve-' in page
    with pytest.raises(PermissionDenied):
        approval_decide(request=request, actor=org.gm, decision="approve")
    request = approval_decide(request=request, actor=org.exec, decision="approve")
    assert request.state == "approved"
    drafted.refresh_from_db()
    assert drafted.approved_at is not None and strategy_current() == drafted


def test_a_strategy_rejected_at_the_committee_never_applies(org):
    drafted = new_strategy(org.director)
    request = approval_submit(document=drafted, actor=org.director)
    # The director drafted it: step 1 goes up to the general manager.
    assert request.approver_role == Role.GENERAL_MANAGER
    request = approval_decide(request=request, actor=org.gm, decision="approve")
    request = approval_decide(request=request, actor=org.exec, decision="reject", reason="Too high")
    assert request.state == "rejected"
    drafted.refresh_from_db()
    assert drafted.approved_at is None and strategy_current() is None


def test_a_quote_discount_shows_in_percent_in_the_queue(org, client_for, priced):
    q = quote(org.north_rep, priced, unit_price=price_at("6"))
    request = approval_for(q)
    assert request.amount == Decimal("6.00") and request.amount_display == "6.00 %"
    page = client_for(org.north_manager).get(reverse("approvals:queue")).content.decode()
    assert "6.00 %" in page and "6.00 CNY" not in page


def test_the_quote_status_follows_its_approval(org, priced):
    q = quote(org.north_rep, priced, unit_price=price_at("5"))
    assert Quote.objects.get(pk=q.pk).status == "pending"
    request = approval_decide(
        request=approval_for(q), actor=org.north_manager, decision="return", reason="Try 4 %"
    )
    assert Quote.objects.get(pk=q.pk).status == "draft"
    request = approval_submit(document=q, actor=org.north_rep)
    assert Quote.objects.get(pk=q.pk).status == "pending"
    approval_decide(request=request, actor=org.north_manager, decision="reject", reason="No")
    assert Quote.objects.get(pk=q.pk).status == "rejected"
    other = quote(
        org.north_rep2,
        priced,
        unit_price=price_at("5"),
        customer_obj=q.customer,
    )
    approval_decide(request=approval_for(other), actor=org.north_manager, decision="approve")
    assert Quote.objects.get(pk=other.pk).status == "agreed"


def test_a_quote_changed_meanwhile_is_not_agreed(org, priced):
    q = quote(org.north_rep, priced, unit_price=price_at("5"))
    Quote.objects.filter(pk=q.pk).update(status="lost")
    request = approval_for(q)
    with pytest.raises(ValidationError, match="changed meanwhile"):
        approval_decide(request=request, actor=org.north_manager, decision="approve")
    request.refresh_from_db()
    assert request.state == "submitted"
    assert Quote.objects.get(pk=q.pk).status == "lost"


def test_the_home_counts_follow_every_quote_write_and_match_the_quotes(org, priced):
    """The open-quote counts (QuoteCount) are recounted by each write — made agreed or pending,
    returned, resubmitted, rejected, approved, won — in the quote's region only; the home panel
    reads them for the director and a region manager and gives what counting the quotes
    gives; a rep's panel counts their own quotes."""
    from pricing.home import quotes_panel
    from pricing.models import QuoteCount
    from pricing.services import quote_counts_refresh, quote_record_outcome
    from pricing.tests.factories import customer

    def counted(user):
        visible = access.visible(user, Quote).filter(status__in=("draft", "pending", "agreed"))
        return {
            "open": visible.count(),
            "pending": visible.filter(status="pending").count(),
            "below": visible.filter(below_floor=True).count(),
        }

    def check(expected_north, expected_all):
        assert quotes_panel(org.north_manager) == counted(org.north_manager) == expected_north
        assert quotes_panel(org.director) == counted(org.director) == expected_all
        assert quotes_panel(org.north_rep) == counted(org.north_rep)

    agreed = quote(org.north_rep, priced)  # within the band: agreed at once
    check({"open": 1, "pending": 0, "below": 0}, {"open": 1, "pending": 0, "below": 0})
    q = quote(org.north_rep, priced, unit_price=price_at("5"))  # pending the manager
    east = quote(
        org.east_manager,
        priced,
        unit_price=price_at("9"),
        customer_obj=customer(org.east, name="东岳汽车", owner=org.east_rep),
    )
    # 5 % and 9 % off list are under the floor (list less the floor markup's share).
    check({"open": 2, "pending": 1, "below": 1}, {"open": 3, "pending": 2, "below": 2})
    approval_decide(request=approval_for(q), actor=org.north_manager, decision="return", reason="4")
    check({"open": 2, "pending": 0, "below": 1}, {"open": 3, "pending": 1, "below": 2})
    request = approval_submit(document=q, actor=org.north_rep)
    approval_decide(request=request, actor=org.north_manager, decision="reject", reason="No")
    check({"open": 1, "pending": 0, "below": 0}, {"open": 2, "pending": 1, "below": 1})
    approval_decide(request=approval_for(east), actor=org.director, decision="approve")
    check({"open": 1, "pending": 0, "below": 0}, {"open": 2, "pending": 0, "below": 1})
    quote_record_outcome(quote=agreed, actor=org.north_rep, outcome="won")
    check({"open": 0, "pending": 0, "below": 0}, {"open": 1, "pending": 0, "below": 1})
    # Recounting is idempotent: the same rows again.
    rows = sorted(QuoteCount.objects.values_list("region_id", "status", "below_floor", "n"))
    quote_counts_refresh()
    assert sorted(QuoteCount.objects.values_list("region_id", "status", "below_floor", "n")) == rows
