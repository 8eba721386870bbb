"""Writes through the API go through the pages' services: the same refusals, the same
exactly-once guarantees."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from approvals.models import ApprovalRequest, ApprovalStep, State
from approvals.services import approval_for, approval_open, approval_submit
from customers.models import Visit
from customers.tests.factories import make_customer
from pricing.models import MarketUpload, MetalPrice
from pricing.tests.factories import product, xlsx
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import SPEC_BANDS, authority, build_org
from tests.testapp.models import Memo


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


# --- logging a visit -------------------------------------------------------------------------


def test_a_rep_logs_a_visit_and_it_goes_to_the_manager(org, api_client):
    customer = make_customer(org.north, owner=org.north_rep)
    api = api_client(org.north_rep)
    response = api.post(
        "/api/v1/visits/",
        {
            "customer": customer.pk,
            "visit_date": yesterday(),
            "purpose": "Tender",
            "next_steps": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    visit = Visit.objects.get(pk=body["id"])
    assert (visit.rep, visit.region, visit.purpose) == (org.north_rep, org.north, "Tender")
    assert body["approval_state"] == State.SUBMITTED
    assert approval_for(visit).approver_role == "region_manager"
    customer.refresh_from_db()
    assert customer.last_visit_date == visit.visit_date


def test_a_retry_with_the_same_key_saves_one_visit(org, api_client):
    customer = make_customer(org.north, owner=org.north_rep)
    api = api_client(org.north_rep)
    data = {
        "customer": customer.pk,
        "visit_date": yesterday(),
        "purpose": "Follow-up",
        "submission_key": "k-123",
    }
    first = api.post("/api/v1/visits/", data, content_type="application/json")
    again = api.post("/api/v1/visits/", data, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Visit.objects.filter(customer=customer).count() == 1


def test_the_services_refusals_are_400s_and_nothing_is_saved(org, api_client):
    north = make_customer(org.north, owner=org.north_rep)
    east = make_customer(org.east)
    api = api_client(org.north_rep)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    ok = {"purpose": "Tender"}
    cases = [
        ({"customer": north.pk, "visit_date": future, **ok}, "visit_date"),
        ({"customer": east.pk, "visit_date": yesterday(), **ok}, "customer"),
        (
            {"customer": north.pk, "visit_date": yesterday(), "next_step_due": "2000-01-01", **ok},
            None,
        ),
        # A report needs its purpose or what came of it (the page's rule, from the service).
        ({"customer": north.pk, "visit_date": yesterday()}, None),
        ({"customer": north.pk, "visit_date": "yesterday"}, "visit_date"),
        ({"customer": north.pk, "visit_date": yesterday(), "purpose": "x" * 201}, "purpose"),
        ({"customer": north.pk, "visit_date": yesterday(), "purpose": "a\x00b"}, "purpose"),
    ]
    for data, field in cases:
        response = api.post("/api/v1/visits/", data, content_type="application/json")
        assert response.status_code == 400, (data, response.content)
        if field:
            assert field in response.json(), response.json()
    assert not Visit.objects.exists()


def test_finance_may_not_log_visits(org, api_client):
    customer = make_customer(org.north)
    response = api_client(org.finance).post(
        "/api/v1/visits/", {"customer": customer.pk, "visit_date": yesterday()}
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def _visit_reference_data():
    """A transactional test's flush empties the authority rules visits are routed by: put
    customers' defaults back (as customers/tests/conftest.py does for its own tests)."""
    import importlib

    from django.apps import apps

    importlib.import_module("customers.migrations.0003_reference_data").forwards(apps, None)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_save_one_visit():
    from api.services import token_issue_for_service

    org = build_org()
    _visit_reference_data()
    customer = make_customer(org.north, owner=org.north_rep)
    _token, secret = token_issue_for_service(user=org.north_rep, name="x", days=1)
    data = {
        "customer": customer.pk,
        "visit_date": yesterday(),
        "purpose": "Follow-up",
        "submission_key": "same",
    }

    def post(_):
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        return client.post("/api/v1/visits/", data, content_type="application/json").status_code

    results = run_concurrently(post, [1, 2, 3])
    assert all(code in (200, 201) for code in results), results
    assert Visit.objects.filter(customer=customer).count() == 1


# --- approvals -------------------------------------------------------------------------------


def _memo(org, *, submit=True, amount=100):
    authority("testapp.memo", SPEC_BANDS)
    memo = Memo.objects.create(
        title="API memo", region=org.north, amount=amount, author=org.north_rep
    )
    request = approval_open(document=memo, actor=org.north_rep)
    return approval_submit(document=memo, actor=org.north_rep) if submit else request


