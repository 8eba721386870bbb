"""Reads of technical support. Every one starts from the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import get_for_user, visible
from core.i18n import reading_english
from customers.models import Customer, DevelopmentProject, EmissionStandard, Platform

from .models import (
    OPEN_STATES,
    EngineClass,
    LibraryItem,
    LibraryKind,
    PlatformInfo,
    RequestState,
    StageDeliverable,
    SupportRequest,
    SupportRequestFile,
    SupportRequestReassignment,
)

QUEUE_TABS = ("new", "mine", "overdue", "all")


def _today() -> date:
    return timezone.localdate()


# --- platform technical information ----------------------------------------------------------


def platform_list(*, user, search: str = "", customer_id: int | None = None):
    qs = visible(user, PlatformInfo).select_related("platform__customer", "region", "updated_by")
    if customer_id:
        qs = qs.filter(platform__customer_id=customer_id)
    if search:
        qs = qs.filter(
            Q(platform__name__icontains=search)
            | Q(engine_model__icontains=search)
            | Q(platform__customer__name__icontains=search)
            | Q(platform__customer__name_en__icontains=search)
            | Q(ecu__icontains=search)
        )
    return qs.order_by("platform__customer__name", "platform__name", "pk")


def platform_get_for_user(*, user, pk: int, write: bool = False) -> PlatformInfo:
    return get_for_user(
        user,
        PlatformInfo.objects.select_related("platform__customer"),
        pk=pk,
        action="change" if write else "view",
    )


def platforms_without_info(*, customer) -> list[Platform]:
    """The customer's platforms that have no technical record yet (the create form's choices)."""
    return Platform.objects.filter(customer=customer, tech_info__isnull=True).order_by("name", "pk")


def customer_platform_column(user, customer, platforms) -> dict:
    """The technical data beside each platform on the customer page: one query for all of
    them, through the access layer (finance sees the platforms without technical data)."""
    infos = (
        visible(user, PlatformInfo).filter(platform__customer=customer)
        if platforms
        else PlatformInfo.objects.none()
    )
    return {
        "by_row": {info.platform_id: info for info in infos},
        "customer": customer,
        "can_write": access.can(user, "techsupport.platform_info_record", customer),
        "can_ask": access.can(user, "techsupport.request_create"),
    }


# --- support requests ------------------------------------------------------------------------


def _requests(user):
    return visible(user, SupportRequest).select_related(
        "customer", "project", "requester", "assignee", "region"
    )


def support_queue(*, user, tab: str = "new"):
    """The tech-support queue: new (unassigned), mine (assigned to me, open), overdue (open
    and past the wanted date), all."""
    qs = _requests(user)
    if tab == "new":
        qs = qs.filter(state=RequestState.NEW)
    elif tab == "mine":
        qs = qs.filter(assignee=user, state__in=OPEN_STATES)
    elif tab == "overdue":
        qs = qs.filter(state__in=OPEN_STATES, wanted_by__lt=_today())
    else:
        return qs.order_by("-created_at", "-pk")
    return qs.order_by("wanted_by", "pk")


def support_request_list(*, user, state: str = "", mine_only: bool = False):
    qs = _requests(user)
    if mine_only:
        qs = qs.filter(requester=user)
    if state in RequestState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def support_request_get_for_user(*, user, pk: int) -> SupportRequest:
    return get_for_user(user, _requests(user), pk=pk)


def support_request_reassignments(*, request: SupportRequest) -> list[SupportRequestReassignment]:
    return list(
        request.reassignments.select_related("from_assignee", "to_assignee", "reassigned_by")
    )


def support_request_files(*, request: SupportRequest) -> list[SupportRequestFile]:
    return list(request.files.select_related("uploaded_by"))


def support_request_file_get_for_user(*, user, pk: int) -> SupportRequestFile:
    """A file, through the access check on its request (404 when the request is not visible)."""
    found = SupportRequestFile.objects.filter(
        pk=pk, request_id__in=visible(user, SupportRequest).values("pk")
    ).first()
    if found is None:
        raise Http404
    return found


def tech_support_people():
    """Whom a support request can be assigned to."""
    return access.people_who_can("techsupport.request_accept").order_by("display_name", "username")


def platform_info_editable(*, user, rows) -> set[int]:
    """The ids, among these technical records, that this person may edit: one query."""
    return set(
        visible(user, PlatformInfo, action="techsupport.platform_info_change")
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )


def support_queue_counts(user) -> dict:
    """Counts for the tech-support home panel: one query."""
    today = _today()
    counts = visible(user, SupportRequest).aggregate(
        new=Count("pk", filter=Q(state=RequestState.NEW)),
        mine=Count("pk", filter=Q(assignee=user, state__in=OPEN_STATES)),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, wanted_by__lt=today)),
    )
    return counts


def support_queue_badge(user) -> int:
    return visible(user, SupportRequest).filter(state=RequestState.NEW).count()


def _awaiting_rating(user):
    return visible(user, SupportRequest).filter(requester=user, state=RequestState.DELIVERED)


def support_awaiting_rating_badge(user) -> int:
    return _awaiting_rating(user).count()


def support_home_to_rate(user) -> dict:
    rows = list(
        _awaiting_rating(user).select_related("customer", "assignee").order_by("delivered_at")[:5]
    )
    return {"rows": rows}


def request_timeline(user, customer, limit: int):
    from customers.sections import TimelineEntry

    rows = _requests(user).filter(customer=customer).order_by("-created_at")[:limit]
    return [
        TimelineEntry(
            when=timezone.localdate(r.created_at),
            kind=_("Support request"),
            title=f"{r.get_request_type_display()} · {r.get_state_display()}",
            url=r.get_absolute_url(),
            detail=r.need[:120],
        )
        for r in rows
    ]


@dataclass
class RatingRow:
    key: int
    name: str
    count: int
    average: Decimal


@dataclass
class RatingSummary:
    date_from: date
    date_to: date
    by_person: list[RatingRow]
    by_region: list[RatingRow]


def support_rating_summary(*, date_from: date, date_to: date, user=None) -> RatingSummary:
    """The requesters' ratings of tech support in a period (rated on date_from..date_to
    inclusive, local dates), per tech-support person (the assignee) and per requesting region:
    count and average (Decimal, two places). Two GROUP BY queries. With `user`, only the
    requests that person may see; without, all (for company-wide KPI jobs)."""
    qs = visible(user, SupportRequest) if user is not None else SupportRequest.objects.all()
    qs = qs.filter(
        state=RequestState.RATED,
        rated_at__date__gte=date_from,
        rated_at__date__lte=date_to,
    )
    two = Decimal("0.01")
    region_labels = ("region__name_en", "region__name") if reading_english() else ("region__name",)

    def rows(group: str, label_fields: tuple[str, ...]) -> list[RatingRow]:
        result = []
        grouped = (
            qs.values(group, *label_fields)
            .annotate(n=Count("pk"), avg=Avg("rating"))
            .order_by(group)
        )
        for row in grouped:
            name = next((row[f] for f in label_fields if row[f]), "") or str(row[group])
            result.append(
                RatingRow(
                    key=row[group],
                    name=name,
                    count=row["n"],
                    average=Decimal(str(row["avg"])).quantize(two, rounding=ROUND_HALF_UP),
                )
            )
        return result

    return RatingSummary(
        date_from=date_from,
        date_to=date_to,
        by_person=rows("assignee_id", ("assignee__display_name", "assignee__username")),
        by_region=rows("region_id", region_labels),
    )


# --- stage deliverables ----------------------------------------------------------------------


def project_get_for_user(*, user, pk: int) -> DevelopmentProject:
    return get_for_user(
        user, DevelopmentProject.objects.select_related("customer", "region"), pk=pk
    )


def deliverable_list(*, user, project):
    """The project's deliverables the user sees, each with `can_edit` from the access policy's
    "change" rule (the recorder or tech support), in the same query."""
    editable = visible(user, StageDeliverable, action="change").filter(pk=OuterRef("pk"))
    return (
        visible(user, StageDeliverable)
        .filter(project=project)
        .select_related("recorded_by")
        .annotate(can_edit=Exists(editable))
    )


def deliverable_get_for_user(*, user, pk: int) -> StageDeliverable:
    return get_for_user(user, StageDeliverable.objects.select_related("project__customer"), pk=pk)


def deliverable_get_for_edit(*, user, pk: int) -> StageDeliverable:
    """A deliverable to correct: 404 when the user does not see it, 403 when they see it but
    neither recorded it nor are tech support (the access policy's "change" rule)."""
    return get_for_user(
        user,
        StageDeliverable.objects.select_related("project__customer", "recorded_by"),
        pk=pk,
        action="change",
    )


def project_stage_column(user, project, stages) -> dict:
    """The deliverables recorded for each stage of the project, beside the stage's expected
    deliverables on the project page: one query for all stages."""
    by_stage: dict[str, list[StageDeliverable]] = {}
    for row in deliverable_list(user=user, project=project).order_by("delivered_on", "pk"):
        by_stage.setdefault(row.stage, []).append(row)
    return {
        "by_row": by_stage,
        "project": project,
        "can_record": access.can(user, "techsupport.deliverable_record"),
        "can_ask": access.can(user, "techsupport.request_create"),
    }


def deliverable_timeline(user, customer, limit: int):
    from customers.sections import TimelineEntry

    rows = (
        visible(user, StageDeliverable)
        .filter(project__customer=customer)
        .select_related("project")
        .order_by("-delivered_on", "-pk")[:limit]
    )
    return [
        TimelineEntry(
            when=d.delivered_on,
            kind=_("Stage deliverable"),
            title=f"{d.project.name} · {d.get_stage_display()} · {d.title}",
            url=d.get_absolute_url(),
            detail=d.note[:120],
        )
        for d in rows
    ]


def requestable_customers(*, user):
    return visible(user, Customer).order_by("name")


def requestable_projects(*, user):
    return visible(user, DevelopmentProject).select_related("customer").order_by("name")


# --- technical library -----------------------------------------------------------------------


def library_list(
    *, user, search: str = "", kind: str = "", engine_class: str = "", emission_standard: str = ""
):
    """The library, searchable in Chinese and English text, filtered by kind and by the
    solution finder's engine class and emission standard."""
    qs = visible(user, LibraryItem).select_related("updated_by")
    if kind in LibraryKind.values:
        qs = qs.filter(kind=kind)
    if engine_class in EngineClass.values:
        qs = qs.filter(engine_class=engine_class)
    if emission_standard in EmissionStandard.values:
        qs = qs.filter(emission_standard=emission_standard)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(body__icontains=word)
            | Q(recommended_formula__icontains=word)
        )
    return qs.order_by("kind", "engine_class", "emission_standard", "title", "pk")


def library_item_get_for_user(*, user, pk: int, write: bool = False) -> LibraryItem:
    return get_for_user(user, LibraryItem, pk=pk, action="change" if write else "view")
