"""What budgets show in the navigation, on the home page, and on the customer and project
pages."""

from django.utils.translation import gettext_lazy as _

from core.home import HomePanel
from core.nav import NavGroup, NavItem
from customers.sections import CustomerSection, ProjectSection, RowColumn

from . import panels, selectors

NAV_GROUPS = [NavGroup("budgets", _("Budgets"), order=60)]

NAV = [
    NavItem("claims", _("Expenses"), "budgets:claim-list", group="budgets", order=60),
    NavItem("budgets", _("Budgets"), "budgets:budget-list", group="budgets", order=61),
    NavItem("execution", _("Budget execution"), "budgets:execution", group="budgets", order=62),
]

HOME_PANELS = [
    HomePanel(
        key="budgets-remaining",
        template="budgets/_panel_remaining.html",
        context=panels.remaining_budget,
        permission="budgets.remaining_home",
        order=40,
    ),
    HomePanel(
        key="budgets-pending-claims",
        template="budgets/_panel_pending.html",
        context=panels.pending_claims,
        permission="budgets.claims_home",
        order=41,
    ),
]

PROJECT_SECTIONS = [
    ProjectSection(
        key="budgets-project-budget",
        template="budgets/_project_budget.html",
        context=panels.project_budget,
        order=30,
    ),
    ProjectSection(
        key="budgets-project-expenses",
        template="budgets/_project_expenses.html",
        context=lambda user, project: selectors.project_expenses(user=user, project=project),
        order=31,
    ),
]

# The project budget is a project's one money figure: beside each project of the list, per
# stage in the funnel and on top of the customer page.
PROJECT_COLUMNS = [
    RowColumn(
        key="budgets-project-budget",
        label=_("Budget (CNY)"),
        template="budgets/_project_budget_cell.html",
        values=selectors.project_budget_column,
    )
]
FUNNEL_COLUMNS = [
    RowColumn(
        key="budgets-funnel-budget",
        label=_("Budget (CNY)"),
        template="budgets/_funnel_budget_cell.html",
        footer="budgets/_funnel_budget_footer.html",
        values=selectors.funnel_budget_column,
    )
]
KEY_FIGURES = [
    CustomerSection(
        key="budgets-customer-project-budget",
        template="budgets/_customer_project_budget_figure.html",
        context=selectors.customer_project_budget,
    )
]

CUSTOMER_SECTIONS = [
    CustomerSection(
        key="budgets-customer-expenses",
        template="budgets/_customer_expenses.html",
        context=lambda user, customer: selectors.customer_expenses(user=user, customer=customer),
        order=45,
    ),
]
