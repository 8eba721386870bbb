"""A double-clicked (or re-sent) visit report saves one visit, even when both requests arrive
at the same moment."""

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest
from customers.models import Visit
from customers.services import visit_create
from regions.models import User
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import build_org

from .factories import make_customer

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def test_four_simultaneous_submissions_of_one_visit_save_it_once():
    org = build_org()
    customer = make_customer(org.north, owner=org.north_rep)

    def submit(_):
        rep = User.objects.get(pk=org.north_rep.pk)
        return visit_create(
            actor=rep,
            customer=customer,
            visit_date=timezone.localdate(),
            purpose="技术交流",
            submission_key="same-form",
        )

    results = run_concurrently(submit, range(4))
    assert all(isinstance(r, Visit) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Visit.objects.count() == 1
    assert ApprovalRequest.objects.filter(document_type="customers.visit").count() == 1
