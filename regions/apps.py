from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs) -> None:
    from django.apps import apps

    # post_migrate fires once per app; the permissions of every app exist after the last one.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from .services import role_groups_sync

    role_groups_sync()


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Permissions exist only after migrate; refresh the role groups each time it runs.
        post_migrate.connect(_sync_groups, dispatch_uid="regions-sync-role-groups")
        from access import Policy, register

        from .models import Region, User
        from .roles import Role

        register(
            Region,
            Policy(
                region_field="pk",
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                see_all={
                    Role.DIRECTOR,
                    Role.GENERAL_MANAGER,
                    Role.EXECUTIVE,
                    Role.MARKETING_ADMIN,
                    Role.FINANCE,
                    Role.TECH_SUPPORT,
                },
            ),
        )
        register(
            User,
            Policy(
                region_field="region",
                see_region={Role.REGION_MANAGER},
                owner_fields=("pk",),
                see_own=set(Role),
            ),
        )
