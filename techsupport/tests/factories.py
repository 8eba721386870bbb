"""Builders for technical-support tests: customers and projects (until the customers app
ships its own factories), requests in each state, platform information, deliverables."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from customers.models import Customer, DevelopmentProject, Platform, Stage
from techsupport.models import (
    FileKind,
    LibraryItem,
    PlatformInfo,
    RequestState,
    StageDeliverable,
    SupportRequest,
    SupportRequestFile,
)

PDF = b"%PDF-1.4\n% test\n"


def customer(region, *, name="北岳汽车", owner=None) -> Customer:
    return Customer.objects.create(
        name=name, name_en=f"{name} EN", customer_type="oem", region=region, owner=owner
    )


def project(cust, *, owner, name="2.0T 国六b") -> DevelopmentProject:
    return DevelopmentProject.objects.create(
        customer=cust,
        region=cust.region,
        name=name,
        owner=owner,
        stage=Stage.MATCHING_TEST,
    )


def support_request(
    cust,
    *,
    requester,
    state=RequestState.NEW,
    assignee=None,
    project=None,
    days=7,
    rating=None,
    rated_at=None,
) -> SupportRequest:
    now = timezone.now()
    fields = {}
    if state != RequestState.NEW:
        fields.update(assignee=assignee, accepted_by=assignee, accepted_at=now)
    if state in (RequestState.DELIVERED, RequestState.RATED):
        fields.update(delivery_notes="Test report sent", delivered_at=now)
    if state == RequestState.RATED:
        fields.update(rating=rating or 4, rated_at=rated_at or now)
    return SupportRequest.objects.create(
        region=cust.region,
        requester=requester,
        customer=cust,
        project=project,
        request_type="test",
        need="Back-pressure test of the close-coupled catalyst",
        wanted_by=timezone.localdate() + timedelta(days=days),
        state=state,
        **fields,
    )


def request_file(req, *, by) -> SupportRequestFile:
    f = SupportRequestFile(request=req, kind=FileKind.REQUEST, name="spec.pdf", uploaded_by=by)
    f.file.save("spec.pdf", ContentFile(PDF), save=True)
    return f


def archive_platform(cust, *, name="BY-2.0T GDI") -> Platform:
    return Platform.objects.create(customer=cust, name=name, kind="vehicle", annual_volume=12000)


def platform(cust, *, name="BY-2.0T GDI") -> PlatformInfo:
    """Technical data for a new platform of the customer's archive."""
    return PlatformInfo.objects.create(
        platform=archive_platform(cust, name=name),
        region=cust.region,
        engine_model="BY20T",
        displacement_litres=Decimal("1.98"),
        ecu="Bosch MED17",
        emission_standard="cn6b",
        constraints="Max back pressure 25 kPa",
    )


def deliverable(proj, *, by, with_file=True) -> StageDeliverable:
    d = StageDeliverable(
        project=proj,
        region=proj.region,
        stage=Stage.TEST_PLAN,
        title="Test plan v1",
        delivered_on=timezone.localdate(),
        recorded_by=by,
    )
    if with_file:
        d.file_name = "plan.pdf"
        d.file.save("plan.pdf", ContentFile(PDF), save=False)
    d.save()
    return d


def library_item(
    *,
    by,
    title="国六b 汽油车紧耦合方案",
    engine_class="gasoline",
    standard="cn6b",
    formula="Pd/Rh 5:1, 60 g/ft³, 600/3.5",
    with_file=True,
) -> LibraryItem:
    item = LibraryItem(
        kind="solution",
        title=title,
        engine_class=engine_class,
        emission_standard=standard,
        recommended_formula=formula,
        body="Close-coupled TWC for 1.5–2.0 L GDI",
        updated_by=by,
    )
    if with_file:
        item.file_name = "solution.pdf"
        item.file.save("solution.pdf", ContentFile(PDF), save=False)
    item.save()
    return item
