from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets.models import Budget, BudgetLine
from budgets.tests.factories import categories
from customers.models import ProjectStage
from customers.tests.factories import make_customer, make_project
from planning import selectors, services
from planning.models import Milestone, PlanLine, RegionTarget, RollingTarget

from .factories import company_target, issue, plan_with_lines

YEAR = 2031
pytestmark = pytest.mark.django_db


def _even_split(org, target):
    """Everything to North in January except what the test changes."""
    cells = {}
    for region in (org.north, org.east, org.south):
        for month in services.months_of(YEAR):
            cells[(region.pk, month)] = {"litres": 0, "revenue": 0, "margin": 0}
    cells[(org.north.pk, date(YEAR, 1, 1))] = {
        "litres": target.litres,
        "revenue": target.revenue,
        "margin": target.margin,
    }
    return cells


def test_a_balanced_split_is_saved(org):
    target = company_target(org.director, year=YEAR)
    assert services.split_save(target=target, actor=org.director, cells=_even_split(org, target))
    assert RegionTarget.objects.filter(target=target).count() == 36


def test_an_unbalanced_split_is_refused_with_the_figures(org):
    target = company_target(org.director, year=YEAR, litres="1200", revenue="120000")
    cells = _even_split(org, target)
    cells[(org.east.pk, date(YEAR, 3, 1))]["litres"] = Decimal("50.5")
    cells[(org.north.pk, date(YEAR, 1, 1))]["revenue"] = Decimal("100000")
    with pytest.raises(ValidationError) as refused:
        services.split_save(target=target, actor=org.director, cells=cells)
    text = " ".join(refused.value.messages)
    assert "the target is 1,200.00, the split adds up to 1,250.50 (difference 50.50)" in text
    assert "the target is 120,000.00, the split adds up to 100,000.00" in text
    assert "Gross margin" not in text  # the margin balances
    assert not RegionTarget.objects.exists()


def test_the_proposal_balances_to_the_cent(org):
    target = company_target(org.director, year=YEAR, litres="1000", revenue="100000.01")
    proposal = services.split_propose(
        user=org.director, target=target, regions=[org.north, org.east, org.south]
    )
    assert services.split_imbalance(target=target, cells=proposal) == []
    assert services.split_save(target=target, actor=org.director, cells=proposal) == 36


def test_only_the_director_sets_and_splits_targets(org):
    with pytest.raises(PermissionDenied):
        company_target(org.north_manager, year=YEAR)
    target = company_target(org.director, year=YEAR)
    with pytest.raises(PermissionDenied):
        services.split_save(target=target, actor=org.mktadmin, cells={})


def test_rolling_versions_stay_and_show_what_changed(org):
    figures = {"litres": 100, "revenue": 1000, "margin": 100, "customers_developed": 2}
    services.rolling_create(
        actor=org.director,
        base_year=2030,
        note="",
        years={y: dict(figures) for y in (2030, 2031, 2032)},
    )
    raised = dict(figures, litres=130)
    second = services.rolling_create(
        actor=org.director,
        base_year=2031,
        note="Market up",
        years={y: dict(raised) for y in (2031, 2032, 2033)},
    )
    with pytest.raises(ValidationError):
        services.rolling_create(
            actor=org.director,
            base_year=2031,
            note="",
            years={y: dict(raised) for y in (2031, 2032, 2033)},
        )
    assert RollingTarget.objects.count() == 2
    diff = selectors.rolling_diff(version=second)
    by_year = {row["year"]: row["cells"][0] for row in diff["rows"]}
    assert by_year[2031]["previous"] == 100 and by_year[2031]["change"] == 30
    assert by_year[2033]["previous"] is None  # the old version did not reach 2033


def test_a_figure_out_of_bounds_is_refused(org):
    with pytest.raises(ValidationError):
        company_target(org.director, year=YEAR, litres="100000000.01")
    key = make_customer(org.north, owner=org.north_rep)
    plan = services.plan_create(actor=org.north_manager, year=YEAR)
    with pytest.raises(ValidationError):
        services.plan_lines_set(
            plan=plan,
            actor=org.north_manager,
            cells={(key.pk, date(YEAR, 1, 1)): {"litres": Decimal("-1")}},
        )
    assert not PlanLine.objects.exists()


def test_a_manager_drafts_only_their_own_region(org):
    plan = services.plan_create(actor=org.north_manager, year=YEAR)
    assert plan.region == org.north
    east_customer = make_customer(org.east)
    with pytest.raises(ValidationError):
        services.plan_lines_set(
            plan=plan,
            actor=org.north_manager,
            cells={(east_customer.pk, date(YEAR, 1, 1)): {"litres": Decimal("5")}},
        )
    with pytest.raises(PermissionDenied):
        services.plan_lines_set(plan=plan, actor=org.east_manager, cells={})
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=org.north_rep, year=YEAR)


