from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"

    def ready(self) -> None:
        from access import Policy
        from access import register as access_register
        from approvals.registry import register as approvals_register
        from regions.roles import Role

        from .models import Memo, MemoApproval, MemoUserObjectPermission

        access_register(
            Memo,
            Policy(
                region_field="region",
                owner_fields=("author",),
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
                grant_model=MemoUserObjectPermission,
            ),
        )
        approvals_register(MemoApproval())
