from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets and expenses")

    def ready(self) -> None:
        from access import Policy, register
        from approvals import registry
        from core import home, nav
        from regions.roles import COMPANY_WIDE_ROLES, Role

        from . import handlers, panels
        from .models import (
            Budget,
            BudgetLine,
            CashAdvance,
            ExecutionFigure,
            ExpenseClaim,
            Supplement,
        )

        readers = COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN}
        # Budgets: everyone in a region sees its budgets (a rep checks what is left); the
        # marketing admin drafts and imports; approval is through the authority table.
        budget_policy = Policy(
            region_field="region",
            owner_fields=("owner", "created_by"),
            see_all=readers,
            see_region={Role.SALES_REP, Role.REGION_MANAGER},
            see_own=set(Role),
            change_all={Role.MARKETING_ADMIN},
            change_region={Role.REGION_MANAGER},
            change_own=(),
        )
        register(Budget, budget_policy)
        register(
            BudgetLine,
            Policy(
                region_field="budget__region",
                see_all=readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
            ),
        )
        register(
            ExecutionFigure,
            Policy(
                region_field="region",
                see_all=readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
            ),
        )
        # Claims, advances and supplements: own for everyone, the region's for its manager,
        # all for finance (who pays) and the company-wide roles.
        for model, owner in (
            (ExpenseClaim, "claimant"),
            (CashAdvance, "person"),
            (Supplement, "requester"),
        ):
            register(
                model,
                Policy(
                    region_field="region",
                    owner_fields=(owner,),
                    see_all=readers,
                    see_region={Role.REGION_MANAGER},
                    see_own=set(Role),
                    change_own=set(Role),
                ),
            )

        for handler in (
            handlers.BudgetApproval(),
            handlers.SupplementApproval(),
            handlers.ExpenseApproval(),
            handlers.AdvanceApproval(),
        ):
            registry.register(handler)

        nav.register(
            nav.NavItem(key="claims", label=_("Expenses"), url_name="budgets:claim-list", order=60)
        )
        nav.register(
            nav.NavItem(key="budgets", label=_("Budgets"), url_name="budgets:budget-list", order=61)
        )
        nav.register(
            nav.NavItem(
                key="execution", label=_("Budget execution"), url_name="budgets:execution", order=62
            )
        )
        from customers.sections import (
            CustomerSection,
            ProjectSection,
            RowColumn,
            register_funnel_column,
            register_key_figure,
            register_project_column,
            register_project_section,
            register_section,
        )

        from . import selectors

        register_project_section(
            ProjectSection(
                key="budgets-project-budget",
                template="budgets/_project_budget.html",
                context=panels.project_budget,
                order=30,
            )
        )
        register_project_section(
            ProjectSection(
                key="budgets-project-expenses",
                template="budgets/_project_expenses.html",
                context=lambda user, project: selectors.project_expenses(
                    user=user, project=project
                ),
                order=31,
            )
        )
        # The project budget is a project's one money figure: beside each project of the
        # list, per stage in the funnel and on top of the customer page.
        register_project_column(
            RowColumn(
                key="budgets-project-budget",
                label=_("Budget (CNY)"),
                template="budgets/_project_budget_cell.html",
                values=selectors.project_budget_column,
            )
        )
        register_funnel_column(
            RowColumn(
                key="budgets-funnel-budget",
                label=_("Budget (CNY)"),
                template="budgets/_funnel_budget_cell.html",
                footer="budgets/_funnel_budget_footer.html",
                values=selectors.funnel_budget_column,
            )
        )
        register_key_figure(
            CustomerSection(
                key="budgets-customer-project-budget",
                template="budgets/_customer_project_budget_figure.html",
                context=selectors.customer_project_budget,
            )
        )
        register_section(
            CustomerSection(
                key="budgets-customer-expenses",
                template="budgets/_customer_expenses.html",
                context=lambda user, customer: selectors.customer_expenses(
                    user=user, customer=customer
                ),
                order=45,
            )
        )
        home.register(
            home.HomePanel(
                key="budgets-remaining",
                template="budgets/_panel_remaining.html",
                context=panels.remaining_budget,
                roles={Role.SALES_REP, Role.REGION_MANAGER},
                order=40,
            )
        )
        home.register(
            home.HomePanel(
                key="budgets-pending-claims",
                template="budgets/_panel_pending.html",
                context=panels.pending_claims,
                roles={Role.REGION_MANAGER, Role.FINANCE, *COMPANY_WIDE_ROLES},
                order=41,
            )
        )
