from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import access
from customers.models import Customer, DevelopmentProject
from techsupport import selectors, services
from techsupport.models import RequestState, StageDeliverable, SupportRequest

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    org.cust = f.customer(org.north, owner=org.north_rep)
    org.east_cust = f.customer(org.east, name="申江汽车", owner=org.east_rep)
    org.proj = f.project(org.cust, owner=org.north_rep)
    return org


def _create(world, **kw):
    args = dict(actor=world.north_rep, customer=world.cust, project=world.proj, request_type="test",
                need="Matching test support", wanted_by=timezone.localdate() + timedelta(days=10))
    args.update(kw)
    return services.support_request_create(**args)


def test_rep_asks_and_tech_support_is_emailed(world, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("drawing.pdf", f.PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        req = _create(world, files=[upload])
    assert req.state == RequestState.NEW and req.region == world.north
    assert [x.name for x in req.files.all()] == ["drawing.pdf"]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["tech2@example.com", "tech@example.com"]
    assert f"#{req.pk}" in mail.outbox[0].subject


@pytest.mark.parametrize("problem", ["past", "other_region", "foreign_project", "finance"])
def test_request_refusals_save_nothing(world, problem):
    kw = {}
    if problem == "past":
        kw["wanted_by"] = timezone.localdate() - timedelta(days=1)
    elif problem == "other_region":
        kw.update(customer=world.east_cust, project=None)
    elif problem == "foreign_project":
        other = f.customer(world.north, name="燕山重卡")
        kw["project"] = f.project(other, owner=world.north_rep, name="other")
    elif problem == "finance":
        kw["actor"] = world.finance
    expected = PermissionDenied if problem == "finance" else ValidationError
    with pytest.raises(expected):
        _create(world, **kw)
    assert SupportRequest.objects.count() == 0
    assert mail.outbox == []


def test_accept_deliver_rate_flow_with_the_rules(world, django_capture_on_commit_callbacks):
    req = _create(world)
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.support_request_accept(request=req, actor=world.north_manager, assignee=world.tech)
    with pytest.raises(ValidationError):
        services.support_request_accept(request=req, actor=world.tech, assignee=world.north_rep)
    req = services.support_request_accept(request=req, actor=world.tech, assignee=world.tech2)
    assert (req.state, req.assignee, req.accepted_by) == (RequestState.ACCEPTED, world.tech2, world.tech)
    # The assignee now sees the customer and project they were not assigned to before.
    assert access.allowed(world.tech2, world.cust) and access.allowed(world.tech2, world.proj)
    assert not access.allowed(world.tech, world.cust)
    with pytest.raises(ValidationError, match="already been accepted"):
        services.support_request_accept(request=req, actor=world.tech, assignee=world.tech)

    with pytest.raises(ValidationError, match="after it has been delivered"):
        services.support_request_rate(request=req, actor=world.north_rep, rating=5)
    with pytest.raises(PermissionDenied):
        services.support_request_deliver(request=req, actor=world.tech, notes="done")
    with pytest.raises(ValidationError):
        services.support_request_deliver(request=req, actor=world.tech2, notes="  ")
    with django_capture_on_commit_callbacks(execute=True):
        req = services.support_request_deliver(request=req, actor=world.tech2, notes="Test report and loading advice")
    assert req.state == RequestState.DELIVERED
    assert [m.to for m in mail.outbox] == [["north_rep@example.com"]]

    with pytest.raises(PermissionDenied):
        services.support_request_rate(request=req, actor=world.north_manager, rating=5)
    with pytest.raises(ValidationError, match="1 to 5"):
        services.support_request_rate(request=req, actor=world.north_rep, rating=6)
    req.refresh_from_db()
    assert req.state == RequestState.DELIVERED and req.rating is None
    req = services.support_request_rate(request=req, actor=world.north_rep, rating=4, comment="Quick and clear")
    assert (req.state, req.rating, req.rating_comment) == (RequestState.RATED, 4, "Quick and clear")
    with pytest.raises(ValidationError, match="already rated"):
        services.support_request_rate(request=req, actor=world.north_rep, rating=1)
    req.refresh_from_db()
    assert req.rating == 4


def test_visibility_of_requests(world):
    north = f.support_request(world.cust, requester=world.north_rep)
    f.support_request(world.cust, requester=world.north_rep2)
    f.support_request(world.east_cust, requester=world.east_rep)
    assert set(selectors.support_request_list(user=world.north_rep)) == {north}
    assert selectors.support_request_list(user=world.north_manager).count() == 2
    assert selectors.support_request_list(user=world.tech).count() == 3
    assert selectors.support_request_list(user=world.finance).count() == 0


def test_queue_tabs(world):
    new = f.support_request(world.cust, requester=world.north_rep)
    mine = f.support_request(world.cust, requester=world.north_rep, state=RequestState.ACCEPTED, assignee=world.tech)
    late = f.support_request(world.cust, requester=world.north_rep, state=RequestState.ACCEPTED,
                             assignee=world.tech2, days=-3)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.DELIVERED, assignee=world.tech, days=-3)
    assert list(selectors.support_queue(user=world.tech, tab="new")) == [new]
    assert list(selectors.support_queue(user=world.tech, tab="mine")) == [mine]
    assert list(selectors.support_queue(user=world.tech, tab="overdue")) == [late]
    assert selectors.support_queue_counts(world.tech) == {"new": 1, "mine": 1, "overdue": 1}


def test_rating_summary_per_person_and_region_for_a_period(world):
    now = timezone.now()
    old = now - timedelta(days=40)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED, assignee=world.tech, rating=5)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED, assignee=world.tech, rating=4)
    f.support_request(world.east_cust, requester=world.east_rep, state=RequestState.RATED, assignee=world.tech2, rating=3)
    f.support_request(world.cust, requester=world.north_rep, state=RequestState.RATED, assignee=world.tech2,
                      rating=1, rated_at=old)
    today = timezone.localdate()
    summary = selectors.support_rating_summary(date_from=today - timedelta(days=30), date_to=today)
    people = {r.name: (r.count, r.average) for r in summary.by_person}
    assert people == {"tech": (2, Decimal("4.50")), "tech2": (1, Decimal("3.00"))}
    regions = {r.key: (r.count, r.average) for r in summary.by_region}
    assert regions == {world.north.pk: (2, Decimal("4.50")), world.east.pk: (1, Decimal("3.00"))}
    scoped = selectors.support_rating_summary(date_from=today - timedelta(days=30), date_to=today,
                                              user=world.north_manager)
    assert [(r.key, r.count) for r in scoped.by_region] == [(world.north.pk, 2)]


