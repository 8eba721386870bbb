"""Sales target completion, development plan execution, the department's target completion and
commission on sales over target, against the hand-computed world of world.sales_world."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import explain, services
from performance.models import KpiValue, ValueStatus

from .world import JANUARY, sales_world

D = Decimal
FEBRUARY = date(2026, 2, 1)
MONTH = "?month=2026-01-01"


def values_of(person=None, region=None, month=JANUARY) -> dict:
    qs = KpiValue.objects.filter(month=month).select_related("definition")
    qs = qs.filter(person=person) if person else qs.filter(person__isnull=True, region=region)
    return {v.definition.formula: v for v in qs}


def figures(value) -> tuple:
    return (value.status, value.numerator, value.denominator, value.value)


@pytest.fixture
def world(org):
    data = sales_world(org)
    services.kpi_compute(month=JANUARY)
    services.kpi_compute(month=FEBRUARY)
    org.sales = data
    return org


def test_sales_completion_of_a_rep_is_their_sales_against_their_targets(world):
    rep = values_of(world.north_rep)["sales_completion"]
    assert figures(rep) == ("ok", D("800"), D("1000"), D("80.00"))
    assert (rep.achievement, rep.score) == (D("80.00"), D("60"))  # the band from 70 %
    rep2 = values_of(world.north_rep2)["sales_completion"]
    assert figures(rep2) == ("ok", D("600"), D("500"), D("120.00"))
    assert rep2.score == D("120")
    # February: north_rep sold 1,200 against 1,000; north_rep2 had no February target.
    assert values_of(world.north_rep, month=FEBRUARY)["sales_completion"].value == D("120.00")
    assert (
        values_of(world.north_rep2, month=FEBRUARY)["sales_completion"].status
        == ValueStatus.NO_DATA
    )


def test_no_target_is_nothing_to_measure_not_zero(world):
    # east_rep sold 300 in January, but the East has no issued plan.
    for value in (
        values_of(world.east_rep)["sales_completion"],
        values_of(world.east_manager)["sales_completion"],
        values_of(region=world.east)["sales_completion"],
    ):
        assert value.status == ValueStatus.NO_DATA
        assert value.value is None and value.score is None


def test_sales_completion_of_a_region(world):
    region = values_of(region=world.north)["sales_completion"]
    assert figures(region) == ("ok", D("1400"), D("2000"), D("70.00"))
    manager = values_of(world.north_manager)["sales_completion"]
    assert figures(manager) == figures(region)


def test_department_target_completion_is_the_companys_sales_against_its_targets(world):
    # 800 + 600 + the East's 300 sold, against the North's 2,000 (the only issued targets).
    for person in (world.tech, world.mktadmin):
        value = values_of(person)["department_target"]
        assert figures(value) == ("ok", D("1700"), D("2000"), D("85.00"))
        assert value.score == D("60")
    assert values_of(world.tech, month=FEBRUARY)["department_target"].value == D("120.00")


def test_the_department_target_page_shows_the_companys_figures(world, client_for):
    url = reverse("performance:scorecard-kpi", args=[world.tech.pk, "department_target"])
    response = client_for(world.tech).get(url + MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('data-testid="kpi-figures"')
    figures_text = page[start : page.index("</p>", start)]
    assert "1,700.00" in figures_text and "2,000.00" in figures_text


def test_development_plan_execution_counts_milestones_due_in_the_month(world):
    rep = values_of(world.north_rep)["development_plan"]
    assert figures(rep) == ("ok", 1, 2, D("50.00"))  # on time and late
    rep2 = values_of(world.north_rep2)["development_plan"]
    assert figures(rep2) == ("ok", 0, 1, D("0.00"))  # due, not reached: a real zero
    assert rep2.score == D("0")
    region = values_of(region=world.north)["development_plan"]
    assert figures(region) == ("ok", 1, 3, D("33.33"))
    # The East's milestone belongs to a plan not issued: nothing is due there.
    assert values_of(region=world.east)["development_plan"].status == ValueStatus.NO_DATA
    assert values_of(world.east_rep)["development_plan"].status == ValueStatus.NO_DATA
    # February: north_rep2's certification, reached 1 February for a baseline of the 10th.
    february = values_of(world.north_rep2, month=FEBRUARY)["development_plan"]
    assert figures(february) == ("ok", 1, 1, D("100.00"))


def test_rerunning_the_job_gives_the_same_rows(world):
    def rows():
        return sorted(
            KpiValue.objects.filter(month=JANUARY).values_list(
                "definition_id", "person_id", "region_id", "status", "value", "score"
            ),
            key=str,
        )

    before = rows()
    services.kpi_compute(month=JANUARY)
    assert rows() == before


def test_the_job_reads_the_sources_with_a_fixed_number_of_queries(world):
    """More reps with targets and sales do not add queries."""
    from customers.tests.factories import make_customer
    from orders.services import sales_month_rollup
    from orders.tests.factories import order
    from planning.models import PlanLine
    from planning.services import target_month_rebuild
    from regions.models import User

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.kpi_compute(month=JANUARY)
        return len(captured.captured_queries)

    few = count()
    plan = world.sales["plan"]
    for n in range(5):
        rep = User.objects.create(username=f"extra_rep{n}", role="sales_rep", region=world.north)
        customer = make_customer(world.north, owner=rep)
        # An issued plan's targets are read-only to the services: a test-only extra line.
        PlanLine.objects.create(
            plan=plan,
            version=plan.current_version,
            region=world.north,
            customer=customer,
            rep=rep,
            month=JANUARY,
            litres=D("1"),
            revenue=D("100"),
        )
        order(
            world.mktadmin,
            customer,
            world.sales["product"],
            quantity=1,
            unit_price="50",
            month=JANUARY,
            owner=rep,
        )
    target_month_rebuild(plan=plan)
    sales_month_rollup(months=[JANUARY])
    assert count() == few
    extra = KpiValue.objects.get(
        month=JANUARY, person__username="extra_rep0", definition__formula="sales_completion"
    )
    assert extra.value == D("50.00")


def test_sales_drill_down_shows_the_target_beside_the_orders(world, client_for):
    url = reverse("performance:scorecard-kpi", args=[world.north_rep.pk, "sales_completion"])
    for reader in (world.director, world.north_manager, world.north_rep):
        response = client_for(reader).get(url + MONTH)
        assert response.status_code == 200
        assert response.context["sales_target"]["revenue"] == D("1000")
        assert response.context["order_totals"]["revenue"] == D("800")
        assert response.context["sales_completion"] == D("80.00")
        assert len(response.context["order_lines"]) == 1
        assert b'data-testid="sales-target"' in response.content
    region_url = reverse(
        "performance:scorecard-kpi", args=[world.north_manager.pk, "sales_completion"]
    )
    response = client_for(world.director).get(region_url + MONTH)
    assert response.context["sales_target"]["revenue"] == D("2000")
    assert len(response.context["order_lines"]) == 2


def test_development_plan_drill_down_lists_the_milestones(world, client_for):
    url = reverse("performance:scorecard-kpi", args=[world.north_rep.pk, "development_plan"])
    for reader in (world.director, world.north_rep):
        response = client_for(reader).get(url + MONTH)
        assert response.status_code == 200
        standings = sorted(
            (r["milestone"].stage, r["standing"]) for r in response.context["milestones"]
        )
        assert standings == [("matching_test", "late"), ("samples", "on_time")]
        assert response.content.count(b'data-testid="milestone-late"') == 1
    region_url = reverse(
        "performance:scorecard-kpi", args=[world.north_manager.pk, "development_plan"]
    )
    rows = client_for(world.north_manager).get(region_url + MONTH).context["milestones"]
    assert sorted(r["standing"] for r in rows) == ["late", "on_time", "open"]


def test_a_rep_cannot_open_another_reps_sales_figures(world, client_for):
    client = client_for(world.north_rep)
    for formula in ("sales_completion", "development_plan"):
        url = reverse("performance:scorecard-kpi", args=[world.north_rep2.pk, formula])
        assert client.get(url + MONTH).status_code == 404
    assert client.get(reverse("performance:scorecard", args=[world.east_rep.pk])).status_code == 404


def test_commission_on_sales_over_target_through_the_bonus_sheet(world, client_for):
    sheet = services.sheet_create(actor=world.mktadmin, year=2026, kind="quarter", quarter=1)
    lines = {line.person_id: line for line in sheet.lines.all()}
    # north_rep: Q1 sales 800 + 1,200 = 2,000, exactly the target 1,000 + 1,000: nothing over.
    rep = lines[world.north_rep.pk]
    assert rep.commission == D("0.00")
    # north_rep2: 600 against 500, 100 over = 20 %, the third band's edge: 50 × 0.2 % +
    # 50 × 0.3 % (the default bands).
    rep2 = lines[world.north_rep2.pk]
    assert rep2.commission == D("0.25")
    assert rep2.gross == rep2.fixed_pay + rep2.performance_pay + D("0.25")
    texts = explain.lines(rep2.explanation)
    assert any("600.00" in t and "500.00" in t and "0.25" in t for t in texts)
    # The region manager is paid on the region: 2,600 against 3,000.
    assert lines[world.north_manager.pk].commission == D("0.00")
    # No target in the East: no commission, said so.
    east = lines[world.east_rep.pk]
    assert east.commission is None
    assert any("no sales target in the period" in t for t in explain.lines(east.explanation))
    # Back end, no commission: the department bonus follows its target completion, January
    # 85 % (score 60) and February 120 % (score 120), March nothing to measure: 90.
    tech = lines[world.tech.pk]
    assert tech.commission is None and tech.department_bonus == D("5400.00")
    page = client_for(world.north_rep2).get(reverse("performance:line-detail", args=[rep2.pk]))
    assert page.status_code == 200
    assert b'data-testid="line-commission"' in page.content and b"0.25" in page.content
    sheet_page = client_for(world.director).get(
        reverse("performance:sheet-detail", args=[sheet.pk])
    )
    assert sheet_page.content.count(b'data-testid="sheet-commission"') == len(lines)


def test_recomputing_the_sheet_gives_the_same_commission(world):
    sheet = services.sheet_create(actor=world.mktadmin, year=2026, kind="quarter", quarter=1)
    before = sorted(sheet.lines.values_list("person_id", "commission", "gross"), key=str)
    services.sheet_compute(sheet=sheet, actor=world.mktadmin)
    assert sorted(sheet.lines.values_list("person_id", "commission", "gross"), key=str) == before
