"""Fixtures shared by every app's tests: the named people (see tests/factories.py)."""

import pytest

from tests.factories import build_org

pytest_plugins = ["tests.browser"]


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def language_of_each_test():
    """Each test starts in the settings' language: a request in Chinese activates Chinese for
    the rest of its thread, which would otherwise carry into the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


# The data migrations that write the default authority rules (each only for a document type
# with no rule yet). customers/tests/conftest.py puts back customers' own reference data.
DEFAULT_RULE_MIGRATIONS = [
    "budgets.migrations.0006_default_authority_rules",
    "pricing.migrations.0007_default_authority_rules",
    "planning.migrations.0002_default_authority_rules",
    "performance.migrations.0004_default_authority_rules",
    "brand.migrations.0002_default_authority_rules",
]
TRANSACTIONAL = {"transactional_db", "live_server", "page", "phone_page", "new_page"}


@pytest.fixture(autouse=True)
def default_authority_rules(request):
    """Every test that uses the database starts with the default authority rules a fresh
    installation has. A transactional test's flush empties the table, so put them back (they
    are written only for document types with no rule, so this is a no-op otherwise)."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not ({"db", "org"} & names or TRANSACTIONAL & names or marker):
        return
    transactional = bool(TRANSACTIONAL & names) or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    import importlib

    from django.apps import apps

    for module in DEFAULT_RULE_MIGRATIONS:
        importlib.import_module(module).forwards(apps, None)


@pytest.fixture
def client_for(client):
    """client_for(person) -> a test client signed in as that person."""

    def make(person):
        client.force_login(person)
        return client

    return make


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker in its own process, consuming from the configured broker and using
    the test database. Yields the queue name to send tasks to. Skipped without a broker."""
    import os
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    if not getattr(settings, "REAL_BROKER", False):
        pytest.skip("no CELERY_BROKER_URL set: the real-worker test runs in CI against Redis")
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a worker process cannot share an in-memory SQLite test database")
    database_url = (
        f"postgres://{db['USER'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
    if db.get("PASSWORD"):
        database_url = database_url.replace("@", f":{db['PASSWORD']}@", 1)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    root = Path(__file__).resolve().parent
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "marketing_ops",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from marketing_ops.celery import app

    app.conf.task_always_eager = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Celery worker exited: {process.stdout.read()}")
        replies = app.control.ping(timeout=1.0) or []
        if any(name.startswith(f"{queue}@") for reply in replies for name in reply):
            break
    else:
        process.kill()
        pytest.fail("Celery worker did not answer within 60 s")
    yield queue
    app.conf.task_always_eager = True
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
