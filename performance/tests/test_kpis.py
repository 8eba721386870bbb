"""Each KPI against a small world computed by hand (world.january_world)."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import DatabaseError

from performance import services
from performance.models import KpiDefinition, KpiValue, ScoringBand, ValueStatus

from .world import JANUARY, january_world, local

D = Decimal


def values_of(person=None, region=None, month=JANUARY) -> dict:
    qs = KpiValue.objects.filter(month=month).select_related("definition")
    qs = qs.filter(person=person) if person else qs.filter(person__isnull=True, region=region)
    return {v.definition.formula: v for v in qs}


@pytest.fixture
def computed(org):
    january_world(org)
    services.kpi_compute(month=JANUARY)
    return org


def test_visits_on_time_counts_reports_logged_within_two_days(computed):
    v = values_of(computed.north_rep)["visits_on_time"]
    assert (v.status, v.numerator, v.denominator, v.value) == ("ok", 3, 4, D("75.00"))
    assert v.achievement == D("83.33")  # 75 ÷ 90
    assert v.score == D("60")  # the band from 70 %


def test_budget_kept_from_the_regions_year_to_date_execution(computed):
    assert values_of(computed.north_rep)["budget_kept"].value == D("100.00")
    east = values_of(computed.east_manager)["budget_kept"]
    assert (east.value, east.achievement, east.score) == (D("80.00"), D("80.00"), D("60"))


def test_satisfaction_from_the_regions_ratings_of_the_month(computed):
    tech = values_of(computed.tech)["satisfaction"]
    assert (tech.value, tech.achievement, tech.score) == (D("4.50"), D("112.50"), D("100"))
    assert values_of(computed.tech2)["satisfaction"].value == D("3.00")
    department = values_of(computed.mktadmin)["satisfaction"]
    assert (department.numerator, department.denominator, department.value) == (
        D("12.00"),
        D("3"),
        D("4.00"),
    )


def test_information_forms_on_time(computed):
    rep = values_of(computed.north_rep)["forms_on_time"]
    assert (rep.numerator, rep.denominator, rep.value, rep.score) == (2, 4, D("50.00"), D("40"))
    assert values_of(computed.north_rep2)["forms_on_time"].value == D("100.00")
    assert values_of(computed.north_manager)["forms_on_time"].value == D("60.00")
    assert values_of(computed.east_manager)["forms_on_time"].status == ValueStatus.NO_DATA


def test_without_targets_or_milestones_the_sales_kpis_are_nothing_to_measure(computed):
    # january_world has neither issued plans nor orders: no figure, and never 0.
    values = values_of(computed.north_rep)
    for formula in ("sales_completion", "development_plan"):
        assert values[formula].status == ValueStatus.NO_DATA
        assert values[formula].value is None and values[formula].score is None
    assert values_of(computed.tech)["department_target"].status == ValueStatus.NO_DATA
    assert values_of(region=computed.north)["sales_completion"].status == ValueStatus.NO_DATA


def test_a_month_without_visits_is_nothing_to_measure(computed):
    assert values_of(computed.north_rep2)["visits_on_time"].status == ValueStatus.NO_DATA
    assert values_of(computed.east_manager)["visits_on_time"].status == ValueStatus.NO_DATA


def test_weighted_total_counts_only_computed_kpis(computed):
    # visits 10 % × 60, forms 10 % × 40 and budget 10 % × 100 = 2,000 ÷ 30; the 70 % of
    # weight with nothing to measure (no targets, no milestones) is left out.
    values = list(values_of(computed.north_rep).values())
    assert services.total_score(values) == D("66.67")
    assert services.total_score(list(values_of(computed.east_manager).values())) == D("60.00")


def test_region_manager_and_region_rows_are_the_regions_figures(computed):
    manager = values_of(computed.north_manager)
    region = values_of(region=computed.north)
    assert manager["visits_on_time"].value == region["visits_on_time"].value == D("75.00")
    assert region["budget_kept"].value == D("100.00")


@pytest.mark.parametrize(
    "achievement,score",
    [
        ("0", "0"),
        ("49.99", "0"),
        ("50", "40"),
        ("69.99", "40"),
        ("70", "60"),
        ("99.99", "80"),
        ("100", "100"),
        ("119.99", "100"),
        ("120", "120"),
        ("500", "120"),
    ],
)
def test_scoring_bands_at_their_edges(org, achievement, score):
    definition = services.kpi_definitions_for_year(2026)[0]
    assert services.band_score(D(achievement), definition.bands.all()) == D(score)


def test_job_is_idempotent(computed):
    before = sorted(
        KpiValue.objects.values_list("definition_id", "person_id", "region_id", "value"), key=str
    )
    count = services.kpi_compute(month=JANUARY)
    after = sorted(
        KpiValue.objects.values_list("definition_id", "person_id", "region_id", "value"), key=str
    )
    assert before == after and len(after) == count


def test_a_crash_mid_job_keeps_the_previous_figures(computed):
    before = KpiValue.objects.filter(month=JANUARY).count()
    with mock.patch.object(KpiValue.objects, "bulk_create", side_effect=DatabaseError("boom")):
        with pytest.raises(DatabaseError):
            services.kpi_compute(month=JANUARY)
    assert KpiValue.objects.filter(month=JANUARY).count() == before
    assert values_of(computed.north_rep)["visits_on_time"].value == D("75.00")


def test_a_new_year_copies_definitions_so_editing_it_keeps_last_years_scores(org):
    services.kpi_definitions_for_year(2026)
    new = KpiDefinition.objects.get(year=2026, role="sales_rep", formula="visits_on_time")
    new.weight = D("30")
    new.save()
    ScoringBand.objects.filter(definition=new).update(score=D("1"))
    old = KpiDefinition.objects.get(year=2025, role="sales_rep", formula="visits_on_time")
    assert old.weight == D("10")
    assert old.bands.filter(score=D("1")).count() == 0


def test_the_task_computes_the_month_asked(computed):
    from performance.tasks import kpi_compute_task

    KpiValue.objects.all().delete()
    assert kpi_compute_task("2026-01") == KpiValue.objects.filter(month=JANUARY).count() > 0


def test_a_person_counts_in_the_role_they_held_that_month(computed):
    from regions.models import Assignment
    from regions.services import person_assign

    Assignment.objects.filter(person=computed.north_rep2).update(started_at=local(date(2025, 6, 1)))
    # north_rep2 becomes the East's region manager now, after January: January stays a rep's.
    person_assign(
        person=computed.north_rep2,
        role="region_manager",
        region=computed.east,
        manager=computed.director,
        actor=computed.director,
    )
    services.kpi_compute(month=JANUARY)
    january = KpiValue.objects.filter(person=computed.north_rep2, month=JANUARY)
    assert set(january.values_list("definition__role", flat=True)) == {"sales_rep"}
    assert set(january.values_list("region__code", flat=True)) == {"north"}
