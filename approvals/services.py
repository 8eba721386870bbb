"""Writes of the approval mechanism. Each transition is one transaction that locks the
approval row, mirrors the new state onto the document's own status field (if its type declares
one), runs the document type's hook, changes the state (and step) with a conditional UPDATE
(exactly one row, or the transition is refused) and writes its audit step.

Reads of the authority table are here too (authority_chain, authority_resolve,
authority_covers), so that there is one reading of it.

Measured on this project's machines: a plain get-check-save let 8 of 8 simultaneous approvers
"approve" the same document; the row lock plus conditional update lets exactly one through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bounds
from regions.roles import FRONT_END_ROLES, role_above

from .events import approval_step_event
from .models import (
    DECISION_STATE,
    EDITABLE_STATES,
    ApprovalRequest,
    AuthorityRule,
    Decision,
    State,
    format_amount,
)
from .registry import ApprovalHandler, handler_for, handler_for_model, unit_for
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


def _authority_rules(*, document_type: str, region) -> list[AuthorityRule]:
    region_match = Q(region__isnull=True)
    if region is not None:
        region_match |= Q(region=region)
    return list(AuthorityRule.objects.filter(region_match, document_type=document_type))


def _nobody(document_type: str, value: Decimal) -> ValidationError:
    return ValidationError(
        _(
            "Nobody is set up to approve this document (%(type)s, %(amount)s). "
            "Ask an administrator to add a rule to the authority table."
        )
        % {"type": document_type, "amount": format_amount(value, unit_for(document_type))}
    )


def authority_chain(*, document_type: str, region, amount) -> list[str]:
    """The approver role of each step of the document's chain, in step order, from the
    authority table (one query). This is the one reading of the table:

    - for each step number the type has rules for, the narrowest band that covers the amount
      wins (an empty "up to" covers every amount);
    - a region's own rule wins over a company-wide rule of the same band;
    - a company-wide rule naming a front-end role (region manager, rep) does not apply to a
      document without a region (a department's claim goes to the next band up).

    Refuses (ValidationError) when a step, or the whole type, has no rule covering the amount.
    The roles are before the no-self-approval escalation (authority_resolve does that)."""
    value = amount if amount is not None else Decimal("0")
    by_step: dict[int, list[AuthorityRule]] = {}
    for rule in _authority_rules(document_type=document_type, region=region):
        if region is None and rule.approver_role in FRONT_END_ROLES:
            continue
        by_step.setdefault(rule.step, []).append(rule)
    chain = []
    for step in sorted(by_step):
        candidates = [r for r in by_step[step] if r.amount_up_to is None or r.amount_up_to >= value]
        if not candidates:
            raise _nobody(document_type, value)
        candidates.sort(
            key=lambda r: (r.amount_up_to is None, r.amount_up_to or 0, r.region_id is None)
        )
        chain.append(candidates[0].approver_role)
    if not chain:
        raise _nobody(document_type, value)
    return chain


def authority_escalate(role: str, *, region, submitter) -> tuple[str, object]:
    """The role itself, or one level up the reporting line while the submitter holds it."""
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


def authority_resolve(
    *, document_type: str, region, amount, submitter, step: int = 1
) -> tuple[str, object]:
    """(approver role, approver region or None) for one step (1-based) of the document's chain.

    The role is the authority table's (authority_chain). If the submitter holds it themselves,
    the approval goes one level up the reporting line, so nobody approves their own document."""
    chain = authority_chain(document_type=document_type, region=region, amount=amount)
    if step > len(chain):
        raise ValidationError(
            _(
                "The authority table has no step %(step)s for this document any more. Ask an "
                "administrator, or return the document."
            )
            % {"step": step}
        )
    return authority_escalate(chain[step - 1], region=region, submitter=submitter)


def role_covers(held: str | None, needed: str) -> bool:
    """Whether a person holding `held` is at or above `needed` on the reporting line
    (regions.roles.ESCALATION; a role off the line reports to the director)."""
    role = needed
    while role and held:
        if role == held:
            return True
        role = role_above(role)
    return False


def authority_covers(*, actor, document_type: str, region, amount) -> bool:
    """Whether the actor's own authority covers a document of this type, region and amount, so
    it needs no approval: their role is at or above the role the authority table names for the
    first step of its chain. Superusers are always covered. The actor's region is not compared:
    callers only let people act on documents of regions they may see.

    Refuses (ValidationError) as authority_chain does when no rule covers the amount."""
    if actor.is_superuser:
        return True
    chain = authority_chain(document_type=document_type, region=region, amount=amount)
    return role_covers(actor.role, chain[0])


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


def _mirror(handler: ApprovalHandler, document, *, from_state: str, to_state: str) -> None:
    """Move the document's own status field (handler.state_field) from the value of the
    approval state it leaves to the value of the one it enters: one conditional UPDATE, exactly
    one row, or the transition is refused. Runs inside the transition's transaction, before the
    hook, so the hook sees the document locked and in its new state. An approval that only
    moves to the next step of a chain "moves" submitted to submitted: that still checks, and
    locks, the document."""
    field = handler.state_field
    if not field:
        return
    old, new = handler.state_value(from_state), handler.state_value(to_state)
    rows = handler.model._default_manager.filter(pk=document.pk, **{field: old})
    try:
        # A savepoint, so that a constraint refusing the new value (one open price adjustment
        # per quote) refuses the transition with a message instead of breaking the transaction.
        with transaction.atomic():
            changed = rows.update(**{field: new})
    except IntegrityError:
        raise ValidationError(
            handler.state_conflict_message or _("This document changed meanwhile; reload the page.")
        ) from None
    if changed != 1:
        raise ValidationError(_("This document changed meanwhile; reload the page."))
    setattr(document, field, new)


def approval_submit(*, document, actor) -> ApprovalRequest:
    """Draft or returned → submitted, at step 1 of the chain, to the approver the authority
    table gives."""
    handler = handler_for_model(type(document))
    with transaction.atomic():
        request = _lock(document)
        if request.state not in EDITABLE_STATES:
            raise ValidationError(_("This document has already been submitted."))
        if actor.pk != request.submitter_id:
            raise PermissionDenied(_("Only the person who drafted this document can submit it."))
        _mirror(handler, document, from_state=request.state, to_state=State.SUBMITTED)
        handler.on_submit(document, actor)
        snapshot = _snapshot(handler, document)
        chain = authority_chain(
            document_type=handler.key, region=snapshot["region"], amount=snapshot["amount"]
        )
        role, approver_region = authority_escalate(
            chain[0], region=snapshot["region"], submitter=actor
        )
        changed = ApprovalRequest.objects.filter(pk=request.pk, state=request.state).update(
            state=State.SUBMITTED,
            step=1,
            step_count=len(chain),
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
    *, request: ApprovalRequest, actor, decision: str, reason: str = "", step: int | None = None
) -> ApprovalRequest:
    """Submitted → approved / rejected / returned, exactly once per step.

    Approving a step before the last moves the request on to the next step (state stays
    submitted; the next approver is resolved now, with the same no-self-approval rule) and
    does not run the handler's on_approve; approving the last step approves the document.
    Rejecting or returning at any step ends the chain (a resubmission starts again at step 1).

    The decision is for the step the approver saw: `step` (from the page), else the given
    request's. If the request has moved on meanwhile, the decision is refused. Returns the
    request as it is afterwards.
    """
    reason = (reason or "").strip()
    if decision not in DECISION_STATE:
        raise ValidationError(_("Unknown decision."))
    if decision in (Decision.REJECT, Decision.RETURN) and not reason:
        raise ValidationError({"reason": _("Give a reason when you reject or return a document.")})
    if len(reason) > bounds.NOTE_MAX:
        raise ValidationError(
            {"reason": _("A reason has at most %(count)s characters.") % {"count": bounds.NOTE_MAX}}
        )
    with transaction.atomic():
        locked = _lock(request)
        if locked.state != State.SUBMITTED:
            raise ValidationError(
                _("This document has already been decided: %(state)s.")
                % {"state": locked.get_state_display()}
            )
        if (step if step is not None else request.step) != locked.step:
            # The page the approver decided on showed an earlier step, decided meanwhile.
            raise ValidationError(_("This step has already been decided; reload the page."))
        if not approval_can_decide(user=actor, request=locked):
            raise PermissionDenied(_("You are not the approver of this document."))
        handler = handler_for(locked.document_type)
        document = locked.document
        if decision == Decision.APPROVE and locked.step < locked.step_count:
            return _approve_step(handler, document, locked, actor=actor, reason=reason)
        new_state = DECISION_STATE[decision]
        _mirror(handler, document, from_state=State.SUBMITTED, to_state=new_state)
        hook = {
            Decision.APPROVE: handler.on_approve,
            Decision.REJECT: handler.on_reject,
            Decision.RETURN: handler.on_return,
        }[decision]
        hook(document, actor)
        changed = ApprovalRequest.objects.filter(
            pk=locked.pk, state=State.SUBMITTED, step=locked.step
        ).update(state=new_state, decided_at=timezone.now(), decided_by=actor, last_reason=reason)
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


@dataclass
class BulkOutcome:
    """What approving several documents at once did: each one decided, or refused and why."""

    approved: list[ApprovalRequest] = field(default_factory=list)  # the document approved
    moved_on: list[ApprovalRequest] = field(default_factory=list)  # on to the chain's next step
    refused: list[tuple[ApprovalRequest, str]] = field(default_factory=list)


def approval_approve_many(*, actor, selection) -> BulkOutcome:
    """Approve several requests, each as its own decision: approval_decide, with its own
    transaction, row lock, hook and audit step, for the step the approver saw. `selection` is
    [(request, step or None), …]. A request that cannot be approved — over budget by now,
    decided meanwhile by someone else, at another step, not the actor's to decide — is left
    as it is and reported with the reason; the others are approved."""
    outcome = BulkOutcome()
    for request, step in selection:
        try:
            decided = approval_decide(
                request=request, actor=actor, decision=Decision.APPROVE, step=step
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                reason = " ".join(exc.messages)
            else:
                reason = str(exc) or _("You are not the approver of this document.")
            outcome.refused.append((request, reason))
        else:
            if decided.state == State.SUBMITTED:
                outcome.moved_on.append(decided)
            else:
                outcome.approved.append(decided)
    return outcome


def _approve_step(handler, document, locked: ApprovalRequest, *, actor, reason: str):
    """Step k of n (k < n) approved: on to step k + 1. Called inside approval_decide's
    transaction with the approval row locked."""
    step = locked.step
    role, approver_region = authority_resolve(
        document_type=locked.document_type,
        region=locked.region,
        amount=locked.amount,
        submitter=locked.submitter,
        step=step + 1,
    )
    _mirror(handler, document, from_state=State.SUBMITTED, to_state=State.SUBMITTED)
    changed = ApprovalRequest.objects.filter(pk=locked.pk, state=State.SUBMITTED, step=step).update(
        step=step + 1, approver_role=role, approver_region=approver_region, last_reason=reason
    )
    if changed != 1:
        raise ValidationError(_("This document has already been decided."))
    # The audit row names the step decided and the role that decided it.
    approval_step_event(
        request=locked,
        actor=actor,
        from_state=State.SUBMITTED,
        to_state=State.SUBMITTED,
        reason=reason,
    )
    locked.refresh_from_db()
    _notify(locked, "submitted")
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
