"""The data migration that links each PlatformInfo to its customer's Platform."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("techsupport", "0003_platforminfo_related_name"),
    ("customers", "0005_customer_name_index"),
]
AFTER = [
    ("techsupport", "0006_platforminfo_platform_drop_text"),
    ("customers", "0010_project_platform_drop_text"),
]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Going back to an old migration unapplies every app that depends on it (orders,
    information, ...): leave the database at every app's latest migration for the next test."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_platform_info_is_linked_to_the_customers_platform_of_the_same_name():
    old = _migrate(BEFORE)
    Region = old.get_model("regions", "Region")
    Customer = old.get_model("customers", "Customer")
    Platform = old.get_model("customers", "Platform")
    PlatformInfo = old.get_model("techsupport", "PlatformInfo")
    region = Region.objects.create(code="mig", name="迁移", name_en="Migration")
    oem = Customer.objects.create(
        name="迁移汽车", customer_type="oem", region=region, search_name="x"
    )
    engines = Customer.objects.create(
        name="迁移动力", customer_type="engine", region=region, search_name="y"
    )
    listed = Platform.objects.create(
        customer=oem, name="BY-2.0T GDI", kind="vehicle", annual_volume=5000
    )
    Platform.objects.create(
        customer=engines, name="BY-2.0T GDI", kind="engine"
    )  # another customer's
    matched = PlatformInfo.objects.create(
        customer=oem, region=region, platform="  by-2.0t   gdi ", ecu="Bosch"
    )
    twin = PlatformInfo.objects.create(
        customer=oem, region=region, platform="BY-2.0T  GDI", ecu="Delphi"
    )
    new = PlatformInfo.objects.create(
        customer=engines, region=region, platform="YC4 4.2L", ecu="Denso"
    )

    new_apps = _migrate(AFTER)
    Platform = new_apps.get_model("customers", "Platform")
    PlatformInfo = new_apps.get_model("techsupport", "PlatformInfo")
    assert PlatformInfo.objects.get(pk=matched.pk).platform_id == listed.pk
    twin_platform = PlatformInfo.objects.get(pk=twin.pk).platform
    assert twin_platform.pk != listed.pk and twin_platform.customer_id == oem.pk
    created = PlatformInfo.objects.get(pk=new.pk).platform
    assert (created.customer_id, created.name, created.kind) == (engines.pk, "YC4 4.2L", "engine")
    assert Platform.objects.filter(customer_id=engines.pk).count() == 2
    assert PlatformInfo.objects.get(pk=new.pk).ecu == "Denso"

    # and back: the free-text name and the customer come back from the platform
    old = _migrate(BEFORE)
    PlatformInfo = old.get_model("techsupport", "PlatformInfo")
    assert PlatformInfo.objects.get(pk=new.pk).platform == "YC4 4.2L"
    assert PlatformInfo.objects.get(pk=matched.pk).customer_id == oem.pk
    _migrate(AFTER)
