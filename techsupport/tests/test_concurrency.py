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
        return services.support_request_accept(request=SupportRequest.objects.get(pk=req.pk), actor=person,
                                               assignee=person)

    results = run_concurrently(accept, [org.tech, org.tech2, org.tech, org.tech2])
    assert sum(isinstance(r, SupportRequest) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 3
    req.refresh_from_db()
    winner = next(r for r in results if isinstance(r, SupportRequest))
    assert req.state == RequestState.ACCEPTED and req.assignee == winner.assignee


def test_double_click_on_rate_keeps_the_first_rating():
    org = build_org()
    req = f.support_request(f.customer(org.north, owner=org.north_rep), requester=org.north_rep,
                            state=RequestState.DELIVERED, assignee=org.tech)

    def rate(score):
        return services.support_request_rate(request=SupportRequest.objects.get(pk=req.pk), actor=org.north_rep,
                                             rating=score)

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
            actor=org.north_rep, customer=customer, project=None, request_type="test", need="Same need",
            wanted_by=timezone.localdate() + timedelta(days=3),
        )

    results = run_concurrently(send, [1, 2, 3, 4])
    assert sum(isinstance(r, SupportRequest) for r in results) == 1, results
    assert SupportRequest.objects.count() == 1
