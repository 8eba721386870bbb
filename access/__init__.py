"""The access layer: the one place that answers "which rows may this user see or change".

Every list, detail page, export, dashboard and search starts from `visible()` or
`get_for_user()`. Rules are declared per model with a `Policy` (in the app's
`permissions.py`, `POLICIES`); a model without a policy is refused, so nothing is visible by
accident.

Scope is decided in SQL: region foreign keys and owner foreign keys become WHERE clauses, and
per-object exceptions (a tech-support engineer assigned to one project in another region) are
django-guardian grants on direct-foreign-key permission models, read with one sub-select.
Who may *do* what is declared the same way, as named actions (`access.actions`): one
declaration per action in the app's `permissions.py`, asked with `access.can` / `access.require`,
`{% can %}` in templates and Django's `user.has_perm`.

Measured on this project's machines, filtering on the region key was 16–20× faster than
guardian's get_objects_for_user, and has_perm in a loop cost two queries per object.
"""

from .actions import (
    Action,
    action_for,
    can,
    declared_actions,
    people_who_can,
    require,
)
from .policies import (
    Policy,
    allowed,
    get_for_user,
    grant,
    policy_for,
    register,
    revoke,
    sees_all,
    sees_one_region,
    visible,
)
from .readers import CompanyReader

__all__ = [
    "Action",
    "CompanyReader",
    "Policy",
    "action_for",
    "can",
    "declared_actions",
    "people_who_can",
    "require",
    "allowed",
    "get_for_user",
    "grant",
    "policy_for",
    "register",
    "revoke",
    "sees_all",
    "sees_one_region",
    "visible",
]
