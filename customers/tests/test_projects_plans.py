"""Projects and the funnel, classification and the grid, key-account plans, surveys."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from approvals.models import State
from approvals.services import approval_for
from customers.models import (
    ClassificationCriterion,
    Customer,
    CustomerScore,
    DevelopmentProject,
    KeyAccountPlan,
    Survey,
    SurveyQuestion,
)
from customers.services import customer_classify, plan_action_add, plan_create, project_stage_update
from tests.querycount import assert_constant_queries

from .factories import make_customer, make_project


def test_stage_update_moves_project_and_flags_late_stages(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    project = make_project(customer, owner=org.north_rep)
    today = timezone.localdate()
    stages = {s.stage: s for s in project.stages.all()}
    client = client_for(org.north_rep)
    response = client.post(
        f"/customers/projects/stages/{stages['tech_exchange'].pk}/edit/",
        {
            "planned_date": (today - timedelta(days=10)).isoformat(),
            "actual_date": (today - timedelta(days=20)).isoformat(),
            "owner": org.north_rep.pk,
            "expected_deliverables": "技术交流纪要",
        },
        follow=True,
    )
    assert "before the planned date" in response.content.decode()  # allowed, but flagged
    project.refresh_from_db()
    assert project.stage == "tech_exchange"
    project_stage_update(
        stage=stages["supply_application"],
        actor=org.north_rep,
        planned_date=today - timedelta(days=1),
        actual_date=None,
        owner=org.north_rep,
        expected_deliverables="",
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="late-count">1<' in page
    with pytest.raises(ValidationError):
        project_stage_update(
            stage=stages["samples"],
            actor=org.north_rep,
            planned_date=None,
            actual_date=today + timedelta(days=2),
            owner=None,
            expected_deliverables="",
        )


def test_funnel_counts_by_stage_within_scope(org, client_for):
    north = make_customer(org.north, owner=org.north_rep)
    east = make_customer(org.east)
    for stage in ("contact", "contact", "samples"):
        DevelopmentProject.objects.create(
            customer=north, region=org.north, name="p", owner=org.north_rep, stage=stage
        )
    DevelopmentProject.objects.create(
        customer=east, region=org.east, name="e", owner=org.east_rep, stage="contact"
    )
    response = client_for(org.north_manager).get("/customers/projects/funnel/")
    chart = json.loads(
        response.content.decode()
        .split('id="funnel-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    counts = chart["data"]["datasets"][0]["data"]
    assert counts[0] == 2 and counts[5] == 1 and sum(counts) == 3
    director = (
        client_for(org.director).get("/customers/projects/funnel/?region=east").content.decode()
    )
    chart = json.loads(
        director.split('id="funnel-data" type="application/json">')[1].split("</script>")[0]
    )
    assert sum(chart["data"]["datasets"][0]["data"]) == 1


def test_project_list_queries_do_not_grow(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_manager)
    assert_constant_queries(
        client,
        "/customers/projects/",
        grow=lambda n: [make_project(customer, owner=org.north_rep) for _ in range(n)],
        small=2,
        large=20,
    )


def _values(a: int, likelihood: int) -> dict[int, int]:
    return {
        c.pk: (a if c.axis == "attractiveness" else likelihood)
        for c in ClassificationCriterion.objects.filter(active=True)
    }


@pytest.mark.django_db
def test_classification_uses_weights_and_keeps_history(org):
    customer = make_customer(org.north, klass="")
    year = timezone.localdate().year
    customer_classify(customer=customer, year=year - 1, values=_values(8, 2), actor=org.director)
    score = customer_classify(
        customer=customer, year=year, values=_values(8, 7), actor=org.director
    )
    assert (score.attractiveness, score.likelihood, score.customer_class) == (
        Decimal("80.0"),
        Decimal("70.0"),
        "A",
    )
    assert list(
        CustomerScore.objects.filter(customer=customer).values_list("customer_class", flat=True)
    ) == ["A", "B"]
    assert Customer.objects.get(pk=customer.pk).customer_class == "A"
    # Re-scoring an older year keeps the current class.
    customer_classify(customer=customer, year=year - 1, values=_values(2, 2), actor=org.director)
    assert Customer.objects.get(pk=customer.pk).customer_class == "A"
    # Weights are data: making "Volume" dominate changes the attractiveness score.
    volume = ClassificationCriterion.objects.get(name_en="Volume")
    volume.weight = Decimal("900")
    volume.save()
    values = _values(5, 5)
    values[volume.pk] = 10
    assert customer_classify(
        customer=customer, year=year, values=values, actor=org.director
    ).attractiveness > Decimal("95")
    with pytest.raises(ValidationError):
        customer_classify(customer=customer, year=year, values={volume.pk: 5}, actor=org.director)


def test_grid_plots_only_customers_in_scope(org, client_for):
    year = timezone.localdate().year
    north = make_customer(org.north, name="北方网格客户", name_en="North Grid")
    east = make_customer(org.east, name="东方网格客户", name_en="East Grid")
    customer_classify(customer=north, year=year, values=_values(9, 9), actor=org.director)
    customer_classify(customer=east, year=year, values=_values(2, 9), actor=org.director)
    page = client_for(org.north_manager).get("/customers/grid/").content.decode()
    assert "North Grid" in page and "East Grid" not in page
    page = client_for(org.director).get("/customers/grid/").content.decode()
    chart = json.loads(
        page.split('id="grid-data" type="application/json">')[1].split("</script>")[0]
    )
    by_class = {d["label"][0]: [p["name"] for p in d["data"]] for d in chart["data"]["datasets"]}
    assert by_class["A"] == ["North Grid"] and by_class["C"] == ["East Grid"]
    assert (
        chart["pointUrl"].replace("{i}", str(chart["data"]["datasets"][0]["data"][0]["i"]))
        == north.get_absolute_url()
    )


def test_key_account_plan_is_approved_by_the_director(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep, klass="A")
    client = client_for(org.north_rep)
    year = timezone.localdate().year
    response = client.post(
        "/customers/plans/new/",
        {
            "customer": customer.pk,
            "year": year,
            "profile": "概况",
            "resources_money": "80000",
            "resources_people": "2",
        },
    )
    assert response.status_code == 302
    plan = KeyAccountPlan.objects.get()
    client.post(
        f"/customers/plans/{plan.pk}/actions/",
        {
            "description": "高层拜访",
            "owner": org.north_rep.pk,
            "due_date": date(year, 1, 10).isoformat(),
        },
    )
    assert plan.actions.count() == 1
    approval = approval_for(plan)
    client.post(f"/approvals/{approval.pk}/submit/", {})
    approval.refresh_from_db()
    assert approval.state == State.SUBMITTED and approval.approver_role == "marketing_director"
    # Submitted: the region can no longer change it.
    assert (
        client.get(f"/customers/plans/{plan.pk}/")
        .content.decode()
        .count(f"/customers/plans/{plan.pk}/edit/")
        == 0
    )
    client_for(org.director).post(f"/approvals/{approval.pk}/decide/", {"decision": "approve"})
    approval.refresh_from_db()
    assert approval.state == State.APPROVED
    page = client_for(org.north_manager).get(plan.get_absolute_url()).content.decode()
    assert "0 / 1" in page  # plan vs actual: no action done yet


@pytest.mark.django_db
def test_plans_only_for_key_accounts_and_once_a_year(org):
    year = timezone.localdate().year
    with pytest.raises(ValidationError):
        plan_create(actor=org.north_rep, customer=make_customer(org.north, klass="C"), year=year)
    customer = make_customer(org.north, klass="B")
    plan = plan_create(actor=org.north_rep, customer=customer, year=year)
    with pytest.raises(ValidationError):
        plan_create(actor=org.north_rep, customer=customer, year=year)
    plan_action_add(
        plan=plan,
        actor=org.north_rep,
        description="x",
        owner=org.north_rep,
        due_date=date(year, 1, 1),
    )
    assert KeyAccountPlan.objects.count() == 1


def test_plan_list_queries_do_not_grow(org, client_for):
    year = timezone.localdate().year
    client = client_for(org.north_manager)

    def grow(n):
        for _ in range(n):
            plan_create(
                actor=org.north_rep, customer=make_customer(org.north, klass="A"), year=year
            )

    assert_constant_queries(client, "/customers/plans/", grow=grow, small=2, large=20)


def test_survey_results_show_on_the_customer_page(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    questions = list(SurveyQuestion.objects.filter(active=True))
    data = {"survey_date": timezone.localdate().isoformat(), "respondent": "采购部王经理"}
    scored = [q for q in questions if q.scored]
    data[f"q{scored[0].pk}"] = "5"
    data[f"q{scored[1].pk}"] = "2"
    text = next(q for q in questions if not q.scored)
    data[f"q{text.pk}"] = "交样太慢"
    client = client_for(org.north_rep)
    assert client.post(f"/customers/{customer.pk}/surveys/new/", data).status_code == 302
    assert Survey.objects.get().average_score == Decimal("3.50")
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "采购部王经理" in page and "3.50" in page and "交样太慢" in page
    response = client.post(
        f"/customers/{customer.pk}/surveys/new/", {"survey_date": data["survey_date"]}
    )
    assert "Answer at least one question" in response.content.decode()
    assert Survey.objects.count() == 1


def test_a_large_grid_counts_customers_per_cell(org, client_for, monkeypatch):
    """Beyond the table's size the grid draws a circle per cell with its count (the same
    totals as the class figures), in a fixed number of queries; a one-customer cell still
    opens that customer."""
    from customers import views

    year = timezone.localdate().year
    same_cell = [make_customer(org.north) for _ in range(3)]
    for customer in same_cell:
        customer_classify(customer=customer, year=year, values=_values(9, 9), actor=org.director)
    alone = make_customer(org.north, name="孤单客户", name_en="Lonely")
    customer_classify(customer=alone, year=year, values=_values(2, 9), actor=org.director)
    east = make_customer(org.east)
    customer_classify(customer=east, year=year, values=_values(9, 2), actor=org.director)
    monkeypatch.setattr(views, "GRID_TABLE_MAX", 2)
    page = client_for(org.north_manager).get("/customers/grid/").content.decode()
    chart = json.loads(
        page.split('id="grid-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["type"] == "bubble" and 'data-testid="grid-cells"' in page
    points = {d["label"][0]: d["data"] for d in chart["data"]["datasets"]}
    assert [p["name"] for p in points["A"]] == ["3 customers"] and "i" not in points["A"][0]
    assert [p["name"] for p in points["C"]] == ["Lonely"] and points["C"][0]["i"] == alone.pk
    assert points["B"] == [] and points["D"] == []  # the east customer is out of scope
    assert 'data-testid="count-A">3<' in page and 'data-testid="count-C">1<' in page
    assert 'data-testid="grid-table"' not in page


@pytest.mark.django_db
def test_grid_and_funnel_queries_do_not_grow(org, client_for):
    year = timezone.localdate().year

    def grow(n):
        for _ in range(n):
            customer = make_customer(org.north)
            customer_classify(
                customer=customer, year=year, values=_values(6, 4), actor=org.director
            )
            make_project(customer, owner=org.north_rep)

    client = client_for(org.north_manager)
    assert_constant_queries(client, "/customers/grid/", grow=grow, small=2, large=15)
    assert_constant_queries(client, "/customers/projects/funnel/", grow=grow, small=1, large=5)


def test_admin_edits_the_criteria(org, client):
    from regions.models import User

    admin_user = User.objects.create_superuser("root", "root@example.com", "pw-123456789")
    client.force_login(admin_user)
    assert client.get("/admin/customers/classificationcriterion/").status_code == 200
    assert client.get("/admin/customers/visitfrequency/").status_code == 200
