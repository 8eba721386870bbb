import importlib

import pytest


@pytest.fixture(autouse=True)
def customers_reference_data(request):
    """The starting reference data of migration 0003 (authority rules for visits and plans,
    visit frequencies, classification criteria, survey questions). A transactional test's flush
    empties those tables, so put them back for every test that uses the database."""
    if not ({"db", "transactional_db", "org", "page", "phone_page", "new_page"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db" if {"transactional_db", "page", "phone_page", "new_page"} & set(request.fixturenames) else "db")
    from django.apps import apps

    importlib.import_module("customers.migrations.0003_reference_data").forwards(apps, None)
