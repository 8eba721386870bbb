from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from customers import selectors as selectors_customers
from customers.models import Platform
from customers.sections import platform_rows_for, stage_rows_for, timeline_for
from customers.services import project_stages_ensure
from techsupport.models import PlatformInfo, RequestState, StageDeliverable, SupportRequest
from tests.querycount import assert_constant_queries

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    org.cust = f.customer(org.north, owner=org.north_rep)
    org.proj = f.project(org.cust, owner=org.north_rep)
    return org


def _many(world, n, **kw):
    for _ in range(n):
        f.support_request(world.cust, requester=world.north_rep, **kw)


@pytest.mark.parametrize("tab", ["new", "mine", "overdue", "all"])
def test_queue_queries_do_not_grow(world, client_for, tab):
    kw = {
        "new": {},
        "mine": {"state": RequestState.ACCEPTED, "assignee": None},
        "overdue": {"days": -2},
        "all": {"state": RequestState.RATED, "assignee": None},
    }[tab]
    if "assignee" in kw:
        kw["assignee"] = world.tech
    client = client_for(world.tech)
    assert_constant_queries(
        client, f"/techsupport/?tab={tab}", grow=lambda n: _many(world, n, **kw), small=2, large=30
    )
    assert (
        client.get(f"/techsupport/?tab={tab}").content.decode().count('data-testid="support-row"')
        == 25
    )


def test_request_list_queries_do_not_grow(world, client_for):
    client = client_for(world.north_manager)
    assert_constant_queries(
        client, "/techsupport/requests/", grow=lambda n: _many(world, n), small=2, large=30
    )


def test_platform_list_queries_do_not_grow(world, client_for):
    def grow(n):
        for _ in range(n):
            f.platform(f.customer(world.north, name=f"客户{timezone.now().timestamp()}"), name="P")

    client = client_for(world.tech)
    assert_constant_queries(client, "/techsupport/platforms/", grow=grow, small=2, large=30)


def test_deliverable_page_queries_do_not_grow(world, client_for):
    client = client_for(world.north_rep)
    url = f"/techsupport/projects/{world.proj.pk}/deliverables/"
    assert_constant_queries(
        client,
        url,
        grow=lambda n: [
            f.deliverable(world.proj, by=world.north_rep, with_file=False) for _ in range(n)
        ],
        small=2,
        large=30,
    )


