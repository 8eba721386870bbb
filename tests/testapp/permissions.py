from access import Policy
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import Memo, MemoUserObjectPermission

POLICIES = {
    Memo: Policy(
        region_field="region",
        owner_fields=("author",),
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
        grant_model=MemoUserObjectPermission,
    ),
}
