"""The customers app's create forms sent twice (two quick clicks, Back and Save again) create one
row each (core.submissions)."""

from datetime import date

import pytest
from django.utils import timezone

from customers.models import (
    Contact,
    Customer,
    DevelopmentProject,
    KeyAccountPlan,
    PlanAction,
    Survey,
    SurveyQuestion,
)
from tests.once import post_twice

from .factories import make_customer

pytestmark = pytest.mark.django_db


def test_the_new_customer_form_sent_twice_saves_one_customer_and_its_contacts(org, client_for):
    from .test_customers import _customer_post

    first, second = post_twice(
        client_for(org.north_rep), "/customers/new/", _customer_post(name="南岭动力")
    )
    customer = Customer.objects.get(name="南岭动力")
    assert first["Location"] == second["Location"] == customer.get_absolute_url()
    assert Contact.objects.filter(customer=customer).count() == 1


def test_the_new_project_form_sent_twice_creates_one_project(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    url = f"/customers/projects/new/?customer={customer.pk}"
    data = {
        "name": "国六b 项目",
        "platform": "",
        "new_platform_name": "BY-2.0T",
        "new_platform_kind": "vehicle",
        "owner": "",
        "expected_litres": "1000",
        "started_on": "",
    }
    post_twice(client_for(org.north_rep), url, data)
    assert DevelopmentProject.objects.filter(name="国六b 项目").count() == 1


def test_the_plan_and_its_action_items_sent_twice_are_saved_once(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep, klass="A")
    client = client_for(org.north_rep)
    year = timezone.localdate().year
    data = {"customer": customer.pk, "year": year, "profile": "概况", "resources_money": "1"}
    first, _second = post_twice(client, "/customers/plans/new/", data)
    plan = KeyAccountPlan.objects.get()
    assert first["Location"] == plan.get_absolute_url()
    action = {
        "description": "高层拜访",
        "owner": org.north_rep.pk,
        "due_date": date(year, 1, 10).isoformat(),
    }
    post_twice(
        client, f"/customers/plans/{plan.pk}/actions/", action, form_url=plan.get_absolute_url()
    )
    assert PlanAction.objects.filter(plan=plan).count() == 1


def test_the_survey_form_sent_twice_records_one_survey(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    question = SurveyQuestion.objects.filter(active=True, scored=True).first()
    url = f"/customers/{customer.pk}/surveys/new/"
    data = {"survey_date": timezone.localdate().isoformat(), f"q{question.pk}": "4"}
    post_twice(client_for(org.north_rep), url, data)
    assert Survey.objects.count() == 1
