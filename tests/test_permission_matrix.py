"""Every role × every URL → the expected status, from the rows each app declares."""

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import build_org
from tests.matrix import PERSONAS, SERVICE_PERSONAS, ApiRow, Row, matrix_modules

# URLs that belong to Django's admin (guarded by is_staff) are checked by Django itself.
EXEMPT_NAMESPACES = {"admin"}


def all_rows() -> list[Row]:
    return [row for module in matrix_modules() for row in module.ROWS]


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in EXEMPT_NAMESPACES:
                    continue
                walk(
                    pattern.url_patterns,
                    f"{namespace}:{pattern.namespace}".strip(":")
                    if pattern.namespace
                    else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row_in_the_matrix():
    covered = {row.url_name for row in all_rows()}
    missing = sorted(project_url_names() - covered)
    assert not missing, f"URLs without a permission-matrix row: {missing}"


@pytest.fixture
def world(db):
    org = build_org()
    world = SimpleNamespace(**vars(org))
    for module in matrix_modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


def _body_type(row) -> dict:
    content_type = getattr(row, "content_type", "")
    return {"content_type": content_type} if content_type else {}


def test_permission_matrix(world, client):
    failures = []
    for row in all_rows():
        url = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
        if row.query:
            url = f"{url}?{row.query}"
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(getattr(world, persona))
            data = row.data(world) if row.data else {}
            response = getattr(client, row.method)(url, data=data, **_body_type(row))
            expected = row.status_for(persona)
            if response.status_code != expected:
                failures.append(
                    f"{row.url_name} as {persona}: {response.status_code}, expected {expected}"
                )
            if persona == "anonymous" and expected == 302 and response.status_code == 302:
                location = response["Location"]
                if row.method == "get" and "/login/" not in location:
                    failures.append(
                        f"{row.url_name} as anonymous redirects to {location}, not login"
                    )
    assert not failures, "\n".join(failures)


# --- the API: every endpoint with each persona's token ---------------------------------------

# URL names of the API's endpoints (the versioned ones): each needs an ApiRow, so it is also
# requested with tokens and as the ERP's service account.
API_PREFIX = "api:"


def api_endpoint_names() -> set[str]:
    """URL names in the api namespace whose route is under the versioned prefix (v1/)."""
    _prefix, resolver = get_resolver().namespace_dict[API_PREFIX.rstrip(":")]
    names = set()
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        patterns = [pattern for _bits, pattern, *_rest in resolver.reverse_dict.getlist(name)]
        if any(pattern.startswith("v1/") for pattern in patterns):
            names.add(API_PREFIX + name)
    return names


def test_every_api_endpoint_has_an_api_row():
    covered = {row.url_name for row in all_rows() if isinstance(row, ApiRow)}
    missing = sorted(api_endpoint_names() - covered)
    assert not missing, f"API endpoints without an ApiRow in the matrix: {missing}"


def test_api_matrix_with_tokens(world, client):
    """The same rows, signed in with an API token instead of the session: the service account
    too, and without credentials a 401."""
    from api.services import token_issue_for_service

    failures = []
    secrets = {}
    for persona in [p for p in PERSONAS if p != "anonymous"] + SERVICE_PERSONAS:
        _token, secrets[persona] = token_issue_for_service(
            user=getattr(world, persona), name="matrix", days=1
        )
    client.logout()
    for row in [r for r in all_rows() if isinstance(r, ApiRow)]:
        url = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
        if row.query:
            url = f"{url}?{row.query}"
        for persona in PERSONAS + SERVICE_PERSONAS:
            headers = {}
            if persona != "anonymous":
                headers["HTTP_AUTHORIZATION"] = f"Bearer {secrets[persona]}"
            data = row.data(world) if row.data else {}
            response = getattr(client, row.method)(url, data=data, **_body_type(row), **headers)
            expected = row.status_for(persona)
            if response.status_code != expected:
                failures.append(
                    f"{row.url_name} ({row.method}) with {persona}'s token: "
                    f"{response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


# --- named actions: who may do what ---------------------------------------------------------


def all_action_rows():
    from tests.matrix import ActionRow

    rows: list[ActionRow] = []
    for module in matrix_modules():
        rows.extend(getattr(module, "ACTIONS", ()))
    return rows


def test_every_declared_action_has_a_row_in_the_matrix():
    import access

    declared = set(access.declared_actions())
    listed = [row.name for row in all_action_rows()]
    assert len(listed) == len(set(listed)), "an action is listed twice"
    assert not declared - set(listed), (
        f"actions without a matrix row: {sorted(declared - set(listed))}"
    )
    assert not set(listed) - declared, (
        f"rows for undeclared actions: {sorted(set(listed) - declared)}"
    )


def test_action_matrix(world):
    import access
    from tests.matrix import SERVICE_PERSONAS, SIGNED_IN

    failures = []
    for row in all_action_rows():
        target = row.on(world) if row.on else None
        for persona in SIGNED_IN + SERVICE_PERSONAS:
            user = getattr(world, persona)
            expected = persona in row.allowed
            if access.can(user, row.name) != expected:
                failures.append(f"{row.name} as {persona}: expected {expected}")
            # Django's own check answers from the same declaration.
            if user.has_perm(row.name) != expected:
                failures.append(f"user.has_perm({row.name!r}) as {persona}: expected {expected}")
            if target is not None:
                on_expected = persona in (row.allowed_on or set())
                if access.can(user, row.name, target) != on_expected:
                    failures.append(
                        f"{row.name} on {target!r} as {persona}: expected {on_expected}"
                    )
    assert not failures, "\n".join(failures)
