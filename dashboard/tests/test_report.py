"""The monthly operations report: stored per scope, idempotent, versions kept, Excel built with
pandas that openpyxl opens with no formula, e-mailed to each reader's scope."""

import io
from datetime import date

import pytest
from django.core import mail
from openpyxl import load_workbook

from dashboard.models import MonthlyReport
from dashboard.services import report_generate
from dashboard.tasks import monthly_report_task

from .factories import PRICE_MONTH, build, realised

pytestmark = pytest.mark.django_db
MONTH = date.fromisoformat(f"{PRICE_MONTH}-01")


@pytest.fixture
def world(org):
    return build(org)


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return book, [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


def test_the_job_is_idempotent_and_a_change_adds_a_version(
    world, django_capture_on_commit_callbacks
):
    from pricing.models import Quote

    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_report_task(PRICE_MONTH) == 4  # the company and three regions
    assert MonthlyReport.objects.count() == 4
    sent = {m.to[0] for m in mail.outbox}
    assert sent == {
        "director@example.com",
        "gm@example.com",
        "north_manager@example.com",
        "east_manager@example.com",
        "south_manager@example.com",
    }
    mail.outbox.clear()
    # A re-run (or a redelivered task) with the same figures changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_report_task(PRICE_MONTH) == 0
    assert MonthlyReport.objects.count() == 4 and not mail.outbox
    # A north quote changes: the north and the company get version 2; version 1 stays.
    Quote.objects.filter(pk=world.north_quotes[0].pk).update(quantity=2000)
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_report_task(PRICE_MONTH) == 2
    north = MonthlyReport.objects.filter(month=MONTH, region=world.org.north)
    assert sorted(north.values_list("version", "is_current")) == [(1, False), (2, True)]
    assert {m.to[0] for m in mail.outbox} == {
        "director@example.com",
        "gm@example.com",
        "north_manager@example.com",
    }


def test_excel_opens_without_formulas_and_keeps_the_scope(world, client_for):
    from budgets.models import CostCategory

    # A category named like a formula (the east's budget line is in it) stays text.
    CostCategory.objects.filter(pk=world.east_line.category_id).update(
        name='=HYPERLINK("http://x","y")', name_en='=HYPERLINK("http://x","y")'
    )
    client = client_for(world.org.east_manager)
    contents = {}
    for month in (MONTH, world.budget_month):
        report_generate(month=month, notify=False)
        east = MonthlyReport.objects.get(month=month, region=world.org.east, is_current=True)
        response = client.get(f"/dashboard/reports/{east.pk}/excel/")
        assert response.status_code == 200
        contents[month] = response.content
    book, cells = _cells(contents[world.budget_month])
    assert [ws.title for ws in book.worksheets] == [
        "Sales",
        "Sales vs plan",
        "Development progress",
        "Budget execution",
        "Price realisation",
        "KPIs",
        "Market intelligence highlights",
    ]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    numbers = [c.value for c in cells if isinstance(c.value, (int, float))]
    assert '=HYPERLINK("http://x","y")' in texts  # kept as text
    assert 4321 in numbers and 12000 not in numbers and 10200 not in numbers  # the north's
    assert not any("North" in t or "华北" in t for t in texts)
    _book, cells = _cells(contents[MONTH])
    numbers = [c.value for c in cells if isinstance(c.value, (int, float))]
    assert float(realised([world.east_quote])) in numbers
    assert float(realised(world.north_quotes)) not in numbers
    assert 10000 in numbers and 100000 not in numbers  # the east's sales, not the north's
    # The north's report is not the east manager's to read.
    north = MonthlyReport.objects.get(month=MONTH, region=world.org.north, is_current=True)
    assert client.get(f"/dashboard/reports/{north.pk}/").status_code == 404
    assert client.get(f"/dashboard/reports/{north.pk}/excel/").status_code == 404


def test_excel_in_the_readers_language(world, client_for):
    report_generate(month=MONTH, notify=False)
    company = MonthlyReport.objects.get(month=MONTH, region=None, is_current=True)
    director = world.org.director
    director.language = "zh-hans"
    director.save(update_fields=["language"])
    client = client_for(director)
    client.cookies.load({"django_language": "zh-hans"})
    content = client.get(
        f"/dashboard/reports/{company.pk}/excel/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content
    book, _cells_ = _cells(content)
    assert "价格实现" in [ws.title for ws in book.worksheets]


def test_the_report_page_and_the_printable_page(world, client_for):
    report_generate(month=MONTH, notify=False)
    company = MonthlyReport.objects.get(month=MONTH, region=None, is_current=True)
    client = client_for(world.org.director)
    page = client.get(f"/dashboard/reports/{company.pk}/").content.decode()
    assert 'data-testid="report-section-prices"' in page and "topbar" in page
    printable = client.get(f"/dashboard/reports/{company.pk}/print/").content.decode()
    assert 'data-testid="report-section-budget"' in printable and "mainnav" not in printable


def test_only_the_director_regenerates(world, client_for):
    response = client_for(world.org.gm).post("/dashboard/reports/generate/", {"month": PRICE_MONTH})
    assert response.status_code == 403 and not MonthlyReport.objects.exists()
    response = client_for(world.org.director).post(
        "/dashboard/reports/generate/", {"month": PRICE_MONTH}
    )
    assert response.status_code == 302 and MonthlyReport.objects.count() == 4
    response = client_for(world.org.director).post(
        "/dashboard/reports/generate/", {"month": "2999-01"}
    )
    assert response.status_code == 302 and MonthlyReport.objects.count() == 4
