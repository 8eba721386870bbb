from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from customers.sections import project_sections_for, sections_for, timeline_for
from techsupport.models import RequestState, StageDeliverable, SupportRequest
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
    kw = {"new": {}, "mine": {"state": RequestState.ACCEPTED, "assignee": None},
          "overdue": {"days": -2}, "all": {"state": RequestState.RATED, "assignee": None}}[tab]
    if "assignee" in kw:
        kw["assignee"] = world.tech
    client = client_for(world.tech)
    assert_constant_queries(client, f"/techsupport/?tab={tab}", grow=lambda n: _many(world, n, **kw), small=2, large=30)
    assert client.get(f"/techsupport/?tab={tab}").content.decode().count('data-testid="support-row"') == 25


def test_request_list_queries_do_not_grow(world, client_for):
    client = client_for(world.north_manager)
    assert_constant_queries(client, "/techsupport/requests/", grow=lambda n: _many(world, n), small=2, large=30)


def test_platform_list_queries_do_not_grow(world, client_for):
    def grow(n):
        for _ in range(n):
            f.platform(f.customer(world.north, name=f"客户{timezone.now().timestamp()}"), name="P")

    client = client_for(world.tech)
    assert_constant_queries(client, "/techsupport/platforms/", grow=grow, small=2, large=30)


def test_deliverable_page_queries_do_not_grow(world, client_for):
    client = client_for(world.north_rep)
    url = f"/techsupport/projects/{world.proj.pk}/deliverables/"
    assert_constant_queries(client, url, grow=lambda n: [f.deliverable(world.proj, by=world.north_rep, with_file=False)
                                                         for _ in range(n)], small=2, large=30)


