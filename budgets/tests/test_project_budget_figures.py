"""The project budget is a development project's one money figure: budgets shows it beside each
project of the customers app's list, per stage in its funnel, on top of the customer page and on
the project page (registered in customers.sections)."""

from decimal import Decimal

import pytest

from customers.models import Customer, DevelopmentProject
from tests.querycount import assert_constant_queries

from ..models import Budget, BudgetLine, Scope, Status
from .factories import approved_line, categories, claim_with, submit, today

pytestmark = pytest.mark.django_db


def _project(org, customer, name, **fields):
    return DevelopmentProject.objects.create(
        customer=customer, region=customer.region, name=name, owner=org.north_rep, **fields
    )


def _cell(page: str, key: str, marker: str) -> str:
    """The text of the row that contains `marker`, from the registered cell `key` on."""
    row = page[page.index(marker) :]
    row = row[: row.index("</tr>")]
    return row[row.index(f'data-testid="{key}"') :]


@pytest.fixture
def projects(budgets_setup):
    org = budgets_setup
    org.customer = Customer.objects.create(name="一汽解放", region=org.north, owner=org.north_rep)
    org.funded = _project(org, org.customer, "J6 国六", stage="samples")
    approved_line(project=org.funded, category="testing", amount="5000")
    submit(claim_with(org.north_rep, ["1200"], category="testing", project=org.funded))
    org.unfunded = _project(org, org.customer, "J7 开发", stage="samples")
    # A budget lowered below what was already spent against it.
    org.overspent = _project(org, org.customer, "JH6 重卡", stage="contact")
    line = approved_line(project=org.overspent, category="testing", amount="3000")
    submit(claim_with(org.north_rep, ["2500"], category="testing", project=org.overspent))
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("2000"))
    return org


def test_project_list_shows_each_projects_budget_against_what_was_used(projects, client_for):
    org = projects
    page = client_for(org.north_manager).get("/customers/projects/").content.decode()
    funded = _cell(page, "budgets-project-budget", "J6 国六")
    assert "5,000.00" in funded and "used 1,200.00" in funded and "over budget" not in funded
    assert ">—<" in _cell(page, "budgets-project-budget", "J7 开发")
    over = _cell(page, "budgets-project-budget", "JH6 重卡")
    assert "2,000.00" in over and "used 2,500.00" in over and 'data-testid="over-budget"' in over
    assert "?sort=-budget" not in page  # the list no longer sorts on a project field of its own


def test_project_list_budget_column_queries_do_not_grow(budgets_setup, client_for):
    org = budgets_setup
    customer = Customer.objects.create(name="一汽解放", region=org.north, owner=org.north_rep)

    def grow(n):
        for _ in range(n):
            project = _project(org, customer, "p")
            approved_line(project=project, category="testing", amount="1000")

    assert_constant_queries(
        client_for(org.north_manager), "/customers/projects/", grow=grow, small=2, large=15
    )


def test_funnel_sums_this_years_approved_budgets_of_active_projects(projects, client_for):
    org = projects
    draft = _project(org, org.customer, "草稿", stage="samples")
    budget = Budget.objects.create(
        year=today().year,
        scope=Scope.PROJECT,
        project=draft,
        region=org.north,
        owner=org.north_rep,
        created_by=org.north_rep,
        status=Status.DRAFT,
    )
    BudgetLine.objects.create(budget=budget, category=categories()["testing"], amount=9000)
    won = _project(org, org.customer, "已赢", stage="samples", status="won")
    approved_line(project=won, category="testing", amount="7000")
    page = client_for(org.north_manager).get("/customers/projects/funnel/").content.decode()
    assert 'data-testid="budgets-funnel-budget-samples">5,000.00<' in page
    assert 'data-testid="budgets-funnel-budget-contact">2,000.00<' in page
    assert 'data-testid="budgets-funnel-budget-test_plan">0.00<' in page
    assert "7,000.00 CNY of approved" in page
    east = client_for(org.director).get("/customers/projects/funnel/?region=east").content
    assert 'data-testid="budgets-funnel-budget-samples">0.00<' in east.decode()


def test_customer_page_shows_the_active_project_budget(projects, client_for):
    org = projects
    page = client_for(org.north_manager).get(org.customer.get_absolute_url()).content.decode()
    figure = page[page.index('data-testid="customer-project-budget"') :]
    assert figure.index("7,000.00") < figure.index("</div>")  # 5,000 + 2,000, both approved


def test_project_page_flags_a_budget_below_what_was_used(projects, client_for):
    org = projects
    client = client_for(org.north_manager)
    over = client.get(org.overspent.get_absolute_url()).content.decode()
    assert 'data-testid="project-budget"' in over and 'data-testid="over-budget"' in over
    funded = client.get(org.funded.get_absolute_url()).content.decode()
    assert "3,800.00" in funded and 'data-testid="over-budget"' not in funded
