"""Django's own permission checks answer from the named actions.

`user.has_perm("budgets.claim_pay")` (and `{{ perms.budgets.claim_pay }}` in templates) asks
`access.can`, so there is one source of "who may do what". A declared action that is refused
stops here (PermissionDenied tells Django not to ask the other backends), so no group or
per-user permission table can grant it behind the declarations' back.
"""

from django.core.exceptions import PermissionDenied

from .actions import can, is_declared


class ActionBackend:
    """Answers permission checks only: it signs nobody in and loads no user (so it has no
    get_user, and Django's test client and session code pass it by)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not is_declared(perm):
            return False
        if can(user_obj, perm, obj):
            return True
        raise PermissionDenied