def test_targets_are_seen_by_region_and_rep(org):
    north_key = make_customer(org.north, owner=org.north_rep)
    other_rep_key = make_customer(org.north, owner=org.north_rep2)
    east_key = make_customer(org.east, owner=org.east_rep)
    issue(
        plan_with_lines(
            org.north_manager,
            year=YEAR,
            cells={(north_key, 1): ("10", "100"), (other_rep_key, 1): ("20", "200")},
        )
    )
    issue(plan_with_lines(org.east_manager, year=YEAR, cells={(east_key, 1): ("40", "400")}))

    def seen(user):
        return selectors.targets_totals(
            user=user, month_from=date(YEAR, 1, 1), month_to=date(YEAR, 12, 1)
        )["litres"]

    assert seen(org.director) == Decimal("70")
    assert seen(org.north_manager) == Decimal("30")  # no East target
    assert seen(org.east_manager) == Decimal("40")
    assert seen(org.north_rep) == Decimal("10")  # their own customer only
    assert seen(org.tech) == 0


def test_a_draft_plan_is_no_target(org):
    key = make_customer(org.north, owner=org.north_rep)
    plan_with_lines(org.north_manager, year=YEAR, cells={(key, 1): ("10", "100")})
    rows = selectors.targets(
        user=org.director, month_from=date(YEAR, 1, 1), month_to=date(YEAR, 12, 1)
    )
    assert rows == []


def test_the_plan_budget_becomes_the_region_budget_exactly(org):
    cats = categories()
    key = make_customer(org.north, owner=org.north_rep)
    # An earlier draft region budget for the year is replaced, not added to.
    from budgets.services import budget_create

    draft = budget_create(
        year=YEAR, scope="region", owner=org.north_manager, actor=org.mktadmin, region=org.north
    )
    BudgetLine.objects.filter(budget=draft, category=cats["testing"]).update(amount=999)
    plan = plan_with_lines(org.north_manager, year=YEAR, cells={(key, 1): ("10", "100")})
    amounts = {
        (cats["travel"].pk, date(YEAR, month, 1)): Decimal("1000.10") * month
        for month in range(1, 13)
    }
    amounts[(cats["brand"].pk, date(YEAR, 9, 1))] = Decimal("25000")
    services.plan_budget_set(plan=plan, actor=org.north_manager, amounts=amounts)
    issue(plan)
    budget = Budget.objects.get(year=YEAR, scope="region", region=org.north)
    assert budget.pk == draft.pk and budget.status == "approved"
    saved = {
        (line.category_id, line.month): line.amount
        for line in BudgetLine.objects.filter(budget=budget).exclude(amount=0)
    }
    assert saved == {
        key: Decimal(value).quantize(Decimal("0.01")) for key, value in amounts.items()
    }


def test_the_baseline_stays_when_stage_dates_move(org):
    key = make_customer(org.north, owner=org.north_rep)
    project = make_project(key, owner=org.north_rep)
    ProjectStage.objects.update_or_create(
        project=project, stage="samples", defaults={"planned_date": date(YEAR, 4, 1)}
    )
    plan = plan_with_lines(org.north_manager, year=YEAR, cells={(key, 1): ("10", "100")})
    milestone = services.milestone_add(
        plan=plan, actor=org.north_manager, project=project, stage="samples"
    )
    assert milestone.baseline_date == date(YEAR, 4, 1)
    issue(plan)
    # The project slips: its stage is re-planned and then reached late.
    ProjectStage.objects.filter(project=project, stage="samples").update(
        planned_date=date(YEAR, 6, 1), actual_date=date(YEAR, 6, 10)
    )
    milestone.refresh_from_db()
    assert milestone.baseline_date == date(YEAR, 4, 1)
    (row,) = selectors.milestone_rows(plan=plan, today=date(YEAR, 7, 1))
    assert row["planned"] == date(YEAR, 6, 1) and row["moved"]
    assert row["standing"] == "late_done" and row["days_late"] == 70


def test_a_milestone_of_another_region_is_refused(org):
    east_project = make_project(make_customer(org.east), owner=org.east_rep)
    plan = services.plan_create(actor=org.north_manager, year=YEAR)
    with pytest.raises(ValidationError):
        services.milestone_add(
            plan=plan,
            actor=org.north_manager,
            project=east_project,
            stage="samples",
            baseline_date=date(YEAR, 5, 1),
        )
    assert not Milestone.objects.exists()
