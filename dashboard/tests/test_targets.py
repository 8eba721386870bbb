"""Sales against target and the KPI ranking on the dashboard: the same figures as planning's
tracking page and performance's ranking, the original and the adjusted target side by side,
and nothing from outside the reader's scope (page, chart data, report Excel)."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.templatetags.core import money
from tests.querycount import assert_constant_queries

from .. import selectors
from ..models import MonthlyReport
from ..services import report_generate
from .factories import PRICE_MONTH, adjust_north_march, build_targets

pytestmark = pytest.mark.django_db
MONTH = date.fromisoformat(f"{PRICE_MONTH}-01")


@pytest.fixture
def world(org):
    return build_targets(org)


def _chart(page: str, name: str) -> dict:
    return json.loads(page.split(f'id="{name}" type="application/json">')[1].split("</script>")[0])


def _testid(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', page)
    assert match, testid
    return match.group(1).strip()


def _rows(page: str, testid: str) -> list[str]:
    return re.findall(rf'<tr data-testid="{testid}">(.*?)</tr>', page, re.S)


def _cell(row: str, testid: str) -> str:
    return _testid(row, testid)


@pytest.mark.parametrize(
    "kind,tracked,target,percent",
    [("month", "month", 150000, "66.7"), ("year", "ytd", 200000, "50.0")],
)
def test_the_figures_are_planning_trackings(world, client_for, kind, tracked, target, percent):
    from planning.selectors import tracking

    org = world.org
    period = selectors.period_from({"period": kind, "month": PRICE_MONTH})
    regions = selectors.scope_regions(user=org.director)
    mine = selectors.sales_vs_target(user=org.director, period=period, regions=regions)
    for which in ("current", "original"):
        theirs = tracking(
            user=org.director, year=2026, month=3, by="region", period=tracked, which=which
        )
        assert {r["key"]: r["target"] for r in theirs["rows"]} == {
            r["key"]: r[which] for r in mine["by_region"]
        }
        assert {r["key"]: r["actual"] for r in theirs["rows"]} == {
            r["key"]: {m: r["actual"][m] for m in ("litres", "revenue")} for r in mine["by_region"]
        }
        assert (
            theirs["totals"]["revenue_percent"]
            == (
                mine["totals"][
                    "revenue_percent" if which == "current" else "revenue_percent_original"
                ]
            )
        )
    # By hand: the north sold 100,000 in March against 150,000 (and 50,000 in January).
    north = next(r for r in mine["by_region"] if r["code"] == "north")
    assert north["current"]["revenue"] == target and north["actual"]["revenue"] == 100000
    assert north["revenue_percent"] == Decimal(percent)
    page = client_for(org.director).get(f"/dashboard/?period={kind}&month={PRICE_MONTH}")
    page = page.content.decode()
    total = mine["totals"]
    assert _testid(page, "targets-current-revenue") == money(total["current"]["revenue"])
    assert _testid(page, "targets-actual-revenue") == money(total["actual"]["revenue"])
    rows = _rows(page, "targets-region-row")
    assert len(rows) == 2
    north_row = next(r for r in rows if "North" in r)
    assert _cell(north_row, "current-revenue") == money(target)
    assert _cell(north_row, "actual-revenue") == money(100000)
    # Drill from the north's current target to planning's tracking page for the same figure.
    link = re.search(
        r'href="(/planning/tracking/\?[^"]*)"[^>]*data-testid="current-revenue"', north_row
    )
    response = client_for(org.director).get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert money(target) in response.content.decode() and f"region={org.north.pk}" in link.group(1)
    # And from its actual to the order lines behind it.
    link = re.search(
        r'href="(/dashboard/sales/\?[^"]*)"[^>]*data-testid="actual-revenue"', north_row
    )
    drill = client_for(org.director).get(link.group(1).replace("&amp;", "&")).content.decode()
    assert _testid(drill, "drill-revenue") == money(100000)


def test_original_and_adjusted_targets_both_shown(world, client_for):
    org = world.org
    adjust_north_march(org, world.north_plan, revenue="120000")
    client = client_for(org.director)
    page = client.get(f"/dashboard/?period=month&month={PRICE_MONTH}").content.decode()
    assert _testid(page, "targets-original-revenue") == money(170000)  # 150,000 + 20,000
    assert _testid(page, "targets-current-revenue") == money(140000)  # 120,000 + 20,000
    north_row = next(r for r in _rows(page, "targets-region-row") if "North" in r)
    assert _cell(north_row, "original-revenue") == money(150000)
    assert _cell(north_row, "current-revenue") == money(120000)
    assert "Original target (CNY)" in page and "Current target (CNY)" in page
    chart = _chart(page, "chart-targets")
    assert chart["data"]["labels"] == ["2026-01", "2026-02", "2026-03"]
    sets = {d["label"]: d["data"] for d in chart["data"]["datasets"]}
    assert sets["Actual revenue (CNY)"] == [0.0, 0.0, 110000.0]
    assert sets["Current target (CNY)"] == [50000.0, 0.0, 140000.0]
    assert sets["Original target (CNY)"] == [50000.0, 0.0, 170000.0]
    # The original target's link opens planning's tracking against the original targets.
    assert "which=original" in re.search(
        r'href="([^"]*)"[^>]*data-testid="original-revenue"', north_row
    ).group(1)


def test_a_region_manager_sees_only_their_region(world, client_for):
    org = world.org
    client = client_for(org.east_manager)
    page = client.get(f"/dashboard/?period=year&month={PRICE_MONTH}").content.decode()
    rows = _rows(page, "targets-region-row")
    assert len(rows) == 1 and "East" in rows[0]
    assert _testid(page, "targets-current-revenue") == money(20000)
    for figure in (150000, 50000, 100000, 170000):
        assert money(figure) not in page
    chart = _chart(page, "chart-targets")
    sets = {d["label"]: d["data"] for d in chart["data"]["datasets"]}
    assert sets["Current target (CNY)"] == [0.0, 0.0, 20000.0]
    assert sets["Actual revenue (CNY)"] == [0.0, 0.0, 10000.0]
    # KPIs: the east's score and people only.
    assert 'data-testid="panel-kpis"' in page
    kpi_regions = re.findall(r'data-testid="kpi-region-row"><td><a [^>]*>([^<]*)<', page)
    assert kpi_regions == ["East"]
    names = re.findall(r'data-testid="kpi-person-row">.*?<a href="[^"]*">([^<]*)<', page)
    assert names[0] == str(org.east_rep) and str(org.north_rep2) not in names
    assert "North" not in page and org.north_rep.username not in page
    # Asking for the north changes nothing.
    other = client.get(f"/dashboard/?period=year&month={PRICE_MONTH}&region=north")
    assert money(150000) not in other.content.decode()
    # The east's report: no north figure, no north headline.
    report_generate(month=MONTH, notify=False)
    east = MonthlyReport.objects.get(month=MONTH, region=org.east, is_current=True)
    content = client.get(f"/dashboard/reports/{east.pk}/excel/").content
    cells = [
        c for ws in load_workbook(io.BytesIO(content)).worksheets for r in ws.iter_rows() for c in r
    ]
    numbers = [c.value for c in cells if isinstance(c.value, (int, float))]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert 20000 in numbers and 150000 not in numbers and 50000 not in numbers
    assert world.east_entry.title in texts and world.north_entry.title not in texts
    assert not any("North" in t or "华北" in t for t in texts)


def test_the_kpi_panel_is_performances_ranking(world, client_for):
    from performance.selectors import ranking, region_scores

    org = world.org
    people = ranking(user=org.director, month=MONTH)
    scores = region_scores(user=org.director, month=MONTH)
    assert people[0]["person_id"] == org.north_rep2.pk  # the scores the world gave
    assert people[1]["person_id"] == org.east_rep.pk
    page = client_for(org.director).get(f"/dashboard/?month={PRICE_MONTH}").content.decode()
    row = r'data-testid="kpi-person-row"><td class="num">(\d+)</td>'
    shown = re.findall(row + r'<td [^>]*><a href="([^"]*)">([^<]*)<', page)
    assert [(int(rank), name) for rank, _url, name in shown] == [
        (r["rank"], r["name"]) for r in people[:10]
    ]
    first = people[0]
    assert shown[0][1] == f"/performance/people/{first['person_id']}/scorecard/?month=2026-03-01"
    assert client_for(org.director).get(shown[0][1]).status_code == 200
    assert len(re.findall('data-testid="kpi-region-row"', page)) == len(scores)
    # A later period shows the latest month computed before its end; a rep sees no panel.
    later = client_for(org.director).get("/dashboard/?month=2026-05").content.decode()
    assert "KPIs of 2026-03" in later
    rep = client_for(org.north_rep).get(f"/dashboard/?month={PRICE_MONTH}").content.decode()
    assert 'data-testid="panel-kpis"' not in rep


def test_the_reports_new_sections(world, client_for):
    from information.models import Entry

    Entry.objects.filter(pk=world.north_entry.pk).update(title='=HYPERLINK("http://x","y")')
    adjust_north_march(world.org, world.north_plan, revenue="120000")
    report_generate(month=MONTH, notify=False)
    company = MonthlyReport.objects.get(month=MONTH, region=None, is_current=True)
    assert {"targets", "kpis", "intelligence"} <= set(company.data["sections"])
    client = client_for(world.org.director)
    page = client.get(f"/dashboard/reports/{company.pk}/").content.decode()
    for key in ("targets", "kpis", "intelligence"):
        assert f'data-testid="report-section-{key}"' in page
    assert money(150000) in page and money(120000) in page  # original and current, north
    content = client.get(f"/dashboard/reports/{company.pk}/excel/").content
    book = load_workbook(io.BytesIO(content))
    titles = [ws.title for ws in book.worksheets]
    assert titles[:2] == ["Sales", "Sales vs plan"]
    assert "KPIs" in titles and "Market intelligence highlights" in titles
    cells = [c for ws in book.worksheets for r in ws.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x","y")' in texts and world.east_entry.title in texts
    plan = book["Sales vs plan"]
    values = [v for row in plan.iter_rows(values_only=True) for v in row]
    assert 150000 in values and 120000 in values and 100000 in values
    kpis = [v for row in book["KPIs"].iter_rows(values_only=True) for v in row]
    assert str(world.org.north_rep2) in kpis and 95 in kpis and 90 in kpis  # person, region
    info = [
        v for row in book["Market intelligence highlights"].iter_rows(values_only=True) for v in row
    ]
    assert "Customer news" in info and "Yes" in info  # the north entry is marked for analysis


def test_dashboard_queries_do_not_grow_with_targets_orders_and_kpis(world, client_for):
    from orders.services import sales_month_rollup
    from orders.tests.factories import customer, order, priced_product
    from performance.services import kpi_compute

    org = world.org
    sold = priced_product(org.finance, code="TWC-GROW")

    def grow(n):
        for k in range(n):
            c = customer(org.north, name=f"增长客户{k}-{n}", owner=org.north_rep)
            order(org.mktadmin, c, sold, quantity=5 + k, month=date(2026, 2 + k % 2, 1))
        sales_month_rollup()
        kpi_compute(month=MONTH)

    client = client_for(org.director)
    assert_constant_queries(
        client, f"/dashboard/?period=year&month={PRICE_MONTH}", grow=grow, small=1, large=4
    )


def test_the_new_panels_and_sections_in_chinese(world, client_for):
    director = world.org.director
    director.language = "zh-hans"
    director.save(update_fields=["language"])
    client = client_for(director)
    client.cookies.load({"django_language": "zh-hans"})
    page = client.get(f"/dashboard/?month={PRICE_MONTH}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = page.content.decode()
    assert "销售与目标对比" in page and "原始目标" in page and "当前目标" in page
    assert "KPI 排名" in page
    chart = _chart(page, "chart-targets")
    assert chart["options"]["locale"] == "zh-CN"
    assert [d["label"] for d in chart["data"]["datasets"]][1:] == [
        "当前目标（元）",
        "原始目标（元）",
    ]
    report_generate(month=MONTH, notify=False)
    company = MonthlyReport.objects.get(month=MONTH, region=None, is_current=True)
    content = client.get(
        f"/dashboard/reports/{company.pk}/excel/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content
    titles = [ws.title for ws in load_workbook(io.BytesIO(content)).worksheets]
    assert {"销售与计划对比", "KPI", "市场情报要点"} <= set(titles)
