from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from access import Policy, register
        from regions.roles import COMPANY_WIDE_ROLES, Role

        from .models import (
            Customer,
            CustomerUserObjectPermission,
            DevelopmentProject,
            DevelopmentProjectUserObjectPermission,
            KeyAccountPlan,
            Visit,
        )

        # Reps see every customer and project of their region (SPEC §3: "own region's
        # customers"), so a colleague's account is visible when covering for them; their
        # visits are their own. Tech support sees what it is assigned to (guardian grants).
        readers = COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.FINANCE}
        register(
            Customer,
            Policy(
                region_field="region",
                owner_fields=("owner",),
                see_all=readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                change_all={Role.MARKETING_ADMIN},
                change_region={Role.SALES_REP, Role.REGION_MANAGER},
                grant_model=CustomerUserObjectPermission,
            ),
        )
        register(
            DevelopmentProject,
            Policy(
                region_field="region",
                owner_fields=("owner",),
                see_all=readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                change_region={Role.REGION_MANAGER},
                change_own={Role.SALES_REP, Role.TECH_SUPPORT},
                see_own={Role.TECH_SUPPORT},
                grant_model=DevelopmentProjectUserObjectPermission,
            ),
        )
        register(
            Visit,
            Policy(
                region_field="region",
                owner_fields=("rep",),
                see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
            ),
        )
        # Key-account plans are drafted by the region and read like its customers.
        register(
            KeyAccountPlan,
            Policy(
                region_field="region",
                owner_fields=("author",),
                see_all=readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                change_all={Role.MARKETING_ADMIN},
                change_region={Role.SALES_REP, Role.REGION_MANAGER},
            ),
        )
        self._register_elsewhere()

    def _register_elsewhere(self) -> None:
        from approvals.registry import register as register_handler
        from core.home import HomePanel
        from core.home import register as register_panel
        from core.nav import NavItem
        from core.nav import register as register_nav
        from regions.roles import Role

        from . import sections_own
        from .approval_handlers import PlanApproval, VisitApproval

        register_handler(VisitApproval())
        register_handler(PlanApproval())
        register_nav(
            NavItem(
                key="customers", label=_("Customers"), url_name="customers:customer-list", order=20
            )
        )
        register_nav(
            NavItem(
                key="customers-visits",
                label=_("Visits"),
                url_name="customers:visit-list",
                order=21,
                roles={
                    Role.SALES_REP,
                    Role.REGION_MANAGER,
                    Role.MARKETING_ADMIN,
                    Role.DIRECTOR,
                    Role.GENERAL_MANAGER,
                    Role.EXECUTIVE,
                },
            )
        )
        register_nav(
            NavItem(
                key="customers-projects",
                label=_("Projects"),
                url_name="customers:project-list",
                order=22,
            )
        )
        register_nav(
            NavItem(
                key="customers-grid", label=_("Classification"), url_name="customers:grid", order=23
            )
        )
        register_nav(
            NavItem(
                key="customers-plans",
                label=_("Key-account plans"),
                url_name="customers:plan-list",
                order=24,
            )
        )
        register_panel(
            HomePanel(
                key="customers-rep",
                template="customers/_home_panel.html",
                context=sections_own.home_panel,
                roles={Role.SALES_REP, Role.REGION_MANAGER},
                order=10,
            )
        )
        sections_own.register_timeline_sources()
