import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from information.models import Digest, Entry, Frequency, Kind
from pricing.models import CompetitorPrice
from tests.factories import build_org
from tests.querycount import assert_constant_queries

from . import factories as f


@pytest.fixture
def org(db):
    return build_org()


def test_form_list_queries_do_not_grow(org, client_for):
    item = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY)
    start = date(2026, 1, 5)

    def grow(n):
        for _ in range(n):
            nonlocal start
            form_row = f.form(item, org.north_rep, start=start, end=start + timedelta(days=6))
            f.entry(form_row, competitor="巴斯夫")
            start += timedelta(days=7)

    assert_constant_queries(client_for(org.north_manager), "/information/", grow=grow, large=30)


def test_consolidation_and_digest_queries_do_not_grow(org, client_for):
    item = f.plan_item()
    month = timezone.localdate().replace(day=1)
    form_row = f.form(item, org.north_rep, start=month, end=month)
    digest = f.digest(month=month - timedelta(days=40), by=org.mktadmin)

    def grow(n):
        for i in range(n):
            f.entry(form_row, title=f"新闻 {i}", digest=digest, for_analysis=True)

    client = client_for(org.mktadmin)
    assert_constant_queries(client, "/information/consolidation/", grow=grow, large=30)
    assert_constant_queries(client, f"/information/digests/{digest.pk}/", grow=grow, large=30)


def test_rep_fills_a_competitor_price_and_sees_it_in_pricings_list(org, client_for):
    item = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY)
    today = timezone.localdate()
    form_row = f.form(item, org.north_rep, start=today, end=today)
    customer = f.customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    page = client.get(form_row.get_absolute_url())
    key = page.context["entry_form"].initial["submission_key"]

    data = {
        "competitor": "庄信万丰",
        "product": "TWC",
        "customer": customer.pk,
        "price": "905.00",
        "title": "庄信万丰报价",
        "submission_key": key,
    }
    assert client.post(form_row.get_absolute_url(), data).status_code == 302
    assert client.post(form_row.get_absolute_url(), data).status_code == 302  # twice: one row

    assert CompetitorPrice.objects.get().price == Decimal("905.00")
    assert Entry.objects.count() == 1
    assert "庄信万丰" in client.get("/pricing/competitors/").content.decode()
    form_row.refresh_from_db()
    assert form_row.submitted_on == today


def test_lateness_page_shows_each_persons_figures(org, client_for):
    item = f.plan_item(grace_days=0)
    today = timezone.localdate()
    month = today.replace(day=1)
    f.form(item, org.north_rep, start=month, due=today, submitted_on=today + timedelta(days=1))
    f.form(item, org.east_rep, start=month, due=today)
    page = client_for(org.north_manager).get("/information/late/").content.decode()
    assert "north_rep" in page and "east_rep" not in page
    rows = client_for(org.mktadmin).get("/information/late/").context["rows"]
    assert {(r["person"].username, r["due"], r["late"]) for r in rows} == {
        ("north_rep", 1, 1),
        ("east_rep", 1, 0),
    }


def test_marketing_admin_publishes_and_a_rep_downloads_a_formula_safe_excel(org, client_for):
    item = f.plan_item(recipients=[org.director])
    month = timezone.localdate().replace(day=1)
    form_row = f.form(item, org.north_rep, start=month, end=month)
    entry = f.entry(form_row, title="=HYPERLINK(1)", reported_on=month)
    admin = client_for(org.mktadmin)
    admin.post("/information/consolidation/mark/", {"entry": [entry.pk], "month": f"{month:%Y-%m}"})
    response = admin.post(
        "/information/digests/publish/",
        {"month": f"{month:%Y-%m}", "title": "本月简报", "summary": "摘要"},
    )
    digest = Digest.objects.get()
    assert response.status_code == 302 and response["Location"] == digest.get_absolute_url()

    rep = client_for(org.north_rep2)  # another rep: the published digest is everyone's
    assert "本月简报" in rep.get("/information/digests/").content.decode()
    sheet = load_workbook(io.BytesIO(rep.get(f"/information/digests/{digest.pk}/excel/").content))
    cell = sheet.active.cell(row=2, column=3)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