def test_rep_asks_through_the_form(world, client_for):
    client = client_for(world.north_rep)
    wanted = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post("/techsupport/requests/new/", {
        "customer": world.cust.pk, "project": world.proj.pk, "request_type": "training", "need": "Train the buyers",
        "wanted_by": wanted, "attachments": [SimpleUploadedFile("a.pdf", f.PDF)],
    })
    req = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/techsupport/requests/{req.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Train the buyers" in page and "a.pdf" in page
    download = client.get(f"/techsupport/files/{req.files.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == f.PDF


@pytest.mark.parametrize("upload", [("evil.exe", b"MZ"), ("fake.pdf", b"not a pdf")])
def test_bad_attachment_is_refused_and_nothing_saved(world, client_for, upload):
    client = client_for(world.north_rep)
    response = client.post("/techsupport/requests/new/", {
        "customer": world.cust.pk, "request_type": "test", "need": "x",
        "wanted_by": timezone.localdate().isoformat(), "attachments": [SimpleUploadedFile(*upload)],
    })
    assert response.status_code == 200
    assert upload[0] in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_out_of_scope_customer_is_refused(world, client_for):
    east = f.customer(world.east, name="申江汽车")
    client = client_for(world.north_rep)
    response = client.post("/techsupport/requests/new/", {
        "customer": east.pk, "request_type": "test", "need": "x", "wanted_by": timezone.localdate().isoformat(),
    })
    assert response.status_code == 200 and SupportRequest.objects.count() == 0


def test_htmx_accept_from_the_queue_returns_the_row(world, client_for):
    req = f.support_request(world.cust, requester=world.north_rep)
    client = client_for(world.tech)
    response = client.post(f"/techsupport/requests/{req.pk}/accept/", {"assignee": world.tech.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="support-{req.pk}"' in body and "Accepted" in body and "<html" not in body
    req.refresh_from_db()
    assert req.assignee == world.tech
    again = client.post(f"/techsupport/requests/{req.pk}/accept/", {"assignee": world.tech2.pk}, follow=True)
    assert "already been accepted" in again.content.decode()
    req.refresh_from_db()
    assert req.assignee == world.tech


def test_home_panels(world, client_for):
    f.support_request(world.cust, requester=world.north_rep)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.DELIVERED, assignee=world.tech)
    f.support_request(world.cust, requester=world.north_rep2, state=RequestState.ACCEPTED, assignee=world.tech, days=-1)
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
    response = client.post(url, {"stage": "samples", "title": "5 samples shipped",
                                 "delivered_on": timezone.localdate().isoformat(),
                                 "file": [SimpleUploadedFile("ship.pdf", f.PDF)]})
    assert response.status_code == 302
    assert StageDeliverable.objects.get().file_name == "ship.pdf"
    assert "5 samples shipped" in client.get(url).content.decode()


def test_sections_and_timeline_for_the_customers_pages(world):
    f.platform(world.cust)
    f.deliverable(world.proj, by=world.north_rep, with_file=False)
    f.support_request(world.cust, requester=world.north_rep)
    keys = {s["key"]: s["data"] for s in sections_for(world.north_rep, world.cust)}
    assert [r.platform for r in keys["techsupport-platforms"]["rows"]] == ["BY-2.0T GDI"]
    project_keys = {s["key"]: s["data"] for s in project_sections_for(world.north_rep, world.proj)}
    assert [r.title for r in project_keys["techsupport-deliverables"]["rows"]] == ["Test plan v1"]
    ours = {"Stage deliverable", "Support request"}
    kinds = sorted(str(e.kind) for e in timeline_for(world.north_rep, world.cust) if str(e.kind) in ours)
    assert kinds == ["Stage deliverable", "Support request"]
    assert [e for e in timeline_for(world.east_manager, world.cust) if str(e.kind) in ours] == []


def test_platform_created_and_edited_through_the_pages(world, client_for):
    client = client_for(world.north_rep)
    chooser = client.get(f"/techsupport/platforms/new/?customer={world.cust.pk}").content.decode()
    assert 'data-testid="platform-form"' in chooser
    data = {"customer_id": world.cust.pk, "platform": "BY-1.5T", "engine_model": "BY15", "displacement_litres": "1.49",
            "ecu": "Bosch", "emission_standard": "cn6b", "constraints": "180 mm"}
    assert client.post("/techsupport/platforms/new/", data).status_code == 302
    info = world.cust.tech_platforms.get()
    assert info.displacement_litres == Decimal("1.49") and info.updated_by == world.north_rep
    again = client.post("/techsupport/platforms/new/", data)
    assert again.status_code == 200 and world.cust.tech_platforms.count() == 1
    edited = client.post(f"/techsupport/platforms/{info.pk}/edit/", {**data, "displacement_litres": "abc"})
    assert edited.status_code == 200
    info.refresh_from_db()
    assert info.displacement_litres == Decimal("1.49")
    assert client.post(f"/techsupport/platforms/{info.pk}/edit/", {**data, "ecu": "Delphi"}).status_code == 302
    info.refresh_from_db()
    assert info.ecu == "Delphi"


def test_platform_for_an_out_of_scope_customer_is_not_found(world, client_for):
    east = f.customer(world.east, name="申江汽车")
    client = client_for(world.north_rep)
    response = client.post("/techsupport/platforms/new/", {"customer_id": east.pk, "platform": "X"})
    assert response.status_code == 404
    assert not east.tech_platforms.exists()


def test_section_templates_render(world, rf):
    from django.template.loader import render_to_string

    f.platform(world.cust)
    f.deliverable(world.proj, by=world.north_rep)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.DELIVERED, assignee=world.tech)
    rendered = {}
    for section in sections_for(world.north_rep, world.cust) + project_sections_for(world.north_rep, world.proj):
        if section["key"].startswith("techsupport"):
            rendered[section["key"]] = render_to_string(section["template"], {"data": section["data"]})
    assert "BY-2.0T GDI" in rendered["techsupport-platforms"] and "Bosch MED17" in rendered["techsupport-platforms"]
    assert "Test plan v1" in rendered["techsupport-deliverables"] and "plan.pdf" in rendered["techsupport-deliverables"]


def test_ratings_page_per_person_and_region(world, client_for):
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED, assignee=world.tech, rating=5)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED, assignee=world.tech, rating=2)
    client = client_for(world.director)
    page = client.get("/techsupport/ratings/").content.decode()
    assert "<td>tech</td><td>2</td><td><span" in page and "3.50" in page and "<td>North</td><td>2</td>" in page
    client = client_for(world.east_manager)
    assert "No ratings in this period." in client.get("/techsupport/ratings/").content.decode()
    bad = client.get("/techsupport/ratings/?date_from=2026-05-01&date_to=2026-04-01").content.decode()
    assert "The period must end on or after its first day." in bad


def test_ratings_page_queries_do_not_grow(world, client_for):
    def grow(n):
        for i in range(n):
            f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED,
                              assignee=world.tech if i % 2 else world.tech2, rating=1 + i % 5)

    assert_constant_queries(client_for(world.tech), "/techsupport/ratings/", grow=grow, small=2, large=30)
