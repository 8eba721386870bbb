"""The DRF side of the access layer: an endpoint names the action it serves, and the
permission class asks `access.can` — the same declaration the pages, services and templates
ask. Rows come from `access.visible` / `access.get_for_user` in the views."""

from __future__ import annotations

from rest_framework import permissions

import access


class ActionPermission(permissions.BasePermission):
    """The view's `read_action` for safe methods, its `write_actions[<view action>]` for
    writes; on one row, the action asked of that row when the action is done to its model."""

    def _action(self, request, view) -> str | None:
        if request.method in permissions.SAFE_METHODS:
            return getattr(view, "read_action", None)
        return getattr(view, "write_actions", {}).get(getattr(view, "action", None))

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        name = self._action(request, view)
        return name is not None and access.can(user, name)

    def has_object_permission(self, request, view, obj) -> bool:
        name = self._action(request, view)
        if name is None:
            return False
        model = access.action_for(name).model
        if model is not None and isinstance(obj, model._meta.concrete_model):
            return access.can(request.user, name, obj)
        return access.can(request.user, name)
