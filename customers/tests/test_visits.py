"""Visits: the phone form, review by the region manager, bad input, the rep's home panel."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from approvals.models import State
from approvals.services import approval_decide, approval_for
from customers.models import Customer, Visit, VisitAttachment
from customers.services import visit_create
from tests.querycount import assert_constant_queries

from .factories import make_customer, make_project, make_visit


def _post(customer, **overrides):
    today = timezone.localdate()
    data = {
        "customer": customer.pk,
        "visit_date": today.isoformat(),
        "purpose": "技术交流",
        "people_met": "王总",
        "decision_makers_met": "王总",
        "key_needs": "降低成本",
        "competitor_news": "",
        "next_steps": "提交方案",
        "next_step_due": (today + timedelta(days=3)).isoformat(),
        "project": "",
        "submission_key": "k1",
    }
    data.update(overrides)
    return data


def test_form_offers_own_customers_first_most_recent_first(org, client_for):
    today = timezone.localdate()
    old = make_customer(
        org.north, owner=org.north_rep, name="老客户", last_visit_date=today - timedelta(days=90)
    )
    recent = make_customer(
        org.north, owner=org.north_rep, name="新近客户", last_visit_date=today - timedelta(days=2)
    )
    colleague = make_customer(
        org.north, owner=org.north_rep2, name="同事客户", last_visit_date=today
    )
    make_customer(org.east, name="东区客户")
    page = client_for(org.north_rep).get("/customers/visits/new/").content.decode()
    assert page.index("新近客户") < page.index("老客户") < page.index("同事客户")
    assert "东区客户" not in page
    assert f'value="{today.isoformat()}"' in page  # date defaults to today
    assert old and recent and colleague


def test_rep_logs_visit_and_region_manager_approves(org, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = make_customer(org.north, owner=org.north_rep)
    project = make_project(customer, owner=org.north_rep)
    client = client_for(org.north_rep)
    photo = SimpleUploadedFile("whiteboard.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    response = client.post(
        "/customers/visits/new/", _post(customer, project=project.pk, attachments=photo)
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.region == org.north and visit.rep == org.north_rep and visit.project == project
    assert VisitAttachment.objects.filter(visit=visit).count() == 1
    assert Customer.objects.get(pk=customer.pk).last_visit_date == visit.visit_date
    approval = approval_for(visit)
    assert approval.state == State.SUBMITTED and approval.approver_role == "region_manager"
    assert approval.approver_region == org.north
    # The manager sees the decision buttons on the visit page; the East manager sees nothing.
    manager = client_for(org.north_manager)
    assert (
        f'data-testid="approve-{approval.pk}"'
        in manager.get(visit.get_absolute_url()).content.decode()
    )
    manager.post(f"/approvals/{approval.pk}/decide/", {"decision": "approve", "reason": ""})
    approval.refresh_from_db()
    assert approval.state == State.APPROVED and approval.decided_by == org.north_manager
    assert client_for(org.east_manager).get(visit.get_absolute_url()).status_code == 404


def test_returned_visit_is_corrected_and_resubmitted(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    visit = visit_create(
        actor=org.north_rep, customer=customer, visit_date=timezone.localdate(), purpose="技术交流"
    )
    approval_decide(
        request=approval_for(visit), actor=org.north_manager, decision="return", reason="请补充需求"
    )
    client = client_for(org.north_rep)
    data = _post(customer, key_needs="需要低背压方案")
    del data["customer"]
    assert client.post(f"/customers/visits/{visit.pk}/edit/", data).status_code == 302
    visit.refresh_from_db()
    assert visit.key_needs == "需要低背压方案"
    assert approval_for(visit).state == State.SUBMITTED


def test_double_click_saves_one_visit(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    first = client.post("/customers/visits/new/", _post(customer, submission_key="same"))
    second = client.post("/customers/visits/new/", _post(customer, submission_key="same"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Visit.objects.count() == 1


def test_next_step_before_visit_and_future_date_are_refused(org, client_for):
    customer = make_customer(org.north, owner=org.north_rep)
    today = timezone.localdate()
    client = client_for(org.north_rep)
    response = client.post(
        "/customers/visits/new/",
        _post(customer, next_step_due=(today - timedelta(days=1)).isoformat()),
    )
    assert "cannot be due before the visit date" in response.content.decode()
    response = client.post(
        "/customers/visits/new/",
        _post(customer, visit_date=(today + timedelta(days=1)).isoformat()),
    )
    assert "cannot be in the future" in response.content.decode()
    assert not Visit.objects.exists()


def test_out_of_scope_customer_and_bad_attachment_are_refused(org, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    east = make_customer(org.east)
    north = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    response = client.post("/customers/visits/new/", _post(east))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post("/customers/visits/new/", _post(north, attachments=fake))
    assert "not a real .pdf file" in response.content.decode()
    assert not Visit.objects.exists() and not VisitAttachment.objects.exists()


def test_visit_list_scope_filters_export_and_queries(org, client_for):
    north = make_customer(org.north, owner=org.north_rep, name="北方客户")
    east = make_customer(org.east, name="东方客户")
    make_visit(north, rep=org.north_rep, purpose="=cmd|' /C calc'!A0")
    make_visit(north, rep=org.north_rep2, purpose="同事的拜访")
    make_visit(east, rep=org.east_rep, purpose="东区拜访")
    rep_page = client_for(org.north_rep).get("/customers/visits/").content.decode()
    assert "同事的拜访" not in rep_page and "东区拜访" not in rep_page
    response = client_for(org.north_manager).get("/customers/visits/export/?q=北方")
    sheet = load_workbook(io.BytesIO(response.content)).active
    purposes = sorted(row[4].value for row in sheet.iter_rows(min_row=2))
    assert purposes == ["=cmd|' /C calc'!A0", "同事的拜访"]
    assert sheet.cell(row=2, column=5).data_type == "s"
    client = client_for(org.north_manager)
    assert_constant_queries(
        client,
        "/customers/visits/",
        grow=lambda n: [make_visit(north, rep=org.north_rep) for _ in range(n)],
        small=2,
        large=30,
    )


def test_home_panel_next_steps_and_overdue_customers(org, client_for):
    today = timezone.localdate()
    customer = make_customer(
        org.north,
        owner=org.north_rep,
        name="下周要跟进的客户",
        klass="D",
        last_visit_date=today - timedelta(days=5),
    )
    make_visit(customer, rep=org.north_rep, next_steps="送样品", next_step_due=today)
    make_customer(
        org.north,
        owner=org.north_rep,
        name="久未拜访的A类客户",
        klass="A",
        last_visit_date=today - timedelta(days=45),
    )
    make_customer(
        org.north,
        owner=org.north_rep,
        name="刚拜访的A类客户",
        klass="A",
        last_visit_date=today - timedelta(days=3),
    )
    page = client_for(org.north_rep).get("/").content.decode()
    assert "送样品" in page
    assert "久未拜访的A类客户" in page  # class A: every 30 days
    assert "刚拜访的A类客户" not in page
    assert (
        "下周要跟进的客户" in page
    )  # via its next step, but not overdue (class D: every 120 days)
    assert page.count("下周要跟进的客户") == 1
