"""Free text has a length a person would type; numbers have a business bound (docs/bounds.md)."""

import pytest
from django.core.exceptions import ValidationError

from core.bounds import NOTE_MAX
from customers.models import Customer, Visit
from customers.services import visit_create

from .factories import make_customer
from .test_visits import _post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["key_needs", "competitor_news", "next_steps"])
def test_a_visit_with_100000_characters_is_refused_with_a_message(org, client_for, field):
    customer = make_customer(org.north, owner=org.north_rep)
    response = client_for(org.north_rep).post(
        "/customers/visits/new/", _post(customer, **{field: "很" * 100_000})
    )
    assert response.status_code in (200, 400)
    assert "at most 2000 characters" in response.content.decode()
    assert Visit.objects.count() == 0


def test_the_service_refuses_a_note_longer_than_the_bound(org):
    customer = make_customer(org.north, owner=org.north_rep)
    from django.utils import timezone

    with pytest.raises(ValidationError) as refused:
        visit_create(
            actor=org.north_rep,
            customer=customer,
            visit_date=timezone.localdate(),
            purpose="技术交流",
            key_needs="x" * (NOTE_MAX + 1),
        )
    assert "key_needs" in refused.value.message_dict
    assert Visit.objects.count() == 0


def test_a_customer_share_above_100_percent_is_refused(org, client_for):
    response = client_for(org.north_manager).post(
        "/customers/new/",
        {
            "name": "华北新客户",
            "customer_type": "oem",
            "region": org.north.pk,
            "owner": org.north_rep.pk,
            "annual_volume": "100",
            "catalyst_demand_litres": "10",
            "our_share": "250",
        },
    )
    assert response.status_code in (200, 400)
    assert "less than or equal to 100" in response.content.decode()
    assert not Customer.objects.filter(name="华北新客户").exists()


def test_back_then_save_again_on_the_visit_form_creates_one_visit(org, client_for):
    import re

    customer = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    page = client.get("/customers/visits/new/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)
    first = client.post("/customers/visits/new/", _post(customer, submission_key=key))
    again = client.post("/customers/visits/new/", _post(customer, submission_key=key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Visit.objects.count() == 1
    from approvals.models import ApprovalRequest

    assert ApprovalRequest.objects.filter(document_type="customers.visit").count() == 1


def test_a_visit_with_only_customer_and_date_does_not_reach_the_manager(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    empty = {
        name: ""
        for name in ("purpose", "people_met", "decision_makers_met", "key_needs", "next_steps")
    }
    response = client_for(org.north_rep).post(
        "/customers/visits/new/", _post(customer, next_step_due="", **empty)
    )
    assert response.status_code in (200, 400)
    assert "A visit report needs its purpose or what came of it" in response.content.decode()
    assert Visit.objects.count() == 0
    from django.utils import timezone

    with pytest.raises(ValidationError):
        visit_create(actor=org.north_rep, customer=customer, visit_date=timezone.localdate())
    assert Visit.objects.count() == 0
    # What came of it is enough without a purpose.
    response = client_for(org.north_rep).post(
        "/customers/visits/new/",
        _post(customer, **{**empty, "key_needs": "降低成本", "submission_key": "k2"}),
    )
    assert response.status_code == 302 and Visit.objects.count() == 1
