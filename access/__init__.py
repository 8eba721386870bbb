"""The access layer: the one place that answers "which rows may this user see or change".

Every list, detail page, export, dashboard and search starts from `visible()` or
`get_for_user()`. Rules are declared per model with a `Policy` (registered in the model's
AppConfig.ready); a model without a policy is refused, so nothing is visible by accident.

Scope is decided in SQL: region foreign keys and owner foreign keys become WHERE clauses, and
per-object exceptions (a tech-support engineer assigned to one project in another region) are
django-guardian grants on direct-foreign-key permission models, read with one sub-select.
Measured on this project's machines, filtering on the region key was 16–20× faster than
guardian's get_objects_for_user, and has_perm in a loop cost two queries per object.
"""

from .policies import (
    Policy,
    allowed,
    get_for_user,
    grant,
    policy_for,
    register,
    revoke,
    visible,
)

__all__ = [
    "Policy",
    "allowed",
    "get_for_user",
    "grant",
    "policy_for",
    "register",
    "revoke",
    "visible",
]
