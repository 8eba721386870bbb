from datetime import date
from decimal import Decimal

import pytest

from customers.tests.factories import make_customer
from planning import services
from planning.models import PlanLine, RegionPlan, RegionTarget
from tests.querycount import assert_constant_queries

from .factories import approve_through, company_target, issue, plan_with_lines

YEAR = 2031
pytestmark = pytest.mark.django_db


def test_the_director_splits_and_an_unbalanced_split_is_refused_with_the_figures(org, client_for):
    target = company_target(org.director, year=YEAR, litres="1200")
    client = client_for(org.director)
    page = client.get(f"/planning/targets/{target.pk}/?propose=1")
    assert page.status_code == 200 and 'data-testid="split-grid"' in page.content.decode()
    data = {f"s-{org.north.pk}-1-litres": "1000", f"s-{org.north.pk}-1-revenue": "120000"}
    data[f"s-{org.north.pk}-1-margin"] = "24000"
    response = client.post(f"/planning/targets/{target.pk}/", data, follow=True)
    body = response.content.decode()
    assert "the target is 1,200.00, the split adds up to 1,000.00 (difference -200.00)" in body
    assert not RegionTarget.objects.exists()
    data[f"s-{org.east.pk}-3-litres"] = "200"
    response = client.post(f"/planning/targets/{target.pk}/", data)
    assert response.status_code == 302
    assert RegionTarget.objects.filter(target=target).count() == 2  # North January, East March


def test_a_manager_drafts_saves_targets_and_submits(org, client_for):
    key = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_manager)
    page = client.get("/planning/plans/new/")
    key_field = page.context["form"]["submission_key"].value()
    response = client.post(
        "/planning/plans/new/", {"year": YEAR, "note": "", "submission_key": key_field}
    )
    # The same form sent twice makes one plan.
    client.post("/planning/plans/new/", {"year": YEAR, "note": "", "submission_key": key_field})
    plan = RegionPlan.objects.get()
    assert response.status_code == 302 and plan.region == org.north
    page = client.get(plan.get_absolute_url())
    assert key.name in page.content.decode()  # key customers are offered as rows
    client.post(
        plan.get_absolute_url(),
        {f"t-{key.pk}-3-litres": "1,250.5", f"t-{key.pk}-3-revenue": "99000", "t-0-4-litres": "7"},
    )
    assert set(PlanLine.objects.values_list("customer_id", "month", "litres")) == {
        (key.pk, date(YEAR, 3, 1), Decimal("1250.50")),
        (None, date(YEAR, 4, 1), Decimal("7")),
    }


def test_an_issued_plan_is_read_only_and_shows_original_and_adjusted(org, client_for):
    key = make_customer(org.north, owner=org.north_rep)
    plan = issue(plan_with_lines(org.north_manager, year=YEAR, cells={(key, 1): ("10", "100")}))
    client = client_for(org.north_manager)
    response = client.post(plan.get_absolute_url(), {f"t-{key.pk}-1-litres": "999"})
    assert response.status_code == 403
    assert PlanLine.objects.get().litres == Decimal("10")
    from approvals.services import approval_submit

    adjustment = services.adjustment_create(plan=plan, actor=org.north_manager, reason="Up")
    response = client.post(
        adjustment.get_absolute_url(),
        {f"t-{key.pk}-1-litres": "12", f"t-{key.pk}-1-revenue": "100"},
    )
    assert list(adjustment.lines.values_list("litres", flat=True)) == [Decimal("12")]
    approval_submit(document=adjustment, actor=org.north_manager)
    approve_through(adjustment)
    original = client.get(plan.get_absolute_url() + "?version=1").content.decode()
    current = client.get(plan.get_absolute_url()).content.decode()
    assert "Showing the original plan as issued." in original and "10.00" in original
    assert "Showing version 2 (after adjustments)." in current and "12.00" in current


def test_consolidation_shows_each_region_plan_against_its_split_and_the_gap(org, client_for):
    target = company_target(org.director, year=YEAR, litres="1000", revenue="0", margin="0")
    cells = {
        (org.north.pk, date(YEAR, 1, 1)): {"litres": Decimal("600")},
        (org.east.pk, date(YEAR, 1, 1)): {"litres": Decimal("400")},
    }
    services.split_save(target=target, actor=org.director, cells=cells)
    plan = plan_with_lines(org.north_manager, year=YEAR, cells={(None, 1): ("550", "0")})
    from approvals.services import approval_submit

    approval_submit(document=plan, actor=org.north_manager)
    page = client_for(org.mktadmin).get(f"/planning/consolidation/?year={YEAR}")
    body = page.content.decode()
    assert page.context["data"]["regions"][0]["gap"] == Decimal("-50")
    assert page.context["data"]["gap"] == Decimal("-450")  # 550 planned of 1,000
    assert 'data-testid="pass-on"' in body and 'data-testid="return"' in body
    # The director sees the page but it is not their step yet.
    director = client_for(org.director).get(f"/planning/consolidation/?year={YEAR}")
    assert 'data-testid="pass-on"' not in director.content.decode()


def test_lists_cost_the_same_queries_whatever_their_length(org, client_for):
    from regions.models import Region

    counter = iter(range(1, 1000))

    def more_plans(n):
        for _ in range(n):
            region = Region.objects.create(code=f"r{next(counter)}", name="区")
            RegionPlan.objects.create(region=region, year=YEAR, author=org.north_manager)

    assert_constant_queries(
        client_for(org.director), "/planning/plans/", grow=more_plans, small=2, large=20
    )


def test_the_tracking_page_costs_the_same_queries_whatever_the_customers(org, client_for):
    plan = issue(plan_with_lines(org.north_manager, year=YEAR, cells={(None, 1): ("1", "1")}))

    def more_customers(n):
        customers = [make_customer(org.north, owner=org.north_rep) for _ in range(n)]
        PlanLine.objects.bulk_create(
            PlanLine(
                plan=plan, region=org.north, customer=c, rep=org.north_rep, month=date(YEAR, 1, 1)
            )
            for c in customers
        )

    assert_constant_queries(
        client_for(org.director),
        f"/planning/tracking/?year={YEAR}&month=1&by=customer",
        grow=more_customers,
        small=2,
        large=30,
    )


def test_a_key_account_plan_shows_its_targets_from_the_issued_plan(org, client_for):
    from customers.models import KeyAccountPlan

    key = make_customer(org.north, owner=org.north_rep)
    account_plan = KeyAccountPlan.objects.create(
        customer=key, region=org.north, year=YEAR, author=org.north_rep
    )
    client = client_for(org.north_manager)
    assert (
        'data-testid="key-account-targets"'
        not in client.get(account_plan.get_absolute_url()).content.decode()
    )
    issue(
        plan_with_lines(
            org.north_manager,
            year=YEAR,
            cells={(key, 1): ("120", "1000"), (key, 2): ("80", "500"), (None, 1): ("9", "9")},
        )
    )
    body = client.get(account_plan.get_absolute_url()).content.decode()
    assert 'data-testid="key-account-targets"' in body
    assert '<span class="value" data-testid="key-account-litres">200.00</span>' in body
