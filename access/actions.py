"""Named actions: who may do what, declared once per app and asked everywhere.

Each app lists its actions in `<app>/permissions.py` (`ACTIONS`), next to its row policies
(`POLICIES`). An action names the roles that may perform it and, when it is done to one row,
which rows: the row policy of the model (`row="view"` or `row="change"`), or a policy of its
own (`scope=Policy(...)`) when the action reaches other rows than seeing or changing does.

    Action("budgets.claim_pay", roles={Role.FINANCE}, model=ExpenseClaim,
           label=_("Mark a claim paid"), refusal=_("Only finance marks claims paid."))

Asked in one way everywhere — services (which enforce), views and templates (which only ask),
tasks, management commands and the API:

    access.can(user, "budgets.claim_pay", claim)      -> bool
    access.require(user, "budgets.claim_pay", claim)  # 403, or 404 for a row out of view
    {% can "budgets.claim_pay" claim as may_pay %}     # templates ({% load access %})
    user.has_perm("budgets.claim_pay")                 # Django's own check, same answer
    access.visible(user, Quote, action="pricing.quote_adjust")  # the rows it may be done to

An action answers "may this person do this (to this row)?", never "is the row in a state that
allows it": states (draft, approved, paid) are the service's business rule and its message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import Http404

from .policies import CHANGE, VIEW, Policy, visible


class RowNotVisible(Http404, PermissionDenied):
    """A refusal on a row the person may not even see. Pages and the API answer 404 (its
    existence is not revealed); a caller that only knows services catches PermissionDenied."""


@dataclass(frozen=True)
class Action:
    """One thing a person may do. `name` is "<app label>.<verb>" (a Django permission name)."""

    name: str
    roles: Iterable[str]
    label: str = ""
    model: type[models.Model] | None = None
    row: str = VIEW
    scope: Policy | None = None
    refusal: str = ""
    roles_set: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles_set", frozenset(str(r) for r in self.roles))
        if self.row not in (VIEW, CHANGE):
            raise ImproperlyConfigured(f"{self.name}: row must be 'view' or 'change'")
        if self.scope is not None and self.model is None:
            raise ImproperlyConfigured(f"{self.name}: a scope needs the model it applies to")

    def allows_role(self, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or (user.role and user.role in self.roles_set))

    def rows(self, user, model_or_qs):
        """The rows of this action's model that the user may do it to (a queryset; no query
        is run here)."""
        if not self.allows_role(user):
            qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else None
            return (qs if qs is not None else model_or_qs._default_manager).none()
        if self.scope is not None:
            # Never a row the person cannot see: the action's scope narrows the view scope.
            qs = visible(user, model_or_qs)
            where = self.scope.scope(user, qs.model, VIEW)
            return qs if where is None else qs.filter(where)
        return visible(user, model_or_qs, action=self.row)


_ACTIONS: dict[str, Action] = {}


def register_action(action: Action) -> None:
    if action.name in _ACTIONS and _ACTIONS[action.name] != action:
        raise ImproperlyConfigured(f"The action {action.name} is declared twice.")
    _ACTIONS[action.name] = action


def action_for(name: str) -> Action:
    try:
        return _ACTIONS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No action named {name!r}; declare it in its app's permissions.py ACTIONS."
        ) from None


def is_declared(name: str) -> bool:
    return name in _ACTIONS


def declared_actions() -> dict[str, Action]:
    return dict(_ACTIONS)


def _check_object(action: Action, obj) -> None:
    if action.model is None:
        raise ImproperlyConfigured(f"{action.name} is not done to a row; ask without an object.")
    if not isinstance(obj, action.model._meta.concrete_model):
        raise ImproperlyConfigured(
            f"{action.name} is done to {action.model._meta.label}, not {type(obj).__name__}."
        )


def can(user, name: str, obj=None) -> bool:
    """May this person perform the named action (on this row)? Without a row: no query. With
    a row: one query (the row's scope, in SQL)."""
    action = action_for(name)
    if not action.allows_role(user):
        return False
    if obj is None:
        return True
    _check_object(action, obj)
    return action.rows(user, type(obj)).filter(pk=obj.pk).exists()


def require(user, name: str, obj=None) -> None:
    """Refuse unless the person may perform the action: PermissionDenied (403) — or
    RowNotVisible (a 404 that is also a PermissionDenied) when the row is one they may not even
    see, so its existence is not revealed."""
    action = action_for(name)
    if not action.allows_role(user):
        raise PermissionDenied(action.refusal or None)
    if obj is None:
        return
    _check_object(action, obj)
    if action.rows(user, type(obj)).filter(pk=obj.pk).exists():
        return
    if not visible(user, type(obj)).filter(pk=obj.pk).exists():
        raise RowNotVisible
    raise PermissionDenied(action.refusal or None)


def people_who_can(name: str, *, region=None):
    """Active people whose role may perform the action (e.g. whom a support request can be
    assigned to), optionally only those of one region. A queryset of users."""
    from django.contrib.auth import get_user_model

    action = action_for(name)
    people = get_user_model().objects.filter(is_active=True, role__in=sorted(action.roles_set))
    if region is not None:
        people = people.filter(region=region)
    return people
