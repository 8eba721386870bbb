"""Writes of technical support. Each is one transaction; state changes of a support request
are conditional updates (exactly one row moves from the expected state, or the change is
refused), so a double click or two engineers accepting at once end in one acceptance."""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core import bounds
from core.submissions import create_once
from customers.models import Customer, DevelopmentProject, Platform, PlatformKind
from customers.services import platform_get_or_create
from regions.models import User

from .models import (
    DELIVERABLE_STAGES,
    FileKind,
    LibraryItem,
    PlatformInfo,
    RequestState,
    StageDeliverable,
    SupportRequest,
    SupportRequestFile,
    SupportRequestReassignment,
)

DUPLICATE_WINDOW_MINUTES = 10
PLATFORM_INFO_FIELDS = (
    "engine_model",
    "displacement_litres",
    "ecu",
    "emission_standard",
    "constraints",
)


def _store_files(*, request: SupportRequest, files, kind: str, actor) -> None:
    for upload in files or []:
        SupportRequestFile.objects.create(
            request=request,
            kind=kind,
            file=upload,
            name=os.path.basename(upload.name)[:255],
            uploaded_by=actor,
        )


def _notify(request_id: int, event: str) -> None:
    from .tasks import support_request_notify_task

    support_request_notify_task.delay_on_commit(request_id, event)


# --- platform technical information ----------------------------------------------------------


def _platform_info_fill(
    info: PlatformInfo, *, actor, customer: Customer, values: dict
) -> PlatformInfo:
    for field in PLATFORM_INFO_FIELDS:
        if field in values:
            setattr(
                info,
                field,
                values[field].strip() if isinstance(values[field], str) else values[field],
            )
    info.region_id = customer.region_id
    info.updated_by = actor
    info.full_clean()
    info.save()
    return info


@transaction.atomic
def platform_info_create(
    *,
    actor,
    customer: Customer,
    values: dict,
    platform: Platform | None = None,
    new_platform_name: str = "",
    new_platform_kind: str = PlatformKind.VEHICLE,
) -> PlatformInfo:
    """Record the technical data of one of the customer's platforms: an existing one
    (`platform`) or one the archive does not list yet (`new_platform_name`, created through
    customers.services.platform_get_or_create; a name that matches an existing platform, case-
    and space-insensitively, uses that one). One record per platform."""
    access.require(actor, "techsupport.platform_info_record", customer)
    new_platform_name = " ".join((new_platform_name or "").split())
    if (platform is None) == (not new_platform_name):
        raise ValidationError(
            _("Choose one of the customer's platforms or type the name of a new one.")
        )
    if platform is not None and platform.customer_id != customer.pk:
        raise ValidationError(_("This platform belongs to another customer."))
    if platform is None:
        platform = platform_get_or_create(
            actor=actor, customer=customer, name=new_platform_name, kind=new_platform_kind
        )
    # Lock the platform so two people recording its data at once end in one record.
    Platform.objects.select_for_update().filter(pk=platform.pk).first()
    if PlatformInfo.objects.filter(platform=platform).exists():
        raise ValidationError(
            _("Technical information for %(platform)s is already recorded; edit it instead.")
            % {"platform": platform}
        )
    return _platform_info_fill(
        PlatformInfo(platform=platform), actor=actor, customer=customer, values=values
    )


@transaction.atomic
def platform_info_update(*, actor, info: PlatformInfo, values: dict) -> PlatformInfo:
    """Change one platform's technical data (the platform itself is renamed in the archive)."""
    customer = info.platform.customer
    access.require(actor, "techsupport.platform_info_change", info)
    return _platform_info_fill(info, actor=actor, customer=customer, values=values)


# --- support requests ------------------------------------------------------------------------


@transaction.atomic
def support_request_create(
    *,
    actor,
    customer: Customer,
    project: DevelopmentProject | None,
    request_type: str,
    need: str,
    wanted_by: date,
    files=None,
    submission_key: str = "",
) -> SupportRequest:
    access.require(actor, "techsupport.request_create")
    if not access.allowed(actor, customer):
        raise ValidationError(_("This customer is unknown or outside your scope."))
    if project is not None:
        if project.customer_id != customer.pk:
            raise ValidationError(_("The project belongs to another customer."))
        if not access.allowed(actor, project):
            raise ValidationError(_("This project is unknown or outside your scope."))
    if wanted_by < timezone.localdate():
        raise ValidationError(_("The wanted date cannot be in the past."))
    need = (need or "").strip()
    # A double click (or a resent form) files one request: the form's key (core.submissions)
    # gives the repeat the request the first one made.
    return create_once(
        actor=actor,
        key=submission_key,
        create=lambda: _support_request_file(
            actor=actor,
            customer=customer,
            project=project,
            request_type=request_type,
            need=need,
            wanted_by=wanted_by,
            files=files,
        ),
    )[0]


