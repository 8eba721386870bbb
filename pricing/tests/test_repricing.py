"""Monthly re-pricing of quotes under the metal pass-through clause."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from pricing.models import FormulaVersion, Quote, QuoteRevision
from pricing.services import monthly_cost_rollup
from pricing.tests.factories import QUOTE_BANDS, customer, market_month, product, quote, strategy
from tests.factories import authority
from tests.querycount import assert_constant_queries

# Test product in March: Pd 5.297209 g × 240 = 1,271.33, Rh 0.529721 g × 1,100 = 582.69 → metal
# 1,854.02; value added 250.00; class A introduction → list 2,179.02.
LIST = Decimal("2179.02")
APRIL = date(2026, 4, 1)
MAY = date(2026, 5, 1)


def prices(pd="240", rh="1100"):
    return {"pt": ("220", "cny_g"), "pd": (pd, "cny_g"), "rh": (rh, "cny_g")}


@pytest.fixture
def priced(org):
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    return prod


def clause_quote(rep, prod, *, status="agreed", customer_obj=None, unit_price=None):
    q = quote(rep, prod, customer_obj=customer_obj, unit_price=unit_price)
    Quote.objects.filter(pk=q.pk).update(metal_clause=True, status=status)
    q.refresh_from_db()
    return q


def april(org, prod, pd="260", capture=None):
    return market_month(org.finance, month=APRIL, products=[prod], prices=prices(pd=pd))


def test_rollup_moves_the_metal_part_and_keeps_the_value_added(
    org, priced, django_capture_on_commit_callbacks
):
    agreed = clause_quote(org.north_rep, priced)
    won = clause_quote(org.north_rep, priced, status="won", unit_price=Decimal("2150.00"))
    others = [
        clause_quote(org.north_rep, priced, status=s)
        for s in ("draft", "pending", "lost", "rejected")
    ]
    plain = quote(org.north_rep, priced)
    with django_capture_on_commit_callbacks(execute=True):
        upload = april(org, priced)
    # Pd 240 → 260: 5.297209 g × 260 = 1,377.27 → metal 1,959.96 (+105.94).
    agreed.refresh_from_db()
    assert (agreed.metal_cost, agreed.unit_price, agreed.month, agreed.upload) == (
        Decimal("1959.96"),
        Decimal("2284.96"),
        APRIL,
        upload,
    )
    assert agreed.unit_price - agreed.metal_cost == LIST - Decimal("1854.02")
    assert agreed.list_price == Decimal("2284.96") and agreed.discount_percent == 0
    assert (
        agreed.snapshot["metals"]["pd"]["cny_per_g"] == "260.0000"
        and agreed.snapshot["month"] == "2026-04-01"
    )
    won.refresh_from_db()
    assert won.unit_price == Decimal("2255.94")
    revision = QuoteRevision.objects.get(quote=agreed)
    assert (revision.kind, revision.month, revision.upload, revision.old_month) == (
        "metal",
        APRIL,
        upload,
        date(2026, 3, 1),
    )
    assert (
        revision.old_metal_cost,
        revision.new_metal_cost,
        revision.old_unit_price,
        revision.new_unit_price,
    ) == (Decimal("1854.02"), Decimal("1959.96"), LIST, Decimal("2284.96"))
    for q in [*others, plain]:
        before = q.unit_price
        q.refresh_from_db()
        assert q.unit_price == before and q.month == date(2026, 3, 1)
    assert QuoteRevision.objects.count() == 2
    # One e-mail to the owner listing both re-priced quotes (the agreed one is also below the
    # floor now: that is a separate e-mail, as before).
    repriced = [m for m in mail.outbox if "re-priced" in m.subject]
    assert len(repriced) == 1 and repriced[0].to == ["north_rep@example.com"]
    assert agreed.number in repriced[0].body and won.number in repriced[0].body
    assert "2179.02 → 2284.96" in repriced[0].body


def test_running_the_rollup_again_changes_nothing(org, priced, django_capture_on_commit_callbacks):
    q = clause_quote(org.north_rep, priced)
    with django_capture_on_commit_callbacks(execute=True):
        april(org, priced)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_cost_rollup(month=APRIL)
        monthly_cost_rollup(month=APRIL)
    q.refresh_from_db()
    assert q.unit_price == Decimal("2284.96") and q.metal_cost == Decimal("1959.96")
    assert QuoteRevision.objects.filter(quote=q).count() == 1
    assert len(mail.outbox) == sent


def test_a_corrected_upload_reprices_from_the_starting_point(
    org, priced, django_capture_on_commit_callbacks
):
    q = clause_quote(org.north_rep, priced)
    april(org, priced, pd="260")
    with django_capture_on_commit_callbacks(execute=True):
        corrected = april(org, priced, pd="250")  # finance corrects April: Pd 250, metal 1,906.99
    q.refresh_from_db()
    assert (
        q.metal_cost == Decimal("1906.99")
        and q.unit_price == Decimal("2231.99")
        and q.upload == corrected
    )
    revision = QuoteRevision.objects.get(quote=q)
    assert (
        revision.upload,
        revision.old_unit_price,
        revision.new_unit_price,
        revision.old_metal_cost,
    ) == (corrected, LIST, Decimal("2231.99"), Decimal("1854.02"))
    assert "2179.02 → 2231.99" in [m for m in mail.outbox if "re-priced" in m.subject][-1].body
    # Correcting back to the original April figures gives the same price as running once.
    april(org, priced, pd="260")
    q.refresh_from_db()
    assert q.unit_price == Decimal("2284.96") and QuoteRevision.objects.count() == 1


def test_each_month_adds_a_revision_and_an_older_month_does_not_move_prices_back(org, priced):
    q = clause_quote(org.north_rep, priced)
    april(org, priced, pd="260")
    market_month(
        org.finance, month=MAY, products=[priced], prices=prices(pd="230")
    )  # metal 1,801.05
    q.refresh_from_db()
    assert q.unit_price == Decimal("2126.05") and q.month == MAY
    assert [
        (r.month, r.old_unit_price, r.new_unit_price) for r in QuoteRevision.objects.filter(quote=q)
    ] == [(MAY, Decimal("2284.96"), Decimal("2126.05")), (APRIL, LIST, Decimal("2284.96"))]
    monthly_cost_rollup(month=APRIL)  # not the newest month: quotes stay at May
    q.refresh_from_db()
    assert q.unit_price == Decimal("2126.05") and QuoteRevision.objects.count() == 2


def test_the_quotes_own_formula_is_used_not_the_newest(org, priced):
    q = clause_quote(org.north_rep, priced)
    FormulaVersion.objects.create(
        product=priced,
        version=2,
        loading_unit="g_ft3",
        pd_loading=Decimal("50"),
        rh_loading=Decimal("5"),
        valid_from=date(2026, 4, 1),
    )
    april(org, priced, pd="260")
    q.refresh_from_db()
    assert q.metal_cost == Decimal("1959.96") and q.unit_price == Decimal("2284.96")


def test_quote_page_shows_the_history_newest_first(org, client_for, priced):
    q = clause_quote(org.north_rep, priced)
    april(org, priced, pd="260")
    market_month(org.finance, month=MAY, products=[priced], prices=prices(pd="230"))
    page = client_for(org.north_rep).get(q.get_absolute_url()).content.decode()
    assert page.index("2,284.96 → <strong>2,126.05") < page.index("2,179.02 → <strong>2,284.96")
    assert "2026-04 → 2026-05" in page
    assert client_for(org.east_manager).get(q.get_absolute_url()).status_code == 404


def test_quote_list_filters_quotes_repriced_this_month(org, client_for, priced):
    moved = clause_quote(org.north_rep, priced)
    still = quote(org.north_rep, priced)
    april(org, priced)
    page = client_for(org.north_manager).get("/pricing/quotes/?repriced=on").content.decode()
    assert moved.number in page and still.number not in page
    # Next month, April's re-pricing is no longer "this month".
    market_month(org.finance, month=MAY, products=[priced], prices=prices(pd="260"))
    page = client_for(org.north_manager).get("/pricing/quotes/?repriced=on").content.decode()
    assert moved.number not in page


def test_quote_page_and_filtered_list_queries_do_not_grow(org, client_for, priced):
    q = clause_quote(org.north_rep, priced)
    april(org, priced)
    revision = QuoteRevision.objects.get(quote=q)
    cust = customer(org.north, owner=org.north_rep)

    def grow_history(n):
        start = QuoteRevision.objects.count()
        QuoteRevision.objects.bulk_create(
            [
                QuoteRevision(
                    quote=q,
                    kind="adjustment",
                    month=APRIL,
                    upload=revision.upload,
                    old_month=APRIL,
                    old_upload=revision.upload,
                    old_metal_cost=q.metal_cost,
                    new_metal_cost=q.metal_cost,
                    old_unit_price=q.unit_price,
                    new_unit_price=q.unit_price + start + i,
                )
                for i in range(n)
            ]
        )

    client = client_for(org.north_manager)
    assert_constant_queries(client, q.get_absolute_url(), grow=grow_history, small=2, large=30)

    def grow_quotes(n):
        # New quotes are priced at April; put them back on March's data for the roll-up to move.
        pks = [clause_quote(org.north_rep, priced, customer_obj=cust).pk for _ in range(n)]
        Quote.objects.filter(pk__in=pks).update(
            month=date(2026, 3, 1),
            upload=revision.old_upload,
            metal_cost=Decimal("1854.02"),
            unit_price=LIST,
        )
        monthly_cost_rollup(month=APRIL)
        assert QuoteRevision.objects.filter(quote__in=pks).count() == n

    assert_constant_queries(
        client, "/pricing/quotes/?repriced=on", grow=grow_quotes, small=2, large=20
    )


def test_the_owner_is_told_in_their_language(org, priced, django_capture_on_commit_callbacks):
    org.north_rep.language = "zh-hans"
    org.north_rep.save()
    q = clause_quote(org.north_rep, priced)
    with django_capture_on_commit_callbacks(execute=True):
        april(org, priced)
    sent = [m for m in mail.outbox if "贵金属联动" in m.subject]
    assert len(sent) == 1 and q.number in sent[0].body and "2179.02 → 2284.96" in sent[0].body
