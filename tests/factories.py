"""The named people every test speaks of (a North rep, a North manager, an East manager, the
director, finance, …) and small builders for shared objects."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from approvals.models import AuthorityRule
from regions.models import Region, User
from regions.roles import SERVICE_ROLES, Role
from regions.services import person_create

PASSWORD = "test-pass-123"

# persona name -> (username, role, region code, manager persona)
PERSONAS = {
    "gm": ("gm", Role.GENERAL_MANAGER, None, None),
    "exec": ("exec", Role.EXECUTIVE, None, None),
    "director": ("director", Role.DIRECTOR, None, "gm"),
    "finance": ("finance", Role.FINANCE, None, "gm"),
    "mktadmin": ("mktadmin", Role.MARKETING_ADMIN, None, "director"),
    "tech": ("tech", Role.TECH_SUPPORT, None, "director"),
    "tech2": ("tech2", Role.TECH_SUPPORT, None, "director"),
    "north_manager": ("north_manager", Role.REGION_MANAGER, "north", "director"),
    "north_rep": ("north_rep", Role.SALES_REP, "north", "north_manager"),
    "north_rep2": ("north_rep2", Role.SALES_REP, "north", "north_manager"),
    "east_manager": ("east_manager", Role.REGION_MANAGER, "east", "director"),
    "east_rep": ("east_rep", Role.SALES_REP, "east", "east_manager"),
    "south_manager": ("south_manager", Role.REGION_MANAGER, "south", "director"),
    # The ERP's service account: no password (it signs in with an API token only).
    "erp": ("erp", Role.ERP_SERVICE, None, None),
}


def region(code: str) -> Region:
    names = {"north": ("华北", "North"), "east": ("华东", "East"), "south": ("华南", "South")}
    name, name_en = names.get(code, (code, code))
    obj, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    return obj


def person(persona: str) -> User:
    username, role, region_code, manager = PERSONAS[persona]
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    return person_create(
        username=username,
        password=None if role in SERVICE_ROLES else PASSWORD,
        role=role,
        region=region(region_code) if region_code else None,
        manager=person(manager) if manager else None,
        display_name=username,
        email=f"{username}@example.com",
        language="en",
    )


def build_org() -> SimpleNamespace:
    org = SimpleNamespace(north=region("north"), east=region("east"), south=region("south"))
    for name in PERSONAS:
        setattr(org, name, person(name))
    return org


def authority(
    document_type: str, bands: list[tuple[str | None, str]], region=None, step: int = 1
) -> None:
    """bands: [(amount up to or None, approver role), …] at one step of the type's chain."""
    for limit, role in bands:
        AuthorityRule.objects.update_or_create(
            document_type=document_type,
            region=region,
            amount_up_to=Decimal(limit) if limit is not None else None,
            step=step,
            defaults={"approver_role": role},
        )


SPEC_BANDS = [("5000", Role.REGION_MANAGER), ("50000", Role.DIRECTOR), (None, Role.GENERAL_MANAGER)]


def approver_for(request) -> User | None:
    """Someone (not the submitter) who may decide the request's current step."""
    people = User.objects.filter(is_active=True, role=request.approver_role).exclude(
        pk=request.submitter_id
    )
    if request.approver_region_id:
        people = people.filter(region_id=request.approver_region_id)
    return people.order_by("pk").first()