def _support_request_file(
    *, actor, customer, project, request_type, need, wanted_by, files
) -> SupportRequest:
    # The same request typed again in a new form within minutes: lock the requester's row so
    # two submissions of one person run one after the other, then look for it.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if SupportRequest.objects.filter(
        requester=actor,
        customer=customer,
        request_type=request_type,
        need=need,
        wanted_by=wanted_by,
        created_at__gte=timezone.now() - timedelta(minutes=DUPLICATE_WINDOW_MINUTES),
    ).exists():
        raise ValidationError(_("You have just sent this same request; it was not sent twice."))
    request = SupportRequest(
        region_id=customer.region_id,
        requester=actor,
        customer=customer,
        project=project,
        request_type=request_type,
        need=need,
        wanted_by=wanted_by,
    )
    request.full_clean()
    request.save()
    _store_files(request=request, files=files, kind=FileKind.REQUEST, actor=actor)
    _notify(request.pk, "created")
    return request


@transaction.atomic
def support_request_accept(*, request: SupportRequest, actor, assignee) -> SupportRequest:
    """Tech support accepts a new request and assigns it to one of its people (often
    themselves). The assignee is given access to the customer and project."""
    access.require(actor, "techsupport.request_accept")
    if assignee is None or not access.can(assignee, "techsupport.request_accept"):
        raise ValidationError(_("Assign the request to an active tech-support person."))
    moved = SupportRequest.objects.filter(pk=request.pk, state=RequestState.NEW).update(
        state=RequestState.ACCEPTED,
        assignee=assignee,
        accepted_by=actor,
        accepted_at=timezone.now(),
    )
    if moved != 1:
        raise ValidationError(_("This request has already been accepted."))
    request.refresh_from_db()
    access.grant(assignee, request.customer)
    if request.project_id:
        access.grant(assignee, request.project)
    return request


@transaction.atomic
def support_request_reassign(
    *, request: SupportRequest, actor, assignee, reason: str = ""
) -> SupportRequest:
    """Tech support hands an accepted (not yet delivered) request to another of its people. The
    new assignee is given access to the customer and project and is e-mailed; the hand-over is
    kept as a SupportRequestReassignment row. The previous assignee keeps their grants (they
    may have other requests for the same customer)."""
    access.require(actor, "techsupport.request_accept")
    if assignee is None or not access.can(assignee, "techsupport.request_accept"):
        raise ValidationError(_("Assign the request to an active tech-support person."))
    previous = request.assignee_id
    if previous == assignee.pk:
        raise ValidationError(
            _("The request is already assigned to %(person)s.") % {"person": assignee}
        )
    # Conditional on the state and the assignee the actor saw: a delivery or another
    # reassignment in between makes this one fail instead of overwriting it.
    moved = SupportRequest.objects.filter(
        pk=request.pk, state=RequestState.ACCEPTED, assignee_id=previous
    ).update(assignee=assignee)
    if moved != 1:
        raise ValidationError(
            _("Only an accepted request that is not yet delivered can be reassigned.")
        )
    SupportRequestReassignment.objects.create(
        request_id=request.pk,
        from_assignee_id=previous,
        to_assignee=assignee,
        reassigned_by=actor,
        reason=(reason or "").strip()[:300],
    )
    request.refresh_from_db()
    access.grant(assignee, request.customer)
    if request.project_id:
        access.grant(assignee, request.project)
    _notify(request.pk, "reassigned")
    return request


@transaction.atomic
def support_request_deliver(
    *, request: SupportRequest, actor, notes: str, files=None
) -> SupportRequest:
    if request.assignee_id != actor.pk:
        raise PermissionDenied(_("Only the person the request is assigned to delivers it."))
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError(_("Describe what was delivered."))
    if len(notes) > bounds.REPORT_MAX:
        raise ValidationError(
            _("Describe the delivery in at most %(count)s characters.")
            % {"count": bounds.REPORT_MAX}
        )
    moved = SupportRequest.objects.filter(
        pk=request.pk, state=RequestState.ACCEPTED, assignee=actor
    ).update(state=RequestState.DELIVERED, delivery_notes=notes, delivered_at=timezone.now())
    if moved != 1:
        raise ValidationError(
            _("Only an accepted request that is not yet delivered can be delivered.")
        )
    request.refresh_from_db()
    _store_files(request=request, files=files, kind=FileKind.DELIVERY, actor=actor)
    _notify(request.pk, "delivered")
    return request


