"""Hostile input over every form of the project: each app's HOSTILE_FORMS (declared in
`<app>/tests/matrix.py`, see tests/hostile.py) posted with random and hostile values as the
named person. Never a server error, never an off-site redirect, never a change to a guarded row."""

import os
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, given, settings

from tests.factories import build_org
from tests.hostile import HostileForm, snapshot
from tests.matrix import matrix_modules

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "25"))


def hostile_forms() -> list[HostileForm]:
    return [form for module in matrix_modules() for form in getattr(module, "HOSTILE_FORMS", [])]


def test_the_foundation_forms_are_covered():
    names = {form.name for form in hostile_forms()}
    assert {
        "login",
        "password change",
        "language switch",
        "approvals: decide (manager)",
        "approvals: decide (submitter)",
        "approvals: submit",
    } <= names


@pytest.fixture
def world(db):
    world = SimpleNamespace(**vars(build_org()))
    for module in matrix_modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


@pytest.mark.parametrize("form", hostile_forms(), ids=lambda form: form.name)
def test_hostile_input(form: HostileForm, world, client):
    if form.persona != "anonymous":
        client.force_login(getattr(world, form.persona))
    client.raise_request_exception = True
    before = snapshot(form.guard(world) if form.guard else None)
    urls = form.url_strategy(world)
    payloads = form.data_strategy(world)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(url=urls, data=payloads)
    def post(url, data):
        with transaction.atomic():
            try:
                response = getattr(client, form.method)(url, data=data, headers=form.headers)
            except Exception as error:  # the test client re-raises what became a 500
                raise AssertionError(
                    f"{form.name}: {url} {data!r:.500} raised {error!r}"
                ) from error
            assert response.status_code < 500, (
                f"{form.name}: {url} {data!r:.500} → {response.status_code}"
            )
            if 300 <= response.status_code < 400:
                location = response["Location"]
                assert url_has_allowed_host_and_scheme(location, {"testserver"}), (
                    f"{form.name}: {data!r:.300} redirected off-site to {location}"
                )
            after = snapshot(form.guard(world) if form.guard else None)
            assert after == before, f"{form.name}: {url} {data!r:.500} changed a guarded row"
            transaction.set_rollback(True)

    post()


def test_the_strategies_produce_what_they_promise():
    from hypothesis import find

    from tests.hostile import HOSTILE_STRINGS, money, number, text

    assert find(text(), lambda s: "\x00" in s)
    assert max(map(len, HOSTILE_STRINGS)) >= 100_000  # sampled by text()
    assert find(number(), lambda s: s.lower() == "nan")
    assert find(number(), lambda s: s.startswith("-"))
    assert find(money(), lambda s: "." in s and len(s.split(".")[1]) > 2)


@pytest.mark.django_db
def test_an_over_long_username_is_a_form_error_not_a_server_error(client):
    # found by the login row above on PostgreSQL: the lock's failure log is varchar(255)
    response = client.post("/login/", {"username": "x" * 256, "password": "whatever"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
