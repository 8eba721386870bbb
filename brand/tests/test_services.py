from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from approvals.models import ApprovalRequest
from approvals.services import approval_decide, approval_for, approval_submit
from brand import services
from brand.models import PromotionActivity, PromotionPlan, Status
from budgets.tests import factories as budget_factories
from tests.factories import build_org

from . import factories as f

YEAR = 2026


@pytest.fixture
def org(db):
    return build_org()


def _submit(plan):
    return approval_submit(document=plan, actor=plan.author)


def test_a_plan_within_the_brand_budget_is_submitted_and_approved(org):
    f.brand_budget(year=YEAR, monthly="10000", owner=org.mktadmin)  # 120,000 for the year
    plan = f.plan(year=YEAR, author=org.mktadmin)
    f.activity(plan, owner=org.north_rep, supervisor=org.north_manager, budget="30000")
    f.activity(plan, owner=org.north_rep, supervisor=org.north_manager, budget="15000")

    _submit(plan)
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED and plan.total == Decimal("45000")
    # 45,000: within the director's band.
    approval_decide(request=approval_for(plan), actor=org.director, decision="approve", reason="")
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED


def test_a_plan_over_the_brand_budget_is_refused_and_nothing_changes(org):
    f.brand_budget(year=YEAR, monthly="10000", owner=org.mktadmin)  # 120,000
    earlier = f.plan(year=YEAR, author=org.mktadmin, status=Status.APPROVED, title="上半年")
    f.activity(earlier, owner=org.north_rep, supervisor=org.director, budget="80000")
    plan = f.plan(year=YEAR, author=org.mktadmin)
    f.activity(plan, owner=org.north_rep, supervisor=org.director, budget="50000")

    with pytest.raises(ValidationError) as refusal:
        _submit(plan)

    message = " ".join(refusal.value.messages)
    assert "120,000.00" in message and "80,000.00" in message and "10,000.00 CNY over" in message
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert approval_for(plan).state == "draft"


def test_claims_already_spent_count_against_the_plan(org):
    lines = f.brand_budget(year=YEAR, monthly="10000", months=[3], owner=org.mktadmin)
    department = lines[0].budget.department
    claim = budget_factories.claim_with(
        org.mktadmin, ["4000"], category="brand", on=date(YEAR, 3, 5), department=department
    )
    budget_factories.submit(claim)  # committed: 4,000 of 10,000
    plan = f.plan(year=YEAR, author=org.mktadmin)
    f.activity(plan, owner=org.mktadmin, supervisor=org.director, budget="7000")

    figures = services.plan_budget_figures(plan=plan)
    assert figures["committed"] == Decimal("4000") and figures["remaining_after"] == Decimal(
        "-1000"
    )
    with pytest.raises(ValidationError):
        _submit(plan)


def test_no_brand_budget_no_plan(org):
    plan = f.plan(year=YEAR, author=org.mktadmin)
    f.activity(plan, owner=org.north_rep, supervisor=org.director, budget="100")
    with pytest.raises(ValidationError) as refusal:
        _submit(plan)
    assert "No approved brand-promotion budget for 2026" in " ".join(refusal.value.messages)


def test_done_activities_stop_reserving_and_results_are_recorded_by_their_people(org):
    f.brand_budget(year=YEAR, monthly="1000", owner=org.mktadmin)  # 12,000
    first = f.plan(year=YEAR, author=org.mktadmin, status=Status.APPROVED)
    done = f.activity(first, owner=org.north_rep, supervisor=org.north_manager, budget="10000")
    second = f.plan(year=YEAR, author=org.mktadmin)
    f.activity(second, owner=org.north_rep, supervisor=org.director, budget="5000")
    assert services.plan_budget_figures(plan=second)["remaining_after"] == Decimal("-3000")

    with pytest.raises(PermissionDenied):
        services.activity_results(
            actor=org.east_manager, activity=done, leads=1, attendance=1, actual_cost=1
        )
    services.activity_results(
        actor=org.north_rep, activity=done, leads=12, attendance=45, actual_cost=Decimal("9500")
    )
    done.refresh_from_db()
    assert (done.leads, done.attendance, done.actual_cost) == (12, 45, Decimal("9500"))
    assert services.plan_budget_figures(plan=second)["remaining_after"] == Decimal("7000")


