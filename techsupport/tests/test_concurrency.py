"""Two engineers accepting the same request at once, or a double click on "rate", end in
exactly one acceptance and one rating."""

import pytest
from django.core.exceptions import ValidationError

from techsupport import services
from techsupport.models import RequestState, SupportRequest
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import build_org

from . import factories as f

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_engineers_accepting_at_once_end_in_one_acceptance():
    org = build_org()
    req = f.support_request(f.customer(org.north, owner=org.north_rep), requester=org.north_rep)

    def accept(person):
        return services.support_request_accept(
            request=SupportRequest.objects.get(pk=req.pk), actor=person, assignee=person
        )

    results = run_concurrently(accept, [org.tech, org.tech2, org.tech, org.tech2])
    assert sum(isinstance(r, SupportRequest) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 3
    req.refresh_from_db()
    winner = next(r for r in results if isinstance(r, SupportRequest))
    assert req.state == RequestState.ACCEPTED and req.assignee == winner.assignee


def test_double_click_on_rate_keeps_the_first_rating():
    org = build_org()
    req = f.support_request(
        f.customer(org.north, owner=org.north_rep),
        requester=org.north_rep,
        state=RequestState.DELIVERED,
        assignee=org.tech,
    )

    def rate(score):
        return services.support_request_rate(
            request=SupportRequest.objects.get(pk=req.pk), actor=org.north_rep, rating=score
        )

    results = run_concurrently(rate, [5, 2, 5, 2])
    rated = [r for r in results if isinstance(r, SupportRequest)]
    assert len(rated) == 1, results
    req.refresh_from_db()
    assert req.rating == rated[0].rating


def test_double_click_on_send_files_one_request():
    from datetime import timedelta

    from django.utils import timezone

    org = build_org()
    customer = f.customer(org.north, owner=org.north_rep)

    def send(_):
        return services.support_request_create(
            actor=org.north_rep,
            customer=customer,
            project=None,
            request_type="test",
            need="Same need",
            wanted_by=timezone.localdate() + timedelta(days=3),
        )

    results = run_concurrently(send, [1, 2, 3, 4])
    assert sum(isinstance(r, SupportRequest) for r in results) == 1, results
    assert SupportRequest.objects.count() == 1


def test_double_click_on_hand_over_records_one_hand_over():
    org = build_org()
    req = f.support_request(
        f.customer(org.north, owner=org.north_rep),
        requester=org.north_rep,
        state=RequestState.ACCEPTED,
        assignee=org.tech,
    )

    def hand_over(actor):
        return services.support_request_reassign(
            request=SupportRequest.objects.get(pk=req.pk), actor=actor, assignee=org.tech2
        )

    results = run_concurrently(hand_over, [org.tech, org.tech, org.tech2, org.tech])
    assert sum(isinstance(r, SupportRequest) for r in results) == 1, results
    req.refresh_from_db()
    assert req.assignee == org.tech2 and req.reassignments.count() == 1


def test_two_people_typing_the_same_new_platform_create_one():
    from customers.models import Platform
    from techsupport.models import PlatformInfo

    org = build_org()
    customer = f.customer(org.north, owner=org.north_rep)

    def record(actor):
        return services.platform_info_create(
            actor=actor,
            customer=customer,
            new_platform_name="BY-2.0T GDI",
            values={"ecu": actor.username},
        )

    results = run_concurrently(
        record, [org.north_rep, org.north_manager, org.north_rep2, org.north_rep]
    )
    assert sum(isinstance(r, PlatformInfo) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 3
    assert (
        Platform.objects.filter(customer=customer).count() == 1
        and PlatformInfo.objects.count() == 1
    )
