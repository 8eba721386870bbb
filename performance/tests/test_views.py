import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from performance import services
from tests.querycount import assert_constant_queries

from .world import JANUARY, january_world

MONTH = "?month=2026-01-01"


@pytest.fixture
def computed(org):
    january_world(org)
    services.kpi_compute(month=JANUARY)
    return org


def test_a_rep_sees_only_their_own_scorecard(computed, client_for):
    client = client_for(computed.north_rep)
    own = client.get(reverse("performance:scorecard", args=[computed.north_rep.pk]) + MONTH)
    assert own.status_code == 200
    assert b"75.00" in own.content and b"nothing to measure" in own.content
    for other in (computed.north_rep2, computed.east_rep, computed.north_manager):
        url = reverse("performance:scorecard", args=[other.pk])
        assert client.get(url).status_code == 404
        kpi = reverse("performance:scorecard-kpi", args=[other.pk, "visits_on_time"])
        assert client.get(kpi).status_code == 404


def test_drill_down_lists_the_late_visits(computed, client_for):
    client = client_for(computed.director)
    url = reverse("performance:scorecard-kpi", args=[computed.north_rep.pk, "visits_on_time"])
    response = client.get(url + MONTH)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["visit"].visit_date.day for r in rows if r["late"]] == [20]
    assert len(rows) == 4
    assert response.content.count(b'data-testid="late-visit"') == 1


def test_a_sales_kpi_without_a_target_says_so(computed, client_for):
    client = client_for(computed.north_rep)
    url = reverse("performance:scorecard-kpi", args=[computed.north_rep.pk, "sales_completion"])
    response = client.get(url + MONTH)
    assert response.status_code == 200
    assert b'data-testid="no-target-note"' in response.content


def test_manager_ranks_the_regions_people_and_director_everyone(computed, client_for):
    response = client_for(computed.north_manager).get(reverse("performance:ranking") + MONTH)
    ranked = [
        (row["rank"], row["person__username"], row["score"]) for row in response.context["page"]
    ]
    # north_rep2 logged no visits: forms (100) and budget kept (100) count; the others 66.67
    # (visits 60, forms 40, budget 100, equal weights), tied and ordered by name.
    assert ranked == [
        (1, "north_rep2", 100),
        (2, "north_manager", D("66.67")),
        (3, "north_rep", D("66.67")),
    ]
    director = client_for(computed.director).get(reverse("performance:ranking") + MONTH)
    everyone = {row["person__username"] for row in director.context["page"]}
    assert {"east_manager", "tech", "mktadmin", "north_rep"} <= everyone
    assert client_for(computed.north_rep).get(reverse("performance:ranking")).status_code == 403


