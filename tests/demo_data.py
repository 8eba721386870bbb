"""The demo data of `make run`, for tests that need the real thing (long Chinese names, every
kind of document, decided approvals)."""

import io
from importlib import import_module

from django.apps import apps
from django.core.management import call_command

# Reference rows loaded by data migrations, which the demo builds on. A transactional test (a
# browser test, or one that needs on-commit callbacks to run) starts from a flushed database
# without them.
REFERENCE_DATA = ["customers.migrations.0003_reference_data"]


def seed_demo(*, stdout=None) -> str:
    """Load the demo (restoring the reference rows first; both are idempotent) and return what
    the command printed."""
    for name in REFERENCE_DATA:
        import_module(name).forwards(apps, None)
    out = stdout or io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue() if isinstance(out, io.StringIO) else ""
