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