def test_rep_asks_through_the_form(world, client_for):
    client = client_for(world.north_rep)
    wanted = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        "/techsupport/requests/new/",
        {
            "customer": world.cust.pk,
            "project": world.proj.pk,
            "request_type": "training",
            "need": "Train the buyers",
            "wanted_by": wanted,
            "attachments": [SimpleUploadedFile("a.pdf", f.PDF)],
        },
    )
    req = SupportRequest.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/techsupport/requests/{req.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Train the buyers" in page and "a.pdf" in page
    download = client.get(f"/techsupport/files/{req.files.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == f.PDF


@pytest.mark.parametrize("upload", [("evil.exe", b"MZ"), ("fake.pdf", b"not a pdf")])
def test_bad_attachment_is_refused_and_nothing_saved(world, client_for, upload):
    client = client_for(world.north_rep)
    response = client.post(
        "/techsupport/requests/new/",
        {
            "customer": world.cust.pk,
            "request_type": "test",
            "need": "x",
            "wanted_by": timezone.localdate().isoformat(),
            "attachments": [SimpleUploadedFile(*upload)],
        },
    )
    assert response.status_code == 200
    assert upload[0] in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_out_of_scope_customer_is_refused(world, client_for):
    east = f.customer(world.east, name="申江汽车")
    client = client_for(world.north_rep)
    response = client.post(
        "/techsupport/requests/new/",
        {
            "customer": east.pk,
            "request_type": "test",
            "need": "x",
            "wanted_by": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200 and SupportRequest.objects.count() == 0


def test_htmx_accept_from_the_queue_returns_the_row(world, client_for):
    req = f.support_request(world.cust, requester=world.north_rep)
    client = client_for(world.tech)
    response = client.post(
        f"/techsupport/requests/{req.pk}/accept/",
        {"assignee": world.tech.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="support-{req.pk}"' in body and "Accepted" in body and "<html" not in body
    req.refresh_from_db()
    assert req.assignee == world.tech
    again = client.post(
        f"/techsupport/requests/{req.pk}/accept/", {"assignee": world.tech2.pk}, follow=True
    )
    assert "already been accepted" in again.content.decode()
    req.refresh_from_db()
    assert req.assignee == world.tech


def test_home_panels(world, client_for):
    f.support_request(world.cust, requester=world.north_rep)
    f.support_request(
        world.cust, requester=world.north_rep, state=RequestState.DELIVERED, assignee=world.tech
    )
    f.support_request(
        world.cust,
        requester=world.north_rep2,
        state=RequestState.ACCEPTED,
        assignee=world.tech,
        days=-1,
    )
    client = client_for(world.tech)
    page = client.get("/").content.decode()
    assert 'data-testid="count-new">1<' in page and 'data-testid="count-mine">1<' in page
    assert 'data-testid="count-overdue">1<' in page
    client = client_for(world.north_rep)
    page = client.get("/").content.decode()
    assert 'data-testid="panel-techsupport-to-rate"' in page and "Back-pressure" not in page
    assert 'data-testid="badge-techsupport-requests">1<' in page


def test_deliverable_recorded_through_the_page(world, client_for):
    client = client_for(world.north_rep)
    url = f"/techsupport/projects/{world.proj.pk}/deliverables/"
    response = client.post(
        url,
        {
            "stage": "samples",
            "title": "5 samples shipped",
            "delivered_on": timezone.localdate().isoformat(),
            "file": [SimpleUploadedFile("ship.pdf", f.PDF)],
        },
    )
    assert response.status_code == 302
    assert StageDeliverable.objects.get().file_name == "ship.pdf"
    assert "5 samples shipped" in client.get(url).content.decode()


def test_columns_and_timeline_for_the_customers_pages(world):
    info = f.platform(world.cust)
    bare = f.archive_platform(world.cust, name="BY-1.5T")
    f.deliverable(world.proj, by=world.north_rep, with_file=False)
    f.support_request(world.cust, requester=world.north_rep)
    project_stages_ensure(project=world.proj)
    columns, rows = platform_rows_for(world.north_rep, world.cust, [info.platform, bare])
    assert [c["key"] for c in columns] == ["techsupport-platform-info"]
    assert [(r["row"].name, r["cells"][0]["item"]) for r in rows] == [
        ("BY-2.0T GDI", info),
        ("BY-1.5T", None),
    ]
    _, finance_rows = platform_rows_for(world.finance, world.cust, [info.platform])
    assert finance_rows[0]["cells"][0]["item"] is None  # finance does not read technical data
    stages = selectors_customers.project_stages(project=world.proj)
    _, stage_rows = stage_rows_for(world.north_rep, world.proj, stages)
    cells = {r["row"].stage: r["cells"][0]["item"] for r in stage_rows}
    assert [d.title for d in cells["test_plan"]] == ["Test plan v1"] and cells["samples"] is None
    ours = {"Stage deliverable", "Support request"}
    kinds = sorted(
        str(e.kind) for e in timeline_for(world.north_rep, world.cust) if str(e.kind) in ours
    )
    assert kinds == ["Stage deliverable", "Support request"]
    assert [e for e in timeline_for(world.east_manager, world.cust) if str(e.kind) in ours] == []


def test_customer_page_shows_each_platform_once_with_its_technical_data(world, client_for):
    f.platform(world.cust)
    bare = f.archive_platform(world.cust, name="BY-1.5T")
    page = client_for(world.north_rep).get(f"/customers/{world.cust.pk}/").content.decode()
    assert page.count("BY-2.0T GDI") == 1 and page.count('data-testid="platform-row"') == 2
    assert (
        "Bosch MED17" in page and "1.98 L" in page and "section-techsupport-platforms" not in page
    )
    assert f"/techsupport/platforms/new/?customer={world.cust.pk}&amp;platform={bare.pk}" in page
    finance = client_for(world.finance).get(f"/customers/{world.cust.pk}/").content.decode()
    assert (
        "BY-2.0T GDI" in finance
        and "Bosch MED17" not in finance
        and "/techsupport/platforms/new/" not in finance
    )


def test_customer_page_queries_do_not_grow_with_platforms(world, client_for):
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            (f.platform if i % 2 else f.archive_platform)(world.cust, name=f"P-{i}")

    assert_constant_queries(
        client_for(world.north_rep), f"/customers/{world.cust.pk}/", grow=grow, small=2, large=20
    )


def test_project_page_shows_expected_and_delivered_per_stage(world, client_for):
    from customers.models import ProjectStage

    project_stages_ensure(project=world.proj)
    ProjectStage.objects.filter(project=world.proj, stage="test_plan").update(
        expected_deliverables="试验计划（客户签字）"
    )
    d = f.deliverable(world.proj, by=world.north_rep)
    page = client_for(world.north_rep).get(f"/customers/projects/{world.proj.pk}/").content.decode()
    assert "Expected deliverables" in page and "Delivered" in page
    cell = page.split('data-testid="techsupport-deliverables-test_plan"')[1].split("</td>")[0]
    assert "Test plan v1" in cell and timezone.localdate().isoformat() in cell
    assert (
        f"/techsupport/deliverables/{d.pk}/file/" in cell
        and f"/techsupport/deliverables/{d.pk}/edit/" in cell
    )
    expected = page.split('data-testid="expected-test_plan"')[1].split("</td>")[0]
    assert "试验计划（客户签字）" in expected
    other = (
        client_for(world.north_rep2).get(f"/customers/projects/{world.proj.pk}/").content.decode()
    )
    assert "Test plan v1" in other and f"/techsupport/deliverables/{d.pk}/edit/" not in other


def test_project_page_queries_do_not_grow_with_deliverables(world, client_for):
    stages = ["supply_application", "test_plan", "samples", "matching_test"]

    def grow(n):
        for i in range(n):
            d = f.deliverable(world.proj, by=world.north_rep, with_file=bool(i % 2))
            StageDeliverable.objects.filter(pk=d.pk).update(stage=stages[i % len(stages)])

    assert_constant_queries(
        client_for(world.north_rep),
        f"/customers/projects/{world.proj.pk}/",
        grow=grow,
        small=2,
        large=30,
    )


def test_platform_created_and_edited_through_the_pages(world, client_for):
    listed = f.archive_platform(world.cust, name="BY-1.5T")
    client = client_for(world.north_rep)
    chooser = client.get(
        f"/techsupport/platforms/new/?customer={world.cust.pk}&platform={listed.pk}"
    ).content.decode()
    assert 'data-testid="platform-form"' in chooser and "BY-1.5T" in chooser
    data = {
        "customer_id": world.cust.pk,
        "platform": listed.pk,
        "engine_model": "BY15",
        "displacement_litres": "1.49",
        "ecu": "Bosch",
        "emission_standard": "cn6b",
        "constraints": "180 mm",
    }
    assert client.post("/techsupport/platforms/new/", data).status_code == 302
    info = PlatformInfo.objects.get()
    assert (
        info.platform == listed
        and info.displacement_litres == Decimal("1.49")
        and info.updated_by == world.north_rep
    )
    again = client.post("/techsupport/platforms/new/", data)
    assert again.status_code == 200 and PlatformInfo.objects.count() == 1
    edited = client.post(
        f"/techsupport/platforms/{info.pk}/edit/", {**data, "displacement_litres": "abc"}
    )
    assert edited.status_code == 200
    info.refresh_from_db()
    assert info.displacement_litres == Decimal("1.49")
    assert (
        client.post(
            f"/techsupport/platforms/{info.pk}/edit/", {**data, "ecu": "Delphi"}
        ).status_code
        == 302
    )
    info.refresh_from_db()
    assert info.ecu == "Delphi" and info.platform == listed


def test_a_new_platform_typed_in_the_form_joins_the_customer_archive(world, client_for):
    client = client_for(world.north_manager)
    data = {
        "customer_id": world.cust.pk,
        "platform": "",
        "new_platform_name": "YC4 4.2L",
        "new_platform_kind": "engine",
        "engine_model": "YC4",
        "from_customer": "1",
    }
    response = client.post("/techsupport/platforms/new/", data)
    assert response.status_code == 302 and response["Location"] == f"/customers/{world.cust.pk}/"
    platform = Platform.objects.get(customer=world.cust)
    assert (platform.name, platform.kind, platform.tech_info.engine_model) == (
        "YC4 4.2L",
        "engine",
        "YC4",
    )
    other = f.archive_platform(world.cust, name="YC6")
    both = client.post("/techsupport/platforms/new/", {**data, "platform": other.pk})
    assert both.status_code == 200 and "not both" in both.content.decode()
    neither = client.post("/techsupport/platforms/new/", {**data, "new_platform_name": " "})
    assert neither.status_code == 200 and "type the name of a new one" in neither.content.decode()
    assert Platform.objects.count() == 2 and PlatformInfo.objects.count() == 1


def test_platform_for_an_out_of_scope_customer_is_not_found(world, client_for):
    east = f.customer(world.east, name="申江汽车")
    client = client_for(world.north_rep)
    response = client.post(
        "/techsupport/platforms/new/", {"customer_id": east.pk, "new_platform_name": "X"}
    )
    assert response.status_code == 404
    assert not Platform.objects.filter(customer=east).exists() and not PlatformInfo.objects.exists()


def test_customer_form_refuses_to_delete_a_platform_with_technical_data(world, client_for):
    info = f.platform(world.cust)
    client = client_for(world.north_rep)
    data = {
        "name": world.cust.name,
        "name_en": world.cust.name_en,
        "customer_type": "oem",
        "annual_volume": "0",
        "catalyst_demand_litres": "0",
        "our_share": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "platforms-TOTAL_FORMS": "1",
        "platforms-INITIAL_FORMS": "1",
        "platforms-MIN_NUM_FORMS": "0",
        "platforms-MAX_NUM_FORMS": "1000",
        "platforms-0-id": info.platform_id,
        "platforms-0-name": "BY-2.0T GDI",
        "platforms-0-kind": "vehicle",
        "platforms-0-annual_volume": "12000",
        "platforms-0-DELETE": "on",
    }
    response = client.post(f"/customers/{world.cust.pk}/edit/", data)
    assert response.status_code == 200
    assert "cannot be removed: technical data is recorded for it" in response.content.decode()
    assert (
        Platform.objects.filter(pk=info.platform_id).exists()
        and PlatformInfo.objects.filter(pk=info.pk).exists()
    )


def test_reassign_from_the_request_page(world, client_for):
    req = f.support_request(
        world.cust, requester=world.north_rep, state=RequestState.ACCEPTED, assignee=world.tech
    )
    client = client_for(world.tech)
    page = client.get(f"/techsupport/requests/{req.pk}/").content.decode()
    assert 'data-testid="reassign-form"' in page
    response = client.post(
        f"/techsupport/requests/{req.pk}/reassign/",
        {"assignee": world.tech2.pk, "reason": "Leave"},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "handed over to tech2" in body and 'data-testid="reassignments"' in body and "Leave" in body
    )
    req.refresh_from_db()
    assert req.assignee == world.tech2
    rep = client_for(world.north_rep)
    assert (
        'data-testid="reassign-form"'
        not in rep.get(f"/techsupport/requests/{req.pk}/").content.decode()
    )
    assert (
        rep.post(
            f"/techsupport/requests/{req.pk}/reassign/", {"assignee": world.tech.pk}
        ).status_code
        == 403
    )
    other = client_for(world.east_manager)
    assert (
        other.post(
            f"/techsupport/requests/{req.pk}/reassign/", {"assignee": world.tech.pk}
        ).status_code
        == 404
    )
    req.refresh_from_db()
    assert req.assignee == world.tech2 and req.reassignments.count() == 1


def test_deliverable_edited_through_its_page(world, client_for):
    d = f.deliverable(world.proj, by=world.north_rep)
    client = client_for(world.north_rep)
    page = client.get(f"/techsupport/projects/{world.proj.pk}/deliverables/").content.decode()
    assert f'data-testid="edit-deliverable-{d.pk}"' in page
    form = client.get(f"/techsupport/deliverables/{d.pk}/edit/").content.decode()
    assert 'value="Test plan v1"' in form and "plan.pdf" in form
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = client.post(
        f"/techsupport/deliverables/{d.pk}/edit/", {"title": "v2", "delivered_on": future}
    )
    assert refused.status_code == 200 and "cannot be in the future" in refused.content.decode()
    response = client.post(
        f"/techsupport/deliverables/{d.pk}/edit/",
        {
            "title": "Test plan v2",
            "delivered_on": timezone.localdate().isoformat(),
            "note": "signed",
            "file": [SimpleUploadedFile("plan-v2.pdf", f.PDF)],
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.title, d.note, d.file_name, d.edited_by) == (
        "Test plan v2",
        "signed",
        "plan-v2.pdf",
        world.north_rep,
    )
    bad = client.post(
        f"/techsupport/deliverables/{d.pk}/edit/",
        {
            "title": "v3",
            "delivered_on": timezone.localdate().isoformat(),
            "file": [SimpleUploadedFile("x.exe", b"MZ")],
        },
    )
    assert bad.status_code == 200
    d.refresh_from_db()
    assert d.title == "Test plan v2" and d.file_name == "plan-v2.pdf"
    for person, status in (
        (world.north_rep2, 403),
        (world.north_manager, 403),
        (world.east_manager, 404),
        (world.finance, 404),
    ):
        other = client_for(person)
        assert other.get(f"/techsupport/deliverables/{d.pk}/edit/").status_code == status
        assert (
            other.post(
                f"/techsupport/deliverables/{d.pk}/edit/",
                {"title": "hijack", "delivered_on": timezone.localdate().isoformat()},
            ).status_code
            == status
        )
    assert client_for(world.tech).get(f"/techsupport/deliverables/{d.pk}/edit/").status_code == 200
    d.refresh_from_db()
    assert d.title == "Test plan v2"


def test_ratings_page_per_person_and_region(world, client_for):
    f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.RATED,
        assignee=world.tech,
        rating=5,
    )
    f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.RATED,
        assignee=world.tech,
        rating=2,
    )
    client = client_for(world.director)
    page = client.get("/techsupport/ratings/").content.decode()
    assert (
        '<td>tech</td><td data-label="Rated requests">2</td><td data-label="Average"><span' in page
        and "3.50" in page
        and '<td>North</td><td data-label="Rated requests">2</td>' in page
    )
    client = client_for(world.east_manager)
    assert "No ratings in this period." in client.get("/techsupport/ratings/").content.decode()
    bad = client.get(
        "/techsupport/ratings/?date_from=2026-05-01&date_to=2026-04-01"
    ).content.decode()
    assert "The period must end on or after its first day." in bad


def test_ratings_page_queries_do_not_grow(world, client_for):
    def grow(n):
        for i in range(n):
            f.support_request(
                world.cust,
                requester=world.north_rep,
                state=RequestState.RATED,
                assignee=world.tech if i % 2 else world.tech2,
                rating=1 + i % 5,
            )

    assert_constant_queries(
        client_for(world.tech), "/techsupport/ratings/", grow=grow, small=2, large=30
    )
