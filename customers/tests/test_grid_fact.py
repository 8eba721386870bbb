"""The classification grid's fact (ScoreCell): the pre-counted cells give exactly the cells the
scores give, for the director, a region manager and a manager with a customer granted in another
region; it follows re-scoring and region changes; the grid page costs the same number of
queries whatever the number of customers."""

import importlib
import json
import random
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import access
from customers import selectors
from customers.models import ClassificationCriterion, Customer, CustomerScore, ScoreCell
from customers.services import customer_classify, customer_save, score_cells_rebuild
from customers.tasks import score_cells_rollup_task
from regions.models import User
from tests.concurrency import postgres_only, run_concurrently
from tests.querycount import assert_constant_queries

from .factories import make_customer

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _values(a: int, likelihood: int) -> dict[int, int]:
    return {
        c.pk: (a if c.axis == "attractiveness" else likelihood)
        for c in ClassificationCriterion.objects.filter(active=True)
    }


def _score(customer, year, attractiveness, likelihood) -> CustomerScore:
    from customers.services import class_for

    a, lk = Decimal(str(attractiveness)), Decimal(str(likelihood))
    return CustomerScore.objects.create(
        customer=customer,
        year=year,
        attractiveness=a,
        likelihood=lk,
        customer_class=class_for(a, lk),
    )


def _raw(monkeypatch, **kwargs) -> list[dict]:
    """The cells counted from the scores (the path for anyone the fact does not serve)."""
    with monkeypatch.context() as m:
        m.setattr(selectors, "_grid_source", lambda user: selectors._RAW)
        return _sorted(selectors.grid_cells(**kwargs))


def _raw_years(monkeypatch, user) -> list[int]:
    with monkeypatch.context() as m:
        m.setattr(selectors, "_grid_source", lambda user: selectors._RAW)
        return selectors.score_years(user=user)


def _sorted(cells: list[dict]) -> list[dict]:
    return sorted(cells, key=lambda c: (c["class"], c["x"], c["y"]))


def _fact_rows() -> list[tuple]:
    return sorted(
        ScoreCell.objects.values_list(
            "year", "region_id", "cx", "cy", "customer_class", "n", "first_customer_id"
        )
    )


@pytest.fixture
def scored(org):
    """Customers in North and East scored over two years: crowded cells, lonely ones, the
    edges of a cell (4.9 / 5.0) and of the grid (0 and 100); two East customers granted to the
    North manager, one sharing a cell with North customers, one alone."""
    rng = random.Random(7)
    north = [make_customer(org.north) for _ in range(40)]
    east = [make_customer(org.east) for _ in range(30)]
    for year in (YEAR - 1, YEAR):
        for customer in north + east:
            if rng.random() < 0.15:
                continue  # not scored that year
            _score(
                customer,
                year,
                rng.randrange(0, 1001) / 10,
                rng.randrange(0, 1001) / 10,
            )
    edges = [make_customer(org.north) for _ in range(4)]
    for customer, (a, lk) in zip(edges, [(100, 100), (0, 0), (4.9, 5.0), (5.0, 4.9)], strict=True):
        _score(customer, YEAR, a, lk)
    shared, alone = make_customer(org.east), make_customer(org.east, name_en="Granted Alone")
    crowd = make_customer(org.north)
    _score(crowd, YEAR, 77.7, 77.7)
    _score(shared, YEAR, 76.1, 78.9)  # the same cell as `crowd`
    _score(alone, YEAR, 12.3, 98.7)
    _score(alone, YEAR - 3, 12.3, 98.7)  # a year only the grant shows the North manager
    access.grant(org.north_manager, shared)
    access.grant(org.north_manager, alone)
    score_cells_rebuild()
    return {"shared": shared, "alone": alone, "crowd": crowd}


@pytest.mark.parametrize("persona", ["director", "north_manager", "north_rep", "east_manager"])
def test_the_fact_gives_the_cells_the_scores_give(org, scored, monkeypatch, persona):
    user = getattr(org, persona)
    assert selectors._grid_source(user) != selectors._RAW
    assert selectors.score_years(user=user) == _raw_years(monkeypatch, user)
    for year in (YEAR, YEAR - 1, YEAR - 3, None):
        for region in ("", "north", "east"):
            kwargs = {"user": user, "year": year, "region_code": region}
            fact = _sorted(selectors.grid_cells(**kwargs))
            assert fact == _raw(monkeypatch, **kwargs), (persona, year, region)