def test_platform_info_rules(world):
    values = {"platform": "BY-2.0T", "engine_model": "BY20T", "displacement_litres": Decimal("1.98"),
              "ecu": "Bosch", "emission_standard": "cn6b", "constraints": ""}
    info = services.platform_info_save(actor=world.north_rep, customer=world.cust, values=values)
    assert info.region == world.north and info.updated_by == world.north_rep
    with pytest.raises(PermissionDenied):
        services.platform_info_save(actor=world.east_manager, customer=world.cust, values={**values, "platform": "x"})
    with pytest.raises(ValidationError):
        services.platform_info_save(actor=world.north_rep, customer=world.cust,
                                    values={**values, "displacement_litres": Decimal("-1")})
    with pytest.raises(ValidationError):  # same platform twice for one customer
        services.platform_info_save(actor=world.north_manager, customer=world.cust, values=values)
    assert world.cust.tech_platforms.count() == 1


def test_deliverable_rules(world):
    today = timezone.localdate()
    d = services.deliverable_record(actor=world.north_rep, project=world.proj, stage="test_plan",
                                    title="Test plan v1", note="", delivered_on=today)
    assert d.region == world.north
    with pytest.raises(ValidationError):
        services.deliverable_record(actor=world.north_rep, project=world.proj, stage="test_plan", title="x",
                                    note="", delivered_on=today + timedelta(days=2))
    with pytest.raises(ValidationError):
        services.deliverable_record(actor=world.north_rep, project=world.proj, stage="contact", title="x",
                                    note="", delivered_on=today)
    with pytest.raises(ValidationError):  # tech support not assigned to the project
        services.deliverable_record(actor=world.tech, project=world.proj, stage="samples", title="x",
                                    note="", delivered_on=today)
    with pytest.raises(PermissionDenied):
        services.deliverable_record(actor=world.finance, project=world.proj, stage="samples", title="x",
                                    note="", delivered_on=today)
    assert StageDeliverable.objects.count() == 1
    assert Customer.objects.count() == 2 and DevelopmentProject.objects.count() == 1


def test_the_same_request_sent_twice_is_filed_once(world):
    _create(world)
    with pytest.raises(ValidationError, match="not sent twice"):
        _create(world)
    _create(world, need="Another need")
    assert SupportRequest.objects.count() == 2
