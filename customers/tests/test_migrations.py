"""The data migration that links each development project to its customer's archive platform
of the same name, and the way back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("customers", "0008_project_platform_link")]
TEXT = [("customers", "0007_project_budget_drop")]
AFTER = [("customers", "0010_project_platform_drop_text")]


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


def _latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_projects_are_linked_to_the_archive_platform_of_the_same_name():
    old = _migrate(TEXT)
    Region = old.get_model("regions", "Region")
    User = old.get_model("regions", "User")
    Customer = old.get_model("customers", "Customer")
    Platform = old.get_model("customers", "Platform")
    Project = old.get_model("customers", "DevelopmentProject")
    region = Region.objects.create(code="mig", name="迁移", name_en="Migration")
    owner = User.objects.create(username="mig_owner")
    oem = Customer.objects.create(
        name="迁移汽车", customer_type="oem", region=region, search_name="x"
    )
    engines = Customer.objects.create(
        name="迁移动力", customer_type="engine", region=region, search_name="y"
    )
    listed = Platform.objects.create(customer=oem, name="BY-2.0T GDI", kind="vehicle")
    theirs = Platform.objects.create(customer=engines, name="BY-2.0T GDI", kind="engine")

    def project(customer, platform):
        return Project.objects.create(
            customer=customer, region=region, name="p", owner=owner, platform=platform
        ).pk

    matched = project(oem, "  by-2.0t   gdi ")
    twin = project(oem, "ＢＹ-2.0T GDI")  # full-width letters are the same name
    other = project(engines, "BY-2.0T GDI")
    new = project(engines, "YC4  4.2L")
    new_again = project(engines, "yc4 4.2l")
    bare = project(oem, "")

    new_apps = _migrate(AFTER)
    Platform = new_apps.get_model("customers", "Platform")
    Project = new_apps.get_model("customers", "DevelopmentProject")
    platform_of = dict(Project.objects.values_list("pk", "platform_id"))
    assert platform_of[matched] == platform_of[twin] == listed.pk
    assert platform_of[other] == theirs.pk
    assert platform_of[bare] is None
    created = Platform.objects.get(pk=platform_of[new])
    assert (created.customer_id, created.name, created.kind) == (engines.pk, "YC4 4.2L", "engine")
    assert platform_of[new_again] == created.pk  # one platform for names that compare equal
    assert Platform.objects.count() == 3

    # and back: the free-text name comes back from the platform
    old = _migrate(BEFORE)
    Project = old.get_model("customers", "DevelopmentProject")
    names = dict(Project.objects.values_list("pk", "platform"))
    assert names[matched] == "BY-2.0T GDI" and names[new] == "YC4 4.2L" and names[bare] == ""
    _migrate(_latest())
