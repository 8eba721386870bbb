from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from approvals.selectors import approval_queue_count
        from regions.roles import Role

        from .nav import NavItem, register

        register(NavItem("home", _("Home"), "core:home", order=0))
        register(
            NavItem(
                "queue",
                _("Waiting for me"),
                "approvals:queue",
                order=1,
                badge=lambda user: approval_queue_count(user=user),
                roles=set(Role) - {Role.SALES_REP},
            )
        )
        register(NavItem("mine", _("My submissions"), "approvals:mine", order=2))
