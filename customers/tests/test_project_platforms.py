"""A development project is about one platform of its customer's archive: the forms offer only
that customer's platforms (or take a new name, added to the archive), the model refuses another
customer's, the archive refuses to drop a platform a project is about."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from customers.models import DevelopmentProject, Platform
from customers.services import project_create, project_update

from .factories import make_customer, make_project


@pytest.fixture
def archive(org):
    customer = make_customer(org.north, owner=org.north_rep, name="北岳汽车集团")
    other = make_customer(org.north, owner=org.north_rep, name="津沽动力")
    return {
        "customer": customer,
        "listed": Platform.objects.create(customer=customer, name="BY-2.0T GDI"),
        "other": other,
        "foreign": Platform.objects.create(customer=other, name="YC4 4.2L", kind="engine"),
    }


def _post(**overrides):
    data = {
        "name": "北岳 2.0T 国六b 配套",
        "platform": "",
        "new_platform_name": "",
        "new_platform_kind": "vehicle",
        "owner": "",
        "expected_litres": "1000",
        "started_on": "",
    }
    data.update(overrides)
    return data


def test_new_project_offers_only_the_customers_platforms(org, client_for, archive):
    client = client_for(org.north_rep)
    chooser = client.get("/customers/projects/new/").content.decode()
    assert 'data-testid="choose-customer"' in chooser and "津沽动力" in chooser
    url = f"/customers/projects/new/?customer={archive['customer'].pk}"
    page = client.get(url).content.decode()
    assert "BY-2.0T GDI" in page and "YC4 4.2L" not in page
    response = client.post(url, _post(platform=archive["listed"].pk))
    project = DevelopmentProject.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.platform == archive["listed"] and project.stages.count() == 10
    detail = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="project-platform">BY-2.0T GDI<' in detail


def test_another_customers_platform_is_refused_and_nothing_is_saved(org, client_for, archive):
    client = client_for(org.north_rep)
    url = f"/customers/projects/new/?customer={archive['customer'].pk}"
    response = client.post(url, _post(platform=archive["foreign"].pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    both = client.post(url, _post(platform=archive["listed"].pk, new_platform_name="X-1"))
    assert "not both" in both.content.decode()
    assert not DevelopmentProject.objects.exists()
    assert Platform.objects.count() == 2
    with pytest.raises(ValidationError, match="another customer"):
        project_create(
            actor=org.north_rep,
            customer=archive["customer"],
            name="p",
            platform=archive["foreign"],
        )
    assert not DevelopmentProject.objects.exists()


def test_a_customer_out_of_scope_is_not_found(org, client_for, archive):
    east = make_customer(org.east)
    client = client_for(org.north_rep)
    assert client.get(f"/customers/projects/new/?customer={east.pk}").status_code == 404
    response = client.post(f"/customers/projects/new/?customer={east.pk}", _post())
    assert response.status_code == 404 and not DevelopmentProject.objects.exists()


def test_a_typed_platform_uses_the_archive_or_joins_it(org, client_for, archive):
    client = client_for(org.north_rep)
    url = f"/customers/projects/new/?customer={archive['customer'].pk}"
    client.post(url, _post(name="same", new_platform_name="  by-2.0t   gdi "))
    assert DevelopmentProject.objects.get(name="same").platform == archive["listed"]
    client.post(url, _post(name="new", new_platform_name="BY-1.5T HEV"))
    added = DevelopmentProject.objects.get(name="new").platform
    assert (added.customer, added.name, added.kind) == (
        archive["customer"],
        "BY-1.5T HEV",
        "vehicle",
    )
    assert Platform.objects.filter(customer=archive["customer"]).count() == 2


def test_project_edit_changes_the_platform_within_the_customer(org, client_for, archive):
    project = make_project(archive["customer"], owner=org.north_rep, platform=archive["listed"])
    client = client_for(org.north_manager)
    url = f"/customers/projects/{project.pk}/edit/"
    page = client.get(url).content.decode()
    assert "BY-2.0T GDI" in page and "YC4 4.2L" not in page
    refused = client.post(url, _post(name="renamed", platform=archive["foreign"].pk))
    assert refused.status_code == 200
    project.refresh_from_db()
    assert project.platform == archive["listed"] and project.name != "renamed"
    response = client.post(url, _post(name="renamed", new_platform_name="BY-2.0T PHEV"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "renamed" and project.platform.name == "BY-2.0T PHEV"
    assert project.platform.customer == archive["customer"]
    project = project_update(
        project=project, actor=org.north_rep, name="renamed", platform=None, owner=None
    )
    assert project.platform is None and project.owner == org.north_rep
    # The East manager does not see the project; a North rep may edit only their own projects.
    assert client_for(org.east_manager).get(url).status_code == 404
    managers = make_project(archive["customer"], owner=org.north_manager)
    rep = client_for(org.north_rep)
    assert rep.get(f"/customers/projects/{managers.pk}/edit/").status_code == 403
    response = rep.post(f"/customers/projects/{managers.pk}/edit/", _post(name="hijack"))
    assert response.status_code == 403
    managers.refresh_from_db()
    assert managers.name != "hijack"


def test_a_platform_a_project_is_about_cannot_be_removed(org, client_for, archive):
    from .test_customers import _customer_post

    customer, listed = archive["customer"], archive["listed"]
    make_project(customer, owner=org.north_rep, platform=listed)
    data = _customer_post(name=customer.name)
    data.update(
        {
            "platforms-TOTAL_FORMS": "1",
            "platforms-INITIAL_FORMS": "1",
            "platforms-0-id": listed.pk,
            "platforms-0-name": listed.name,
            "platforms-0-kind": "vehicle",
            "platforms-0-annual_volume": "0",
            "platforms-0-DELETE": "on",
            "contacts-TOTAL_FORMS": "0",
        }
    )
    response = client_for(org.north_rep).post(f"/customers/{customer.pk}/edit/", data)
    assert "a development project is about it" in response.content.decode()
    assert Platform.objects.filter(pk=listed.pk).exists()


def test_project_list_search_and_export_show_the_platform(org, client_for, archive):
    make_project(
        archive["customer"], owner=org.north_rep, name="甲项目", platform=archive["listed"]
    )
    make_project(archive["other"], owner=org.north_rep, name="乙项目", platform=archive["foreign"])
    client = client_for(org.north_manager)
    page = client.get("/customers/projects/?q=by-2.0t").content.decode()
    assert "甲项目" in page and "BY-2.0T GDI" in page and "乙项目" not in page
    response = client.get("/customers/projects/export/?q=yc4")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert "Project budget (CNY)" not in headers
    (row,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[0] == "乙项目" and row[headers.index("Platform")] == "YC4 4.2L"
