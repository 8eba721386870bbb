from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import access
from customers.models import Customer, DevelopmentProject, Platform
from techsupport import selectors, services
from techsupport.models import PlatformInfo, RequestState, StageDeliverable, SupportRequest

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    org.cust = f.customer(org.north, owner=org.north_rep)
    org.east_cust = f.customer(org.east, name="申江汽车", owner=org.east_rep)
    org.proj = f.project(org.cust, owner=org.north_rep)
    return org


def _create(world, **kw):
    args = dict(
        actor=world.north_rep,
        customer=world.cust,
        project=world.proj,
        request_type="test",
        need="Matching test support",
        wanted_by=timezone.localdate() + timedelta(days=10),
    )
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
    assert (req.state, req.assignee, req.accepted_by) == (
        RequestState.ACCEPTED,
        world.tech2,
        world.tech,
    )
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
        req = services.support_request_deliver(
            request=req, actor=world.tech2, notes="Test report and loading advice"
        )
    assert req.state == RequestState.DELIVERED
    assert [m.to for m in mail.outbox] == [["north_rep@example.com"]]

    with pytest.raises(PermissionDenied):
        services.support_request_rate(request=req, actor=world.north_manager, rating=5)
    with pytest.raises(ValidationError, match="1 to 5"):
        services.support_request_rate(request=req, actor=world.north_rep, rating=6)
    req.refresh_from_db()
    assert req.state == RequestState.DELIVERED and req.rating is None
    req = services.support_request_rate(
        request=req, actor=world.north_rep, rating=4, comment="Quick and clear"
    )
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
    mine = f.support_request(
        world.cust, requester=world.north_rep, state=RequestState.ACCEPTED, assignee=world.tech
    )
    late = f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.ACCEPTED,
        assignee=world.tech2,
        days=-3,
    )
    f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.DELIVERED,
        assignee=world.tech,
        days=-3,
    )
    assert list(selectors.support_queue(user=world.tech, tab="new")) == [new]
    assert list(selectors.support_queue(user=world.tech, tab="mine")) == [mine]
    assert list(selectors.support_queue(user=world.tech, tab="overdue")) == [late]
    assert selectors.support_queue_counts(world.tech) == {"new": 1, "mine": 1, "overdue": 1}


def test_rating_summary_per_person_and_region_for_a_period(world):
    now = timezone.now()
    old = now - timedelta(days=40)
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
        rating=4,
    )
    f.support_request(
        world.east_cust,
        requester=world.east_rep,
        state=RequestState.RATED,
        assignee=world.tech2,
        rating=3,
    )
    f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.RATED,
        assignee=world.tech2,
        rating=1,
        rated_at=old,
    )
    today = timezone.localdate()
    summary = selectors.support_rating_summary(date_from=today - timedelta(days=30), date_to=today)
    people = {r.name: (r.count, r.average) for r in summary.by_person}
    assert people == {"tech": (2, Decimal("4.50")), "tech2": (1, Decimal("3.00"))}
    regions = {r.key: (r.count, r.average) for r in summary.by_region}
    assert regions == {world.north.pk: (2, Decimal("4.50")), world.east.pk: (1, Decimal("3.00"))}
    scoped = selectors.support_rating_summary(
        date_from=today - timedelta(days=30), date_to=today, user=world.north_manager
    )
    assert [(r.key, r.count) for r in scoped.by_region] == [(world.north.pk, 2)]


VALUES = {
    "engine_model": "BY20T",
    "displacement_litres": Decimal("1.98"),
    "ecu": "Bosch",
    "emission_standard": "cn6b",
    "constraints": "",
}


