"""Who sees regions and people (row policies). The organisation has no actions of its own:
people and regions are maintained by an administrator in the admin."""

from access import Policy

from .models import Region, User
from .roles import COMPANY_WIDE_ROLES, PEOPLE_ROLES, Role

POLICIES = {
    # Front-end people see their own region; everyone else every region (filters, reports).
    Region: Policy(
        region_field="pk",
        see_region={Role.SALES_REP, Role.REGION_MANAGER},
        see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.FINANCE, Role.TECH_SUPPORT},
    ),
    # A region manager sees the people of the region; everyone sees themselves.
    User: Policy(
        region_field="region",
        see_all=COMPANY_WIDE_ROLES,
        see_region={Role.REGION_MANAGER},
        owner_fields=("pk",),
        see_own=set(PEOPLE_ROLES),
    ),
}

ACTIONS = []
