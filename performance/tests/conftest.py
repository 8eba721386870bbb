import importlib

import pytest

TRANSACTIONAL = {"transactional_db", "live_server", "page", "phone_page", "new_page"}


@pytest.fixture(autouse=True)
def performance_reference_data(request):
    """The competency model, the default KPI definitions and incentive parameters of
    migrations 0002 and 0003. A transactional test's flush empties those tables, so put them
    back (each writes only into an empty table)."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not ({"db", "org"} & names or TRANSACTIONAL & names or marker):
        return
    transactional = bool(TRANSACTIONAL & names) or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    for name in ("0002_competency_model", "0003_default_kpis_and_incentives"):
        importlib.import_module(f"performance.migrations.{name}").forwards(apps, None)
