from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import ApprovalRequest
from approvals.services import approval_decide, approval_for
from pricing.models import FormulaVersion, Quote
from pricing.services import monthly_cost_rollup
from pricing.tests.factories import QUOTE_BANDS, customer, market_month, product, quote, strategy
from tests.factories import authority

# Test product at the factory month: metal 1,854.02, value added 250.00; class A introduction →
# 30 % markup = 75.00; list 2,179.02; floor 2,116.52.
LIST = Decimal("2179.02")


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    return prod


def price_at(discount: str) -> Decimal:
    return (LIST * (100 - Decimal(discount)) / 100).quantize(Decimal("0.01"))


def test_quote_breakdown_and_snapshot(org, priced):
    q = quote(org.north_rep, priced)
    assert (q.metal_cost, q.value_added, q.list_price, q.floor_price) == (
        Decimal("1854.02"),
        Decimal("250.00"),
        LIST,
        Decimal("2116.52"),
    )
    assert q.unit_price == LIST and q.status == "agreed" and q.discount_percent == 0
    assert q.formula == FormulaVersion.objects.get(product=priced)
    assert (
        q.snapshot["metals"]["pd"]["cny_per_g"] == "240.0000"
        and q.snapshot["month"] == "2026-03-01"
    )


@pytest.mark.parametrize(
    "persona,discount,status,approver",
    [
        ("north_rep", "2", "agreed", None),
        ("north_rep", "5", "pending", "region_manager"),
        ("north_rep", "10", "pending", "marketing_director"),
        ("north_manager", "5", "agreed", None),
        ("north_manager", "10", "pending", "marketing_director"),
        ("director", "10", "agreed", None),
    ],
)
def test_band_routing_for_each_role(org, priced, persona, discount, status, approver):
    person = getattr(org, persona)
    q = quote(
        person,
        priced,
        customer_obj=customer(org.north, owner=org.north_rep),
        unit_price=price_at(discount),
    )
    assert q.status == status
    request = approval_for(q)
    if approver is None:
        assert request is None
    else:
        assert request.state == "submitted" and request.approver_role == approver
        assert request.amount == q.discount_percent


def test_region_manager_approves_a_quote_below_the_rep_band(org, priced):
    q = quote(org.north_rep, priced, unit_price=price_at("5"))
    request = approval_for(q)
    with pytest.raises(PermissionDenied):
        approval_decide(request=request, actor=org.east_manager, decision="approve")
    approval_decide(request=request, actor=org.north_manager, decision="approve")
    q.refresh_from_db()
    assert q.status == "agreed"


def test_metal_is_never_discounted(org, priced):
    with pytest.raises(ValidationError, match="metal is never discounted"):
        quote(org.north_rep, priced, unit_price=Decimal("1800.00"))
    assert Quote.objects.count() == 0


def test_rollup_flags_open_quotes_below_the_floor_and_emails_the_owner(
    org, priced, django_capture_on_commit_callbacks
):
    q = quote(org.north_rep, priced)  # at list 2,179.02
    closed = quote(org.north_rep, priced)
    Quote.objects.filter(pk=closed.pk).update(status="lost")
    # Palladium up from 240 to 260 CNY/g: metal +105.94 → floor 2,222.46 > 2,179.02.
    with django_capture_on_commit_callbacks(execute=True):
        market_month(
            org.finance,
            month=date(2026, 4, 1),
            products=[priced],
            prices={"pt": ("220", "cny_g"), "pd": ("260", "cny_g"), "rh": ("1100", "cny_g")},
        )
    q.refresh_from_db()
    closed.refresh_from_db()
    assert q.below_floor and q.below_floor_month == date(2026, 4, 1)
    assert not closed.below_floor
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["north_rep@example.com"]
    assert q.number in mail.outbox[0].body
    # Running the roll-up again does not e-mail again.
    with django_capture_on_commit_callbacks(execute=True):
        monthly_cost_rollup(month=date(2026, 4, 1))
    assert len(mail.outbox) == 1


def test_a_rep_sees_only_own_quotes(org, client_for, priced):
    mine = quote(org.north_rep, priced)
    other = quote(
        org.north_rep2,
        priced,
        customer_obj=customer(org.north, name="燕山重卡", owner=org.north_rep2),
    )
    client = client_for(org.north_rep)
    body = client.get("/pricing/quotes/").content.decode()
    assert mine.number in body and other.number not in body
    assert client.get(f"/pricing/quotes/{other.pk}/").status_code == 404
    manager = client_for(org.north_manager).get("/pricing/quotes/").content.decode()
    assert mine.number in manager and other.number in manager
    assert ApprovalRequest.objects.count() == 1  # the strategy's only


def test_only_finance_uploads(org, client_for, priced):
    from pricing.tests.factories import xlsx

    for persona in ("north_rep", "north_manager", "director"):
        response = client_for(getattr(org, persona)).post(
            "/pricing/market/upload/", {"month": "2026-05", "file": xlsx(month="2026-05")}
        )
        assert response.status_code == 403
    response = client_for(org.finance).post(
        "/pricing/market/upload/", {"month": "2026-05", "file": xlsx(month="2026-05")}
    )
    assert response.status_code == 302


def test_outcome_is_recorded_by_the_owner(org, client_for, priced):
    q = quote(org.north_rep, priced)
    client = client_for(org.north_rep)
    client.post(
        f"/pricing/quotes/{q.pk}/outcome/",
        {"outcome": "lost", "competitor": "BASF", "competitor_price": "2100"},
    )
    q.refresh_from_db()
    assert (q.status, q.competitor, q.competitor_price) == ("lost", "BASF", Decimal("2100.00"))
