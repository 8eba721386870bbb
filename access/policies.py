from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Policy:
    """Who sees and who changes rows of one model.

    region_field: ORM path from the model to its Region foreign key (e.g. "customer__region").
    owner_fields: ORM paths to User foreign keys whose holder "owns" the row (e.g. "rep").
    see_all / see_region / see_own: roles that see every row / the rows of their own region /
        the rows they own. Nobody sees a row no role names (declare the company-wide roles
        explicitly where they see everything).
    change_all / change_region / change_own: the same for changing; by default owners change
        their own rows and nobody else does (approvals are decided through `approvals`, not by
        changing the document).
    grant_model: a guardian UserObjectPermissionBase subclass with a direct foreign key to this
        model; a grant of "view_<model>" or "change_<model>" opens one row to one person.
    extra: a function (user, action) -> Q | None for rules that do not fit the fields above.
    """

    region_field: str | None = "region"
    owner_fields: tuple[str, ...] = ()
    see_all: Iterable[str] = ()
    see_region: Iterable[str] = ()
    see_own: Iterable[str] = ()
    change_all: Iterable[str] = ()
    change_region: Iterable[str] = ()
    change_own: Iterable[str] | None = None  # None: the same roles as see_own
    grant_model: type[models.Model] | None = None
    extra: Callable[[object, str], Q | None] | None = None

    def roles(self, action: str) -> tuple[frozenset, frozenset, frozenset]:
        if action == VIEW:
            return frozenset(self.see_all), frozenset(self.see_region), frozenset(self.see_own)
        own = self.see_own if self.change_own is None else self.change_own
        return frozenset(self.change_all), frozenset(self.change_region), frozenset(own)

    def scope(self, user, model: type[models.Model], action: str) -> Q | None:
        """The WHERE clause for this user, or None for "everything"."""
        if not user.is_authenticated or not user.is_active:
            return Q(pk__in=[])
        if user.is_superuser:
            return None
        all_roles, region_roles, own_roles = self.roles(action)
        role = user.role
        if role in all_roles:
            return None
        parts: list[Q] = []
        if role in region_roles and self.region_field and user.region_id:
            parts.append(Q(**{self.region_field: user.region_id}))
        if role in own_roles:
            for path in self.owner_fields:
                parts.append(Q(**{path: user.pk}))
        if self.grant_model is not None:
            codename = f"{action}_{model._meta.model_name}"
            granted = self.grant_model.objects.filter(
                user_id=user.pk, permission__codename=codename
            ).values("content_object_id")
            parts.append(Q(pk__in=granted))
        if self.extra is not None:
            extra_q = self.extra(user, action)
            if extra_q is not None:
                parts.append(extra_q)
        if not parts:
            return Q(pk__in=[])
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return combined


_REGISTRY: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _REGISTRY[model] = policy


def policy_for(model: type[models.Model]) -> Policy:
    concrete = model._meta.concrete_model
    try:
        return _REGISTRY[concrete]
    except KeyError:
        raise ImproperlyConfigured(
            f"No access policy registered for {concrete._meta.label}; register one in its "
            "AppConfig.ready() with access.register()."
        ) from None


def _queryset(model_or_qs) -> QuerySet:
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def visible(user, model_or_qs, *, action: str = VIEW) -> QuerySet:
    """Rows of this model (or queryset) that the user may see (or, with action="change",
    change; or with a named action such as "pricing.quote_adjust", the rows they may do it
    to). Filters in SQL; never evaluates the queryset."""
    if action not in (VIEW, CHANGE):
        from .actions import action_for

        return action_for(action).rows(user, model_or_qs)
    qs = _queryset(model_or_qs)
    where = policy_for(qs.model).scope(user, qs.model, action)
    if where is None:
        return qs
    # A join through an owner or region path can repeat rows; grants use a sub-select, and the
    # paths are foreign keys pointing "up", so rows are not repeated.
    return qs.filter(where)


def sees_all(user, model: type[models.Model], *, action: str = VIEW) -> bool:
    """Whether the user sees every row of the model (a company-wide role, a superuser): a
    selector reading a related table may then skip the sub-select of visible rows."""
    return policy_for(model).scope(user, model, action) is None


def sees_one_region(user, model: type[models.Model], *, action: str = VIEW) -> int | None:
    """The id of the region whose rows are exactly the rows the user sees — a region role
    with nothing added: no own rows, no grant model, no extra rule for them — else None. A
    fact kept per region then answers for them as it does, summed, for someone who
    `sees_all`; anyone else reads the rows themselves."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return None
    policy = policy_for(model)
    all_roles, region_roles, own_roles = policy.roles(action)
    role = user.role
    if role in all_roles or role not in region_roles or not policy.region_field:
        return None
    if (role in own_roles and policy.owner_fields) or policy.grant_model is not None:
        return None
    if policy.extra is not None and policy.extra(user, action) is not None:
        return None
    return user.region_id or None


def get_for_user(user, model_or_qs, *, action: str = VIEW, **lookup):
    """The one row the user asked for, or 404 if it is out of their view scope, or 403 if they
    see it but may not change it (action="change") or may not perform the named action on it
    (action="customers.customer_classify"). Out-of-scope rows answer 404 so their existence is
    not revealed."""
    qs = _queryset(model_or_qs)
    try:
        obj = visible(user, qs).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action == CHANGE and not visible(user, qs.model, action=action).filter(pk=obj.pk).exists():
        raise PermissionDenied
    if action not in (VIEW, CHANGE):
        from .actions import require

        require(user, action, obj)
    return obj


def allowed(user, obj, *, action: str = VIEW) -> bool:
    """May this user see (or change) this one object? One query."""
    return visible(user, type(obj), action=action).filter(pk=obj.pk).exists()


def grant(user, obj, *, action: str = VIEW) -> None:
    """Open one object to one person (the per-object exception)."""
    from guardian.shortcuts import assign_perm

    assign_perm(f"{action}_{obj._meta.model_name}", user, obj)


def revoke(user, obj, *, action: str = VIEW) -> None:
    from guardian.shortcuts import remove_perm

    remove_perm(f"{action}_{obj._meta.model_name}", user, obj)