def test_only_keepers_draft_and_an_approved_plan_does_not_change(org):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=org.north_manager, year=YEAR, title="x")
    plan = f.plan(year=YEAR, author=org.mktadmin, status=Status.APPROVED)
    values = {
        "kind": "training",
        "title": "培训",
        "starts_on": date(YEAR, 6, 1),
        "ends_on": date(YEAR, 6, 2),
        "owner": org.north_rep,
        "supervisor": org.director,
        "expected_effect": "x",
        "budget": Decimal("100"),
    }
    with pytest.raises(ValidationError):
        services.activity_add(actor=org.mktadmin, plan=plan, values=values)
    assert not PromotionActivity.objects.filter(plan=plan).exists()
    draft = services.plan_create(actor=org.mktadmin, year=YEAR, title="下半年", key="p1")
    assert services.plan_create(actor=org.mktadmin, year=YEAR, title="下半年", key="p1") == draft
    services.activity_add(actor=org.mktadmin, plan=draft, values=values, key="a1")
    services.activity_add(actor=org.mktadmin, plan=draft, values=values, key="a1")
    draft.refresh_from_db()
    assert draft.activities.count() == 1 and draft.total == Decimal("100")
    assert PromotionPlan.objects.count() == 2


def test_positioning_versioned_by_year_goes_to_the_general_manager(org):
    values = {
        "year": YEAR,
        "statement": "技术进步带来的低成本",
        "value_claims": "低成本；品质稳定",
        "customer_research": "调研 30 家客户",
        "competitor_analysis": "外资品牌价格高",
    }
    positioning = services.positioning_save(actor=org.mktadmin, values=values, key="k")
    approval_submit(document=positioning, actor=org.mktadmin)
    request = ApprovalRequest.objects.get(document_type="brand.positioning")
    assert request.approver_role == "general_manager"
    approval_decide(request=request, actor=org.gm, decision="approve", reason="")
    positioning.refresh_from_db()
    assert positioning.status == Status.APPROVED
    with pytest.raises(ValidationError):  # approved: no more changes
        services.positioning_save(actor=org.mktadmin, values=values, instance=positioning)
    with pytest.raises(ValidationError):  # one positioning per year
        services.positioning_save(actor=org.director, values=values)


def test_toolkit_keeps_versions_and_the_current_one(org):
    item = f.toolkit_item(owner=org.mktadmin)
    services.toolkit_version_add(
        actor=org.mktadmin, item=item, upload=ContentFile(f.PDF, name="v2.pdf"), note="新案例"
    )
    item.refresh_from_db()
    assert item.current.number == 2 and item.current.file_name == "v2.pdf"
    assert item.versions.count() == 2
    with pytest.raises(PermissionDenied):
        services.toolkit_version_add(
            actor=org.north_rep, item=item, upload=ContentFile(f.PDF, name="x.pdf")
        )


def test_survey_per_customer_and_year_and_the_score_trend(org):
    from information.tests.factories import customer

    north = customer(org.north, owner=org.north_rep)
    east = customer(org.east, name="东岳汽车", owner=org.east_rep)
    scores = {"technology": 4, "quality": 5, "national_brand": 3, "service": 4}
    services.survey_record(actor=org.north_rep, customer=north, year=2025, scores=scores)
    services.survey_record(
        actor=org.north_rep, customer=north, year=2026, scores={**scores, "service": 5}
    )
    services.survey_record(
        actor=org.mktadmin,
        customer=east,
        year=2026,
        scores={"technology": 2, "quality": 2, "national_brand": 2, "service": 2},
    )
    with pytest.raises(ValidationError):
        services.survey_record(actor=org.north_rep, customer=north, year=2026, scores=scores)
    with pytest.raises(PermissionDenied):
        services.survey_record(actor=org.north_rep, customer=east, year=2025, scores=scores)

    from brand.selectors import survey_list

    trend = services.score_trend(surveys=survey_list(user=org.mktadmin))
    assert [(row["year"], round(row["score"], 3)) for row in trend] == [
        (2025, Decimal("4.000")),
        (2026, Decimal("3.125")),
    ]
    north_only = services.score_trend(surveys=survey_list(user=org.north_manager))
    assert [(row["year"], round(row["score"], 2)) for row in north_only][-1] == (
        2026,
        Decimal("4.25"),
    )