def test_a_rep_cannot_open_another_reps_bonus_line(computed, client_for):
    sheet = services.sheet_create(actor=computed.mktadmin, year=2026, kind="quarter", quarter=1)
    own = sheet.lines.get(person=computed.north_rep)
    other = sheet.lines.get(person=computed.north_rep2)
    client = client_for(computed.north_rep)
    assert client.get(reverse("performance:line-detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("performance:line-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("performance:sheet-detail", args=[sheet.pk])).status_code == 404


def test_export_is_formula_safe(computed, client_for):
    computed.north_rep.display_name = "=HYPERLINK(1)"
    computed.north_rep.save()
    sheet = services.sheet_create(actor=computed.mktadmin, year=2026, kind="quarter", quarter=1)
    response = client_for(computed.finance).get(
        reverse("performance:sheet-export", args=[sheet.pk])
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for c in ws["A"] if c.value == "=HYPERLINK(1)"]
    assert cells and cells[0].data_type == "s"


def test_the_run_button_computes_the_month(org, client_for):
    january_world(org)
    client = client_for(org.mktadmin)
    response = client.post(reverse("performance:kpi-run"), {"month": "2026-01-15"})
    assert response.status_code == 302
    from performance.models import KpiValue

    assert KpiValue.objects.filter(month=JANUARY).exists()
    assert (
        client_for(org.north_manager)
        .post(reverse("performance:kpi-run"), {"month": "2026-01-15"})
        .status_code
        == 403
    )


def test_ranking_and_scorecard_queries_do_not_grow(computed, client_for):
    from regions.services import person_create

    made = []

    def grow(n):
        for _ in range(n):
            made.append(
                person_create(
                    username=f"rep{len(made)}",
                    password="x-pass-123",
                    role="sales_rep",
                    region=computed.north,
                    manager=computed.north_manager,
                    display_name="",
                    email="",
                    language="en",
                )
            )
        services.kpi_compute(month=JANUARY)

    client = client_for(computed.director)
    assert_constant_queries(
        client, reverse("performance:ranking") + MONTH, grow=grow, small=2, large=30
    )
    url = reverse("performance:scorecard", args=[computed.north_rep.pk]) + MONTH
    assert_constant_queries(client, url, grow=lambda n: None, small=1, large=1)


def test_assessment_pages(org, client_for):
    client = client_for(org.north_rep)
    response = client.post(reverse("performance:assessment-create"), {"submission_key": "k1"})
    assert response.status_code == 302
    again = client.post(reverse("performance:assessment-create"), {"submission_key": "k1"})
    assert again["Location"] == response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"assessment-chart" in page.content
    assert client_for(org.east_manager).get(response["Location"]).status_code == 404
    model = client.get(reverse("performance:competency-model"))
    assert (
        model.status_code == 200 and "能有效地利用信息".encode() not in model.content
    )  # English reader


def test_sales_drill_down_lists_the_orders_that_count(computed, client_for):
    from datetime import date

    from orders.tests.factories import order, priced_product
    from pricing.tests.factories import customer

    product = priced_product(computed.finance)
    north = customer(computed.north)
    order(
        computed.mktadmin,
        north,
        product,
        quantity=10,
        month=date(2026, 1, 1),
        owner=computed.north_rep,
    )
    order(
        computed.mktadmin,
        north,
        product,
        quantity=5,
        month=date(2026, 2, 1),
        owner=computed.north_rep,
    )
    url = reverse("performance:scorecard-kpi", args=[computed.north_rep.pk, "sales_completion"])
    response = client_for(computed.north_rep).get(url + MONTH)
    assert len(response.context["order_lines"]) == 1  # February's order is not January's
    assert response.context["order_totals"]["revenue"] == 10000
    assert response.context["sales_target"]["revenue"] == 0  # no issued plan in this world
    assert b'data-testid="no-target-note"' in response.content


def test_the_ranking_is_ordered_in_sql_and_one_persons_rank_agrees(computed, client_for):
    """Ranking reads a slice of the ordered rows; rank_of(person) counts the rows before them
    in the same order (score, then name, unscored last): the same rank as the full list."""
    from performance.selectors import ranking

    people = ranking(user=computed.director, month=JANUARY)
    listed = list(people)
    assert [r["rank"] for r in listed] == list(range(1, len(people) + 1))
    scores = [r["score"] for r in listed]
    scored = [s for s in scores if s is not None]
    assert scored == sorted(scored, reverse=True) and scores[: len(scored)] == scored
    for row in listed:
        assert people.rank_of(row["person_id"])["rank"] == row["rank"]
    assert people[1:3] == listed[1:3]
    assert people.rank_of(computed.east_rep.pk + 10_000) is None
    # A manager's ranking is their region's people only.
    north = ranking(user=computed.north_manager, month=JANUARY)
    assert {r["person__username"] for r in north} == {"north_rep", "north_rep2", "north_manager"}


def test_the_ranking_page_costs_the_same_queries_whatever_the_people(computed, client_for):
    from django.utils import timezone

    from performance.models import KpiDefinition, KpiValue
    from performance.services import kpi_scores_rebuild
    from regions.models import User

    definition = KpiDefinition.objects.filter(year=2026, role="sales_rep").first()
    counter = iter(range(1, 10_000))

    def more_people(n):
        for _ in range(n):
            person = User.objects.create(
                username=f"extra{next(counter)}", role="sales_rep", region=computed.north
            )
            KpiValue.objects.create(
                month=JANUARY,
                definition=definition,
                person=person,
                region=computed.north,
                status="ok",
                value=D("50"),
                target=definition.target,
                achievement=D("50"),
                score=D("40"),
                weight=definition.weight,
                computed_at=timezone.now(),
            )
        kpi_scores_rebuild(month=JANUARY)

    assert_constant_queries(
        client_for(computed.director),
        reverse("performance:ranking") + MONTH,
        grow=more_people,
        small=2,
        large=60,
    )


def test_the_rankings_fact_holds_each_persons_weighted_score_of_their_kpi_values(computed):
    """KpiScore is Σ weight × score ÷ Σ weight of each person's computed KPI values (the
    ranking's order); a KPI value changed and the month rebuilt moves the person's score, and
    rebuilding again gives the same rows."""
    from performance.models import KpiScore, KpiValue
    from performance.selectors import ranking
    from performance.services import kpi_scores_rebuild

    def by_hand():
        sums: dict[int, list] = {}
        for v in KpiValue.objects.filter(month=JANUARY, person__isnull=False):
            acc = sums.setdefault(v.person_id, [D(0), D(0)])
            if v.score is not None:
                acc[0] += v.weight * v.score
                acc[1] += v.weight
        return {p: (w / n).quantize(D("0.000001")) if n else None for p, (w, n) in sums.items()}

    def stored():
        return dict(KpiScore.objects.filter(month=JANUARY).values_list("person_id", "rank_score"))

    assert stored() == by_hand() and len(stored()) >= 3
    value = KpiValue.objects.filter(month=JANUARY, person=computed.east_rep).first()
    KpiValue.objects.filter(pk=value.pk).update(score=D("100"), weight=D("90"))
    before = stored()[computed.east_rep.pk]
    kpi_scores_rebuild(month=JANUARY)
    assert stored() == by_hand() and stored()[computed.east_rep.pk] != before
    rows = stored()
    kpi_scores_rebuild(month=JANUARY)
    assert stored() == rows
    # The ranking reads it: the top row is the best stored score.
    top = ranking(user=computed.director, month=JANUARY)[0]
    best = max(s for s in stored().values() if s is not None)
    assert top["score"] == best.quantize(D("0.01"))