def test_the_approver_decides_once(org, api_client):
    request = _memo(org)
    url = f"/api/v1/approvals/{request.pk}/decide/"
    manager = api_client(org.north_manager)
    first = manager.post(url, {"decision": "approve"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["state"] == State.APPROVED
    second = manager.post(
        url, {"decision": "reject", "reason": "no"}, content_type="application/json"
    )
    assert second.status_code == 400
    request.refresh_from_db()
    assert request.state == State.APPROVED
    assert ApprovalStep.objects.filter(request=request, to_state=State.APPROVED).count() == 1


def test_nobody_else_decides_and_a_return_needs_a_reason(org, api_client):
    request = _memo(org)
    url = f"/api/v1/approvals/{request.pk}/decide/"
    assert api_client(org.north_rep).post(url, {"decision": "approve"}).status_code == 403
    assert api_client(org.east_manager).post(url, {"decision": "approve"}).status_code == 404
    no_reason = api_client(org.north_manager).post(url, {"decision": "return"})
    assert no_reason.status_code == 400
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_a_returned_document_is_resubmitted_by_its_author(org, api_client):
    request = _memo(org)
    api_client(org.north_manager).post(
        f"/api/v1/approvals/{request.pk}/decide/", {"decision": "return", "reason": "Fix it"}
    )
    url = f"/api/v1/approvals/{request.pk}/submit/"
    assert api_client(org.north_manager).post(url).status_code == 403
    response = api_client(org.north_rep).post(url)
    assert response.status_code == 200 and response.json()["state"] == State.SUBMITTED
    assert response.json()["revision"] == 2
    # Submitting again is refused: it is already submitted.
    assert api_client(org.north_rep).post(url).status_code == 400


def test_waiting_for_me_is_the_queue(org, api_client):
    request = _memo(org)
    mine = api_client(org.north_manager).get("/api/v1/approvals/?waiting_for_me=true").json()
    assert [r["id"] for r in mine["results"]] == [request.pk]
    director = api_client(org.director).get("/api/v1/approvals/?waiting_for_me=true").json()
    assert director["results"] == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_through_the_api_end_in_one():
    from api.services import token_issue_for_service

    org = build_org()
    request = _memo(org)
    _token, secret = token_issue_for_service(user=org.north_manager, name="x", days=1)

    def decide(decision):
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        return client.post(
            f"/api/v1/approvals/{request.pk}/decide/",
            {"decision": decision, "reason": "because"},
            content_type="application/json",
        ).status_code

    results = run_concurrently(decide, ["approve", "reject", "approve", "return"])
    assert sorted(results) == [200, 400, 400, 400], results
    assert (
        ApprovalStep.objects.filter(request=request).exclude(to_state=State.SUBMITTED).count() == 1
    )
    assert ApprovalRequest.objects.get(pk=request.pk).state != State.SUBMITTED


# --- the monthly market file -----------------------------------------------------------------

MONTH = "2026-03"


def _upload(api, file, **extra):
    return api.post("/api/v1/market-uploads/", {"month": MONTH, "file": file, **extra})


def test_finance_uploads_the_month_through_the_import(org, api_client):
    product("TWC-TEST")
    response = _upload(api_client(org.finance), xlsx())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["saved"] and body["upload"]["month"] == "2026-03-01"
    assert MetalPrice.objects.filter(upload_id=body["upload"]["id"]).count() == 3


def test_a_bad_file_is_refused_whole_with_every_row_named(org, api_client):
    product("TWC-TEST")
    bad = xlsx(costs=[[MONTH, "TWC-TEST", 150, 100], [MONTH, "NOPE-1", "abc", 100]])
    response = _upload(api_client(org.finance), bad)
    assert response.status_code == 400
    body = response.json()
    assert not body["saved"] and body["upload"] is None
    assert any(e["row"] == 3 for e in body["errors"]), body["errors"]
    assert not MarketUpload.objects.exists()


def test_not_a_workbook_and_a_future_month_are_refused(org, api_client):
    import io

    junk = io.BytesIO(b"not a workbook")
    junk.name = "m.xlsx"
    api = api_client(org.finance)
    assert _upload(api, junk).status_code == 400
    future = api.post("/api/v1/market-uploads/", {"month": "2999-01", "file": xlsx()})
    assert future.status_code == 400 and "month" in future.json()
    assert not MarketUpload.objects.exists()


def test_only_finance_uploads(org, api_client):
    product("TWC-TEST")
    assert _upload(api_client(org.director), xlsx()).status_code == 403
    assert _upload(api_client(org.erp), xlsx()).status_code == 403
    assert not MarketUpload.objects.exists()


def test_price_jump_warnings_need_confirm(org, api_client, settings):
    from pricing.tests.factories import market_month

    prod = product("TWC-TEST")
    from datetime import date

    market_month(org.finance, month=date(2026, 2, 1), products=[prod])
    jump = xlsx(
        metals=[
            [MONTH, "Pt", 440, "CNY/g", "SGE"],
            [MONTH, "Pd", 240, "CNY/g", "SGE"],
            [MONTH, "Rh", 1100, "CNY/g", "JM"],
            [MONTH, "USD/CNY", 7.2, "CNY/USD", "PBOC"],
        ]
    )
    api = api_client(org.finance)
    warned = _upload(api, jump)
    assert warned.status_code == 400 and warned.json()["warnings"]
    assert not MarketUpload.objects.filter(month=date(2026, 3, 1)).exists()
    jump.seek(0)
    confirmed = _upload(api, jump, confirm="true")
    assert confirmed.status_code == 201