@transaction.atomic
def support_request_rate(
    *, request: SupportRequest, actor, rating, comment: str = ""
) -> SupportRequest:
    if request.requester_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked for the help rates it."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Give a rating from 1 to 5."))
    if len((comment or "").strip()) > bounds.TEXT_MAX:
        raise ValidationError(
            _("A comment has at most %(count)s characters.") % {"count": bounds.TEXT_MAX}
        )
    moved = SupportRequest.objects.filter(
        pk=request.pk, state=RequestState.DELIVERED, requester=actor
    ).update(
        state=RequestState.RATED,
        rating=rating,
        rating_comment=(comment or "").strip(),
        rated_at=timezone.now(),
    )
    if moved != 1:
        current = (
            SupportRequest.objects.filter(pk=request.pk).values_list("state", flat=True).first()
        )
        if current == RequestState.RATED:
            raise ValidationError(_("You have already rated this request."))
        raise ValidationError(_("A request can be rated only after it has been delivered."))
    request.refresh_from_db()
    return request


# --- stage deliverables ----------------------------------------------------------------------


@transaction.atomic
def deliverable_record(
    *,
    actor,
    project: DevelopmentProject,
    stage: str,
    title: str,
    note: str,
    delivered_on: date,
    file=None,
    submission_key: str = "",
) -> StageDeliverable:
    access.require(actor, "techsupport.deliverable_record")
    if not access.allowed(actor, project):
        raise ValidationError(_("This project is unknown or outside your scope."))
    if stage not in {s.value for s in DELIVERABLE_STAGES}:
        raise ValidationError(_("Choose one of the project's deliverable stages."))
    if delivered_on > timezone.localdate():
        raise ValidationError(_("The date of a deliverable cannot be in the future."))
    deliverable = StageDeliverable(
        project=project,
        region_id=project.region_id,
        stage=stage,
        title=(title or "").strip(),
        note=(note or "").strip(),
        delivered_on=delivered_on,
        recorded_by=actor,
    )
    if file:
        deliverable.file = file
        deliverable.file_name = os.path.basename(file.name)[:255]
    deliverable.full_clean()

    def create():
        deliverable.save()
        return deliverable

    return create_once(actor=actor, key=submission_key, create=create)[0]


@transaction.atomic
def deliverable_update(
    *, actor, deliverable: StageDeliverable, title: str, note: str, delivered_on: date, file=None
) -> StageDeliverable:
    """Correct a recorded deliverable: title, note, date, and a new file replacing the old one
    (the old file is removed from storage once the change is committed). The stage and the
    project stay; who edited it last and when are kept."""
    # The access policy's "change" rule: the person who recorded it, or tech support.
    access.require(actor, "techsupport.deliverable_change", deliverable)
    if delivered_on > timezone.localdate():
        raise ValidationError(_("The date of a deliverable cannot be in the future."))
    locked = StageDeliverable.objects.select_for_update().get(pk=deliverable.pk)
    old_file = locked.file.name if (file and locked.file) else ""
    locked.title = (title or "").strip()
    locked.note = (note or "").strip()
    locked.delivered_on = delivered_on
    if file:
        locked.file = file
        locked.file_name = os.path.basename(file.name)[:255]
    locked.edited_by = actor
    locked.edited_at = timezone.now()
    locked.full_clean()
    locked.save()
    if old_file and old_file != locked.file.name:
        storage = locked.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return locked


# --- technical library -----------------------------------------------------------------------


@transaction.atomic
def library_item_save(
    *, actor, values: dict, file=None, instance: LibraryItem | None = None, submission_key=""
) -> LibraryItem:
    """Create (instance=None) or update one library entry; a new file replaces the old one."""
    access.require(actor, "techsupport.library_write")
    item = instance or LibraryItem()
    for field, value in values.items():
        setattr(item, field, value.strip() if isinstance(value, str) else value)
    if file:
        item.file = file
        item.file_name = os.path.basename(file.name)[:255]
    item.updated_by = actor
    item.full_clean()
    if instance is not None:
        item.save()
        return item

    def create():
        item.save()
        return item

    return create_once(actor=actor, key=submission_key, create=create)[0]
