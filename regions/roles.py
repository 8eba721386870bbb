"""The roles of the marketing organisation (SPEC §2) and what each may do.

A person has exactly one role. Each role is a Django group of the same name; the group's
permissions are the union of what every app declares for that role in its AppConfig
(`role_permissions`), synchronised by `regions.services.role_groups_sync` after each migrate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SALES_REP = "sales_rep", _("Sales rep")
    REGION_MANAGER = "region_manager", _("Region manager")
    TECH_SUPPORT = "tech_support", _("Tech support")
    MARKETING_ADMIN = "marketing_admin", _("Marketing admin")
    FINANCE = "finance", _("Finance")
    DIRECTOR = "marketing_director", _("Marketing director")
    GENERAL_MANAGER = "general_manager", _("General manager")
    EXECUTIVE = "executive_committee", _("Executive committee member")
    # Not a person: the account an integration (the ERP) signs in with, by API token only. It
    # may do only what the declarations name it for (push orders, read prices).
    ERP_SERVICE = "erp_service", _("ERP service account")


# Service accounts are integrations, not people: they have no password, no pages and no
# approvals, and are left out of every "everyone" in the declarations.
SERVICE_ROLES = frozenset({Role.ERP_SERVICE})
# The roles people hold: "everyone" in a declaration means these.
PEOPLE_ROLES = frozenset(set(Role) - SERVICE_ROLES)
# Front-end roles belong to one region and report to a manager.
FRONT_END_ROLES = frozenset({Role.SALES_REP, Role.REGION_MANAGER})
# Roles that see every region's data (SPEC §3).
COMPANY_WIDE_ROLES = frozenset({Role.DIRECTOR, Role.GENERAL_MANAGER, Role.EXECUTIVE})
# The reporting line used when an approval must go one level up (SPEC §2).
ESCALATION = [
    Role.SALES_REP,
    Role.REGION_MANAGER,
    Role.DIRECTOR,
    Role.GENERAL_MANAGER,
    Role.EXECUTIVE,
]


def role_above(role: str) -> str | None:
    """The next role up the reporting line, or None at the top."""
    try:
        index = ESCALATION.index(role)
    except ValueError:
        return Role.DIRECTOR
    return ESCALATION[index + 1] if index + 1 < len(ESCALATION) else None
