"""The permission matrix: every URL × every persona → the expected status.

Each app lists its URLs in `<app>/tests/matrix.py`:

    def build(world):              # optional: create the objects the rows point at
        world.north_customer = ...

    ROWS = [
        Row("customers:customer-list"),                                  # 200 for every persona
        Row("customers:customer-detail", kwargs=lambda w: {"pk": w.east_customer.pk},
            expect={"north_rep": 404, "north_manager": 404}),
        Row("pricing:upload", expect=only(200, "finance", otherwise=403)),
    ]

`tests/test_permission_matrix.py` collects every app's rows, requests each URL as each persona
and compares, and fails when a URL of the project has no row.

The same file lists what each persona may *do*: one `ActionRow` per named action declared in the
app's permissions.py, with the personas that may perform it (written out by hand, not derived
from the declaration) and, for an action done to a row, a row from `build` and who may do it
to that row. A declared action without a row fails the suite:

    ACTIONS = [
        ActionRow("budgets.claim_pay", allowed={"finance"},
                  on=lambda w: w.north_claim, allowed_on={"finance"}),
    ]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = [
    "anonymous",
    "north_rep",
    "north_manager",
    "east_manager",
    "tech",
    "mktadmin",
    "finance",
    "director",
    "gm",
    "exec",
]


@dataclass
class Row:
    url_name: str
    kwargs: Callable[[object], dict] | None = None
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200
    anonymous: int = 302
    method: str = "get"
    data: Callable[[object], dict] | None = None
    query: str = ""

    def status_for(self, persona: str) -> int:
        if persona == "anonymous":
            return self.expect.get("anonymous", self.anonymous)
        return self.expect.get(persona, self.default)


@dataclass
class ApiRow(Row):
    """A row for an API endpoint. The matrix requests it twice: signed in through the session
    (as the pages are, with the personas above) and with each persona's API token, the ERP's
    service account ("erp") included. Without credentials an API answers 401; the service
    account is refused (403) wherever its row does not say otherwise."""

    anonymous: int = 401
    service: int = 403
    content_type: str = ""  # e.g. "application/json" for a JSON body (PUT, POST)

    def status_for(self, persona: str) -> int:
        if persona in SERVICE_PERSONAS:
            return self.expect.get(persona, self.service)
        return super().status_for(persona)


SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
# Service accounts (the ERP) sign in with an API token only, never to a page: the action matrix
# and the API's rows check them, the pages' rows do not.
SERVICE_PERSONAS = ["erp"]


@dataclass
class ActionRow:
    name: str
    allowed: set[str]
    on: Callable[[object], object] | None = None
    allowed_on: set[str] | None = None


def only(status: int, *personas: str, otherwise: int = 403) -> dict[str, int]:
    """Expect `status` for the named personas and `otherwise` for every other signed-in one."""
    return {p: (status if p in personas else otherwise) for p in PERSONAS if p != "anonymous"}


def matrix_modules() -> list:
    """Every installed app's `<app>/tests/matrix.py` module (ROWS, build, HOSTILE_FORMS)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix"
        if config.name.startswith("django.") or find_spec(config.name + ".tests") is None:
            continue
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


# Persona sets for the action rows (named out, so a row reads as a sentence).
FRONT_END = {"north_rep", "north_manager", "east_manager"}
MANAGERS = {"north_manager", "east_manager"}
COMPANY_WIDE = {"director", "gm", "exec"}
EVERYONE = set(SIGNED_IN)
