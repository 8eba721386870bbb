"""Writes for the organisation: people and their assignments."""

from django.db import transaction
from django.utils import timezone

from .models import Assignment, Region, User


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

    What the role may do is declared in each app's permissions.py (named actions), read from
    `person.role`; no group is kept in step. Documents keep the region they were made in.
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