def test_a_granted_customer_outside_the_region_is_merged_into_the_cells(org, scored):
    # Only the granted East customer is scored three years ago: its cell, with its name.
    [alone] = selectors.grid_cells(user=org.north_manager, year=YEAR - 3)
    assert (alone["id"], alone["name_en"], alone["n"]) == (scored["alone"].pk, "Granted Alone", 1)
    assert selectors.grid_cells(user=org.north_rep, year=YEAR - 3) == []  # no grant for the rep
    assert YEAR - 3 in selectors.score_years(user=org.north_manager)
    assert YEAR - 3 not in selectors.score_years(user=org.north_rep)

    # This year the other granted customer shares a cell with North customers: counted with
    # them (the rep, without the grant, counts one fewer).
    def crowd_cell(user):
        cells = selectors.grid_cells(user=user, year=YEAR)
        return next(c for c in cells if (c["x"], c["y"], c["class"]) == (77.5, 77.5, "A"))

    manager, rep = crowd_cell(org.north_manager), crowd_cell(org.north_rep)
    assert manager["n"] == rep["n"] + 1 >= 2 and manager["id"] is None and manager["name"] == ""


def test_a_region_manager_never_sees_another_regions_customers(org, scored, client_for):
    east_ids = set(Customer.objects.filter(region=org.east).values_list("pk", flat=True))
    north_scored = CustomerScore.objects.filter(customer__region=org.north, year=YEAR).count()
    for region in ("", "north", "east"):
        cells = selectors.grid_cells(user=org.east_manager, year=YEAR, region_code=region)
        assert not {c["id"] for c in cells if c["id"]} - east_ids
        if region == "north":
            assert cells == []
    cells = selectors.grid_cells(user=org.north_rep, year=YEAR)
    assert sum(c["n"] for c in cells) == north_scored
    assert not {c["id"] for c in cells if c["id"]} & east_ids
    assert selectors.grid_cells(user=org.north_rep, year=YEAR, region_code="east") == []
    page = client_for(org.north_rep).get(f"/customers/grid/?year={YEAR}").content.decode()
    assert "Granted Alone" not in page


def test_the_director_reads_the_fact_not_the_scores(org, scored):
    with CaptureQueriesContext(connection) as queries:
        selectors.score_years(user=org.director)
        selectors.grid_cells(user=org.director, year=YEAR)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert CustomerScore._meta.db_table not in sql and ScoreCell._meta.db_table in sql
    assert len(queries.captured_queries) == 3  # years, cells, the one-customer cells' names


def test_rescoring_moves_the_customer_between_cells(org):
    customer = make_customer(org.north, name_en="Mover")
    customer_classify(customer=customer, year=YEAR, values=_values(9, 9), actor=org.director)
    assert _fact_rows() == [(YEAR, org.north.pk, 18, 18, "A", 1, customer.pk)]
    customer_classify(customer=customer, year=YEAR, values=_values(2, 3), actor=org.director)
    assert _fact_rows() == [(YEAR, org.north.pk, 6, 4, "D", 1, customer.pk)]
    [cell] = selectors.grid_cells(user=org.director, year=YEAR)
    assert (cell["x"], cell["y"], cell["class"], cell["id"], cell["name_en"]) == (
        32.5,
        22.5,
        "D",
        customer.pk,
        "Mover",
    )


