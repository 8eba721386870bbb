from decimal import Decimal

import pytest
from django.utils import timezone

from approvals.services import approval_for
from brand.models import BrandSurvey, Status
from tests.factories import build_org
from tests.querycount import assert_constant_queries

from . import factories as f


@pytest.fixture
def org(db):
    return build_org()


def test_lists_keep_a_fixed_number_of_queries(org, client_for):
    year = timezone.localdate().year
    client = client_for(org.north_rep)

    def plans(n):
        for _ in range(n):
            plan = f.plan(year=year, author=org.mktadmin)
            f.activity(plan, owner=org.north_rep, supervisor=org.director)

    def items(n):
        for _ in range(n):
            f.toolkit_item(owner=org.mktadmin)

    assert_constant_queries(client, "/brand/plans/", grow=plans, large=30)
    assert_constant_queries(client, "/brand/toolkit/", grow=items, large=30)
    plan = f.plan(year=year, author=org.mktadmin)
    assert_constant_queries(
        client,
        f"/brand/plans/{plan.pk}/",
        grow=lambda n: [
            f.activity(plan, owner=org.north_rep, supervisor=org.director) for _ in range(n)
        ],
        large=30,
    )


def test_a_rep_downloads_the_current_toolkit_version(org, client_for):
    from django.core.files.base import ContentFile

    from brand import services

    item = f.toolkit_item(owner=org.mktadmin)
    services.toolkit_version_add(
        actor=org.mktadmin, item=item, upload=ContentFile(b"%PDF-1.4 v2", name="v2.pdf")
    )
    item.refresh_from_db()
    client = client_for(org.north_rep)
    page = client.get("/brand/toolkit/").content.decode()
    assert f"/brand/toolkit/versions/{item.current_id}/file/" in page and "v2" in page
    response = client.get(f"/brand/toolkit/versions/{item.current_id}/file/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 v2"


def test_submitting_a_plan_over_the_brand_budget_is_refused_on_the_page(org, client_for):
    year = timezone.localdate().year
    f.brand_budget(year=year, monthly="1000", owner=org.mktadmin)  # 12,000 for the year
    plan = f.plan(year=year, author=org.mktadmin)
    f.activity(plan, owner=org.north_rep, supervisor=org.director, budget="20000")
    client = client_for(org.mktadmin)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "left after this plan -8,000.00 CNY" in page

    response = client.post(
        f"/approvals/{approval_for(plan).pk}/submit/",
        {"next": plan.get_absolute_url()},
        follow=True,
    )
    assert "Over the brand budget" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_a_rep_records_a_brand_survey_for_a_customer_of_the_region(org, client_for):
    from information.tests.factories import customer

    north = customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    response = client.post(
        "/brand/evaluation/survey/",
        {
            "customer": north.pk,
            "year": 2026,
            "technology": 4,
            "quality": 5,
            "national_brand": 3,
            "service": 4,
        },
    )
    assert response.status_code == 302
    survey = BrandSurvey.objects.get()
    assert survey.score == Decimal("4.00") and survey.region == org.north
    page = client.get("/brand/evaluation/").content.decode()
    assert "4.00" in page
