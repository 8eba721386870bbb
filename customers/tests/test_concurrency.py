"""A double-clicked (or re-sent) visit report saves one visit, even when both requests arrive
at the same moment; projects typing the same new platform at once add it to the archive once."""

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


def test_projects_typing_the_same_new_platform_at_once_share_one_platform():
    from customers.models import DevelopmentProject, Platform
    from customers.services import project_create

    org = build_org()
    customer = make_customer(org.north, owner=org.north_rep)

    def create(args):
        actor, name = args
        return project_create(
            actor=User.objects.get(pk=actor.pk),
            customer=customer,
            name=f"{actor.username} project",
            new_platform_name=name,
        )

    results = run_concurrently(
        create,
        [
            (org.north_rep, "BY-2.0T GDI"),
            (org.north_manager, "by-2.0t  gdi"),
            (org.north_rep2, "BY-2.0T GDI"),
        ],
    )
    assert all(isinstance(r, DevelopmentProject) for r in results), results
    assert Platform.objects.filter(customer=customer).count() == 1
    assert len({r.platform_id for r in results}) == 1