def test_moving_a_customer_to_another_region_moves_its_cells(org):
    customer = make_customer(org.north, owner=None, name_en="Moved East")
    other = make_customer(org.north)
    for year in (YEAR - 1, YEAR):
        customer_classify(customer=customer, year=year, values=_values(8, 8), actor=org.director)
    customer_classify(customer=other, year=YEAR, values=_values(1, 1), actor=org.director)
    assert ScoreCell.objects.filter(region=org.north).count() == 3
    customer.region = org.east
    customer_save(customer=customer, actor=org.mktadmin)
    assert Customer.objects.get(pk=customer.pk).region_id == org.east.pk
    assert sorted(ScoreCell.objects.values_list("year", "region_id", "n")) == [
        (YEAR - 1, org.east.pk, 1),
        (YEAR, org.north.pk, 1),
        (YEAR, org.east.pk, 1),
    ]
    assert {c["id"] for c in selectors.grid_cells(user=org.north_manager, year=YEAR)} == {other.pk}
    assert {c["id"] for c in selectors.grid_cells(user=org.east_manager, year=YEAR)} == {
        customer.pk
    }
    assert selectors.score_years(user=org.north_manager) == [YEAR]


def test_deleting_a_customer_in_the_admin_recounts_its_region(org):
    from django.contrib import admin

    gone, kept = make_customer(org.north), make_customer(org.north)
    for customer in (gone, kept):
        customer_classify(customer=customer, year=YEAR, values=_values(7, 7), actor=org.director)
    assert list(ScoreCell.objects.values_list("n", flat=True)) == [2]
    admin.site._registry[Customer].delete_queryset(None, Customer.objects.filter(pk=gone.pk))
    assert list(ScoreCell.objects.values_list("n", "first_customer_id")) == [(1, kept.pk)]


def test_rebuilding_twice_gives_the_same_rows(org, scored):
    once = _fact_rows()
    assert once and score_cells_rebuild() == len(once)
    assert _fact_rows() == once
    assert score_cells_rebuild(year=YEAR, region_ids=[org.north.pk]) > 0
    assert score_cells_rollup_task() == len(once)
    assert _fact_rows() == once
    # The migration's fill (the historical models) gives the same rows.
    ScoreCell.objects.all().delete()
    importlib.import_module("customers.migrations.0014_score_cell").fill(apps, None)
    assert _fact_rows() == once


@pytest.mark.parametrize("persona", ["director", "north_manager"])
def test_the_grid_pages_queries_do_not_grow(org, client_for, monkeypatch, persona):
    from customers import views

    monkeypatch.setattr(views, "GRID_TABLE_MAX", 1)  # the cells, not one dot per customer
    lonely = make_customer(org.north, name_en="Lonely")
    customer_classify(customer=lonely, year=YEAR, values=_values(1, 9), actor=org.director)
    granted = make_customer(org.east, name_en="Granted")
    customer_classify(customer=granted, year=YEAR, values=_values(3, 9), actor=org.director)
    access.grant(org.north_manager, granted)
    rng = random.Random(3)

    def grow(n):
        for _ in range(n):
            for region in (org.north, org.east):
                customer = make_customer(region)
                a, lk = rng.randrange(5, 11), rng.randrange(0, 5)
                customer_classify(
                    customer=customer, year=YEAR, values=_values(a, lk), actor=org.director
                )

    client = client_for(getattr(org, persona))
    assert_constant_queries(client, "/customers/grid/", grow=grow, small=2, large=15)
    page = client.get("/customers/grid/").content.decode()
    chart = json.loads(
        page.split('id="grid-data" type="application/json">')[1].split("</script>")[0]
    )
    names = [p["name"] for d in chart["data"]["datasets"] for p in d["data"]]
    assert "Lonely" in names and "Granted" in names


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_classifications_at_the_same_moment_are_all_counted(org):
    customers = [make_customer(org.north) for _ in range(4)]

    def classify(customer):
        director = User.objects.get(pk=org.director.pk)
        return customer_classify(customer=customer, year=YEAR, values=_values(9, 9), actor=director)

    results = run_concurrently(classify, customers)
    assert all(isinstance(r, CustomerScore) for r in results), results
    assert list(ScoreCell.objects.values_list("n", "first_customer_id")) == [
        (4, min(c.pk for c in customers))
    ]


def test_the_benchmark_loader_fills_the_fact(org):
    from bench.registry import BenchContext
    from customers.bench import generate

    User.objects.create(username="south_rep", role="sales_rep", region=org.south)
    generate(BenchContext(scale=0.02))
    scored = CustomerScore.objects.count()
    assert scored and sum(ScoreCell.objects.values_list("n", flat=True)) == scored
