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


def test_log_a_visit_comes_first_on_the_reps_home(org, client_for):
    page = client_for(org.north_rep).get("/").content.decode()
    first_panel = page.index('class="panel"')
    assert page.index('data-testid="home-log-visit"') < page.index('class="panel"', first_panel + 1)
    assert page.index("/customers/visits/new/") < page.index('class="panel"', first_panel + 1)


def test_the_visit_forms_customer_search_finds_any_customer_in_scope(org, client_for, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr("customers.forms.VISIT_CUSTOMER_CHOICES", 2)
    today = timezone.localdate()
    for n in range(3):
        make_customer(
            org.north,
            owner=org.north_rep,
            name=f"近期客户{n}",
            last_visit_date=today - timedelta(days=n),
        )
    old = make_customer(org.north, owner=org.north_rep, name="远山动力", last_visit_date=None)
    east = make_customer(org.east, name="远东汽车")
    client = client_for(org.north_rep)
    page = client.get("/customers/visits/new/").content.decode()
    assert 'data-testid="visit-customer-search"' in page
    assert f'value="{old.pk}"' not in page  # not among the short list of recent ones
    found = client.get("/customers/visits/new/?customer_q=远").content.decode()
    assert f'<option value="{old.pk}"' in found
    assert f'value="{east.pk}"' not in found  # another region's
    assert "近期客户0" not in found.split('id="id_customer"')[1].split("</select>")[0]
