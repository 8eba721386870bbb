"""Writes for the organisation: people, their assignments and the role groups."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .models import Assignment, Region, User
from .roles import Role


def role_permission_map() -> dict[str, set[str]]:
    """Collect {role: {"app_label.codename", …}} from every app's `role_permissions`."""
    result: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        declared = getattr(config, "role_permissions", None) or {}
        for role, codenames in declared.items():
            for codename in codenames:
                label = codename if "." in codename else f"{config.label}.{codename}"
                result[str(role)].add(label)
    return result


def role_groups_sync() -> None:
    """Make one group per role holding exactly the permissions the apps declare for it."""
    wanted = role_permission_map()
    all_labels = {label for labels in wanted.values() for label in labels}
    by_label = {}
    if all_labels:
        for perm in Permission.objects.select_related("content_type"):
            by_label[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    for role, labels in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([by_label[label] for label in sorted(labels) if label in by_label])


@transaction.atomic
def person_assign(
    *,
    person: User,
    role: str,
    region: Region | None,
    manager: User | None,
    actor: User | None,
) -> User:
    """Give a person a role (and region and manager), closing the previous assignment.

    The person's group follows the role. Documents keep the region they were made in.
    """
    now = timezone.now()
    person.role = role
    person.region = region
    person.manager = manager
    person.full_clean(exclude=["password"])
    person.save(update_fields=["role", "region", "manager"])
    Assignment.objects.filter(person=person, ended_at__isnull=True).update(ended_at=now)
    Assignment.objects.create(
        person=person, role=role, region=region, manager=manager, started_at=now, changed_by=actor
    )
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    person.groups.remove(*role_groups)
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        person.groups.add(group)
    return person


@transaction.atomic
def person_create(
    *,
    username: str,
    password: str,
    role: str,
    region: Region | None = None,
    manager: User | None = None,
    display_name: str = "",
    email: str = "",
    actor: User | None = None,
    **extra,
) -> User:
    person = User(username=username, display_name=display_name, email=email, **extra)
    person.set_password(password)
    person.save()
    return person_assign(person=person, role=role, region=region, manager=manager, actor=actor)