def test_platform_info_for_a_listed_platform(world):
    listed = f.archive_platform(world.cust, name="BY-2.0T")
    info = services.platform_info_create(
        actor=world.north_rep, customer=world.cust, platform=listed, values=VALUES
    )
    assert (
        info.platform == listed
        and info.region == world.north
        and info.updated_by == world.north_rep
    )
    assert info.customer == world.cust
    with pytest.raises(PermissionDenied):
        services.platform_info_create(
            actor=world.east_manager, customer=world.cust, new_platform_name="x", values=VALUES
        )
    with pytest.raises(ValidationError):
        services.platform_info_create(
            actor=world.north_rep,
            customer=world.cust,
            new_platform_name="BY-1.5T",
            values={**VALUES, "displacement_litres": Decimal("-1")},
        )
    with pytest.raises(ValidationError, match="already recorded"):  # one record per platform
        services.platform_info_create(
            actor=world.north_manager, customer=world.cust, platform=listed, values=VALUES
        )
    with pytest.raises(ValidationError, match="another customer"):
        services.platform_info_create(
            actor=world.mktadmin,
            customer=world.cust,
            platform=f.archive_platform(world.east_cust),
            values=VALUES,
        )
    assert PlatformInfo.objects.count() == 1
    assert list(Platform.objects.filter(customer=world.cust).values_list("name", flat=True)) == [
        "BY-2.0T"
    ]


