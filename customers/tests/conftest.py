import importlib

import pytest

TRANSACTIONAL = {"transactional_db", "live_server", "page", "phone_page", "new_page"}


@pytest.fixture(autouse=True)
def customers_reference_data(request):
    """The starting reference data of migration 0003 (authority rules for visits and plans,
    visit frequencies, classification criteria, survey questions). A transactional test's flush
    empties those tables, so put them back for every test that uses the database."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not ({"db", "org"} & names or TRANSACTIONAL & names or marker):
        return
    transactional = bool(TRANSACTIONAL & names) or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    importlib.import_module("customers.migrations.0003_reference_data").forwards(apps, None)
