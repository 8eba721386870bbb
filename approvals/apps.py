from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from access import Policy, register
        from regions.roles import Role

        from .models import ApprovalRequest
        from .selectors import ALL_SEEING, approval_request_scope_extra

        register(
            ApprovalRequest,
            Policy(
                region_field="region",
                owner_fields=("submitter",),
                see_all=ALL_SEEING,
                see_region={Role.REGION_MANAGER},
                see_own=set(Role),
                change_own=(),
                extra=approval_request_scope_extra,
            ),
        )