def test_a_typed_platform_name_uses_the_archive_or_adds_to_it(world):
    listed = f.archive_platform(world.cust, name="BY-2.0T GDI")
    info = services.platform_info_create(
        actor=world.north_rep,
        customer=world.cust,
        new_platform_name=" by-2.0t   gdi ",
        values=VALUES,
    )
    assert info.platform == listed  # case and spaces do not make a second platform
    added = services.platform_info_create(
        actor=world.north_rep,
        customer=world.cust,
        new_platform_name="YC4 4.2L",
        new_platform_kind="engine",
        values=VALUES,
    )
    assert (added.platform.customer, added.platform.name, added.platform.kind) == (
        world.cust,
        "YC4 4.2L",
        "engine",
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.platform_info_create(
            actor=world.north_rep, customer=world.cust, new_platform_name="YC4 4.2l", values=VALUES
        )
    with pytest.raises(ValidationError):  # neither a platform nor a name
        services.platform_info_create(actor=world.north_rep, customer=world.cust, values=VALUES)
    assert Platform.objects.filter(customer=world.cust).count() == 2


def test_platform_info_update_and_the_archive_keeps_platforms_with_data(world):
    info = f.platform(world.cust)
    services.platform_info_update(actor=world.tech, info=info, values={**VALUES, "ecu": "Delphi"})
    info.refresh_from_db()
    assert info.ecu == "Delphi" and info.updated_by == world.tech
    with pytest.raises(PermissionDenied):
        services.platform_info_update(
            actor=world.director, info=info, values={**VALUES, "ecu": "x"}
        )
    info.refresh_from_db()
    assert info.ecu == "Delphi"


def test_reassign_hands_the_request_over_and_mails_the_new_assignee(
    world, django_capture_on_commit_callbacks
):
    req = f.support_request(
        world.cust,
        requester=world.north_rep,
        state=RequestState.ACCEPTED,
        assignee=world.tech,
        project=world.proj,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.support_request_reassign(
            request=req, actor=world.tech, assignee=world.tech2, reason="On leave"
        )
    req.refresh_from_db()
    assert (
        req.assignee == world.tech2
        and req.state == RequestState.ACCEPTED
        and req.accepted_by == world.tech
    )
    handover = req.reassignments.get()
    assert (
        handover.from_assignee,
        handover.to_assignee,
        handover.reassigned_by,
        handover.reason,
    ) == (world.tech, world.tech2, world.tech, "On leave")
    assert [m.to for m in mail.outbox] == [["tech2@example.com"]]
    assert f"#{req.pk}" in mail.outbox[0].subject and "On leave" in mail.outbox[0].body
    assert access.allowed(world.tech2, world.cust) and access.allowed(world.tech2, world.proj)
    # the new assignee delivers; the old one no longer may
    with pytest.raises(PermissionDenied):
        services.support_request_deliver(request=req, actor=world.tech, notes="x")
    services.support_request_deliver(request=req, actor=world.tech2, notes="Report sent")


@pytest.mark.parametrize("problem", ["rep", "manager", "not_tech", "same", "new", "delivered"])
def test_reassign_refusals_change_nothing(world, problem):
    state = {"new": RequestState.NEW, "delivered": RequestState.DELIVERED}.get(
        problem, RequestState.ACCEPTED
    )
    req = f.support_request(
        world.cust,
        requester=world.north_rep,
        state=state,
        assignee=None if state == RequestState.NEW else world.tech,
    )
    actor = {"rep": world.north_rep, "manager": world.north_manager}.get(problem, world.tech)
    assignee = {"not_tech": world.north_rep2, "same": world.tech}.get(problem, world.tech2)
    expected = PermissionDenied if problem in ("rep", "manager") else ValidationError
    with pytest.raises(expected):
        services.support_request_reassign(request=req, actor=actor, assignee=assignee)
    req.refresh_from_db()
    assert (
        req.assignee_id == (None if state == RequestState.NEW else world.tech.pk)
        and req.state == state
    )
    assert not req.reassignments.exists() and mail.outbox == []


def test_deliverable_edited_by_its_recorder_or_tech_support(world):
    today = timezone.localdate()
    d = f.deliverable(world.proj, by=world.north_rep)
    old_file = d.file.name
    upload = SimpleUploadedFile("plan-v2.pdf", f.PDF, content_type="application/pdf")
    services.deliverable_update(
        actor=world.north_rep,
        deliverable=d,
        title="Test plan v2",
        note="Signed",
        delivered_on=today - timedelta(days=1),
        file=upload,
    )
    d.refresh_from_db()
    assert (d.title, d.note, d.delivered_on, d.file_name) == (
        "Test plan v2",
        "Signed",
        today - timedelta(days=1),
        "plan-v2.pdf",
    )
    assert d.file.name != old_file and d.edited_by == world.north_rep and d.stage == "test_plan"
    services.deliverable_update(
        actor=world.tech, deliverable=d, title="Test plan v3", note="", delivered_on=today
    )
    d.refresh_from_db()
    assert d.title == "Test plan v3" and d.file_name == "plan-v2.pdf" and d.edited_by == world.tech


@pytest.mark.parametrize("who", ["north_rep2", "north_manager", "mktadmin", "future"])
def test_deliverable_edit_refusals_change_nothing(world, who):
    d = f.deliverable(world.proj, by=world.north_rep)
    actor = world.north_rep if who == "future" else getattr(world, who)
    on = timezone.localdate() + timedelta(days=3 if who == "future" else 0)
    with pytest.raises(ValidationError if who == "future" else PermissionDenied):
        services.deliverable_update(
            actor=actor, deliverable=d, title="Changed", note="x", delivered_on=on
        )
    d.refresh_from_db()
    assert d.title == "Test plan v1" and d.edited_by is None


def test_deliverable_rules(world):
    today = timezone.localdate()
    d = services.deliverable_record(
        actor=world.north_rep,
        project=world.proj,
        stage="test_plan",
        title="Test plan v1",
        note="",
        delivered_on=today,
    )
    assert d.region == world.north
    with pytest.raises(ValidationError):
        services.deliverable_record(
            actor=world.north_rep,
            project=world.proj,
            stage="test_plan",
            title="x",
            note="",
            delivered_on=today + timedelta(days=2),
        )
    with pytest.raises(ValidationError):
        services.deliverable_record(
            actor=world.north_rep,
            project=world.proj,
            stage="contact",
            title="x",
            note="",
            delivered_on=today,
        )
    with pytest.raises(ValidationError):  # tech support not assigned to the project
        services.deliverable_record(
            actor=world.tech,
            project=world.proj,
            stage="samples",
            title="x",
            note="",
            delivered_on=today,
        )
    with pytest.raises(PermissionDenied):
        services.deliverable_record(
            actor=world.finance,
            project=world.proj,
            stage="samples",
            title="x",
            note="",
            delivered_on=today,
        )
    assert StageDeliverable.objects.count() == 1
    assert Customer.objects.count() == 2 and DevelopmentProject.objects.count() == 1


def test_the_same_request_sent_twice_is_filed_once(world):
    _create(world)
    with pytest.raises(ValidationError, match="not sent twice"):
        _create(world)
    _create(world, need="Another need")
    assert SupportRequest.objects.count() == 2
