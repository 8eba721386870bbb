"""Expenses on the customer page and on the development-project page."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer, DevelopmentProject
from customers.tests.factories import make_visit
from tests.querycount import assert_constant_queries

from ..models import ExpenseClaim, ExpenseLine, Status
from ..selectors import customer_expenses, project_expenses
from ..services import claim_create, claim_line_add, claim_mark_paid
from .factories import approved_line, categories, decide, submit, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(budgets_setup):
    org = budgets_setup
    org.customer = Customer.objects.create(name="一汽解放", region=org.north, owner=org.north_rep)
    org.other = Customer.objects.create(name="北汽福田", region=org.north, owner=org.north_rep)
    org.project = DevelopmentProject.objects.create(
        customer=org.customer, region=org.north, name="J6 国六", owner=org.north_rep
    )
    for category in ("travel", "entertainment", "testing"):
        approved_line(region=org.north, category=category, amount="100000")
    approved_line(project=org.project, category="testing", amount="100000")
    return org


def spend(person, lines, *, state=Status.SUBMITTED, title="Trip", approver=None, finance=None):
    """A claim with lines [(category, amount, {customer/visit/project})], taken to `state`."""
    claim = claim_create(claimant=person, title=title)
    for category, amount, served in lines:
        claim_line_add(
            claim=claim,
            actor=person,
            date=today(),
            category=categories()[category],
            amount=Decimal(amount),
            **served,
        )
    if state != Status.DRAFT:
        submit(claim)
    if state in (Status.APPROVED, Status.PAID):
        decide(claim, approver)
    if state == Status.PAID:
        claim_mark_paid(claim=claim, actor=finance)
    claim.refresh_from_db()
    return claim


def test_customer_page_shows_the_years_spend_by_category_committed_approved_and_paid_apart(
    world, client_for
):
    org = world
    visit = make_visit(org.customer, rep=org.north_rep)
    spend(org.north_rep, [("travel", "300", {"customer": org.customer})])  # submitted
    spend(
        org.north_rep,
        [("entertainment", "450", {"visit": visit})],
        state=Status.APPROVED,
        approver=org.north_manager,
    )
    spend(
        org.north_rep,
        [("testing", "1200", {"project": org.project})],
        state=Status.PAID,
        approver=org.north_manager,
        finance=org.finance,
    )
    spend(
        org.north_rep, [("travel", "999", {"customer": org.customer})], state=Status.DRAFT
    )  # not spent
    spend(org.north_rep, [("travel", "77", {"customer": org.other})])  # another customer

    response = client_for(org.north_manager).get(
        reverse("customers:customer-detail", args=[org.customer.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="customer-expenses"' in body
    assert body.count('data-testid="expense-line"') == 3
    assert body.count('data-testid="expense-category"') == 3
    assert 'data-testid="expense-year-total">1,950.00<' in body
    assert "999.00" not in body and "77.00" not in body

    data = customer_expenses(user=org.north_manager, customer=org.customer)
    by_code = {str(row["category"]): row for row in data["rows"]}
    assert by_code["Travel"]["committed"] == Decimal("300") and by_code["Travel"]["paid"] == 0
    assert by_code["Entertainment"]["approved"] == Decimal("450")
    assert by_code["Testing"]["paid"] == Decimal("1200") and by_code["Testing"]["committed"] == 0
    assert data["totals"] == {
        "committed": Decimal("300"),
        "approved": Decimal("450"),
        "paid": Decimal("1200"),
        "total": Decimal("1950"),
    }


def test_last_years_lines_are_listed_but_not_in_this_years_totals(world):
    org = world
    claim = spend(org.north_rep, [("travel", "300", {"customer": org.customer})])
    ExpenseLine.objects.filter(claim=claim).update(
        date=date(today().year - 1, 6, 1), month=date(today().year - 1, 6, 1)
    )
    data = customer_expenses(user=org.north_rep, customer=org.customer)
    assert len(data["lines"]) == 1 and data["rows"] == [] and data["totals"]["total"] == 0


def test_a_line_counts_for_its_own_customer_before_its_visits_or_projects(world):
    org = world
    visit = make_visit(org.other, rep=org.north_rep)
    spend(
        org.north_rep,
        [
            ("travel", "100", {"customer": org.customer, "visit": visit}),
            ("testing", "200", {"customer": org.other, "project": org.project}),
        ],
    )
    assert customer_expenses(user=org.north_rep, customer=org.customer)["totals"][
        "total"
    ] == Decimal("100")
    assert customer_expenses(user=org.north_rep, customer=org.other)["totals"]["total"] == Decimal(
        "200"
    )


def test_each_viewer_sees_only_the_claims_the_access_layer_lets_them_see(world):
    org = world
    spend(org.north_rep, [("travel", "100", {"customer": org.customer})])
    spend(org.north_rep2, [("travel", "20", {"customer": org.customer})])

    def total(user):
        data = customer_expenses(user=user, customer=org.customer)
        return None if data is None else data["totals"]["total"]

    assert total(org.north_rep) == Decimal("100")
    assert total(org.north_rep2) == Decimal("20")
    assert total(org.north_manager) == Decimal("120")
    assert total(org.finance) == Decimal("120") and total(org.director) == Decimal("120")
    assert total(org.east_manager) is None
    assert total(org.tech) is None


def test_the_section_is_hidden_when_nothing_was_spent(world, client_for):
    org = world
    spend(org.north_rep, [("travel", "999", {"customer": org.customer})], state=Status.DRAFT)
    client = client_for(org.north_rep)
    body = client.get(reverse("customers:customer-detail", args=[org.customer.pk])).content.decode()
    assert 'data-testid="customer-expenses"' not in body
    body = client.get(reverse("customers:project-detail", args=[org.project.pk])).content.decode()
    assert 'data-testid="project-expenses"' not in body


def _grow(org, customer=None, project=None):
    """n submitted claims of alternating claimants, one line each, for the customer (or project)."""
    travel = categories()["travel" if project is None else "testing"]

    def grow(n):
        for i in range(n):
            person = org.north_rep if i % 2 else org.north_rep2
            claim = ExpenseClaim.objects.create(
                claimant=person,
                region=org.north,
                title=f"Trip {i}",
                status=Status.SUBMITTED,
                total=Decimal("10"),
            )
            ExpenseLine.objects.create(
                claim=claim,
                date=today(),
                category=travel,
                amount=Decimal("10"),
                customer=customer,
                project=project,
            )

    return grow


def test_customer_page_queries_do_not_grow_with_the_lines(world, client_for):
    org = world
    assert_constant_queries(
        client_for(org.north_manager),
        reverse("customers:customer-detail", args=[org.customer.pk]),
        grow=_grow(org, customer=org.customer),
        small=2,
        large=40,
    )


def test_sections_make_a_fixed_number_of_queries(world):
    org = world
    _grow(org, customer=org.customer, project=org.project)(30)
    with CaptureQueriesContext(connection) as captured:
        data = customer_expenses(user=org.north_manager, customer=org.customer)
        [
            (str(line.category), str(line.claim.claimant), line.claim.get_absolute_url())
            for line in data["lines"]
        ]
    assert len(captured.captured_queries) == 3 and len(data["lines"]) == 10
    with CaptureQueriesContext(connection) as captured:
        data = project_expenses(user=org.north_manager, project=org.project)
        [(str(line.category), str(line.claim.claimant)) for line in data["lines"]]
    assert len(captured.captured_queries) == 1 and len(data["lines"]) == 10


def test_project_page_lists_the_projects_latest_expense_lines(world, client_for):
    org = world
    spend(
        org.north_rep,
        [
            ("testing", "1200", {"project": org.project}),
            ("travel", "80", {"customer": org.customer}),
        ],
        title="台架试验",
    )
    body = (
        client_for(org.north_rep)
        .get(reverse("customers:project-detail", args=[org.project.pk]))
        .content.decode()
    )
    assert 'data-testid="project-expenses"' in body and 'data-testid="project-budget"' in body
    assert body.count('data-testid="expense-line"') == 1
    assert "1,200.00" in body and "台架试验" in body
    assert project_expenses(user=org.east_manager, project=org.project) is None
