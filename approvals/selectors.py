"""Reads of the approval mechanism, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

import access
from regions.roles import FRONT_END_ROLES, Role

from .models import ApprovalRequest, ApprovalStep, State
from .registry import handler_for


def waiting_for_q(user) -> Q:
    """Approvals this person is the approver of (regardless of state)."""
    if not user.is_authenticated or not user.role:
        return Q(pk__in=[])
    # A front-end approver (region manager, rep) is always routed with a region, every other
    # approver without one (services.authority_resolve; the "approval_region_matches_role"
    # constraint holds the database to it). So each person's queue is one equality per column,
    # which the queue index serves newest-first without reading the whole queue.
    if user.role in FRONT_END_ROLES:
        if not user.region_id:
            return Q(pk__in=[])
        mine = Q(approver_role=user.role, approver_region_id=user.region_id)
    else:
        mine = Q(approver_role=user.role, approver_region__isnull=True)
    return mine & ~Q(submitter_id=user.pk)


def approval_request_scope_extra(user, action):
    """Approvers see what is routed to them; used by the ApprovalRequest access policy."""
    if action == "view":
        return waiting_for_q(user)
    return None


def approval_queue(*, user, document_type: str | None = None) -> QuerySet[ApprovalRequest]:
    """The "waiting for me" queue, newest first, optionally of one document type. Three joins,
    one query whatever its length."""
    queue = access.visible(user, ApprovalRequest).filter(waiting_for_q(user), state=State.SUBMITTED)
    if document_type:
        queue = queue.filter(document_type=document_type)
    return queue.select_related("submitter", "region").order_by("-submitted_at", "-pk")


def approval_queue_counts(*, user) -> dict[str, int]:
    """How many documents of each type wait for this person (one query)."""
    rows = (
        access.visible(user, ApprovalRequest)
        .filter(waiting_for_q(user), state=State.SUBMITTED)
        .order_by()
        .values("document_type")
        .annotate(n=Count("pk"))
    )
    return {row["document_type"]: row["n"] for row in rows}


def approval_previews(*, items, user) -> None:
    """Give each queue item its document's preview (`item.preview`, a dict, or None, and
    `item.preview_template`), from its handler's preview_many: per document type on the page,
    one query for the documents and what the handler reads for all of them — never a query per
    item. Types whose handler has no preview cost nothing."""
    by_type: dict[str, list[ApprovalRequest]] = {}
    for item in items:
        item.preview = None
        by_type.setdefault(item.document_type, []).append(item)
    for key, group in by_type.items():
        try:
            handler = handler_for(key)
        except KeyError:
            continue
        if not handler.has_preview:
            continue
        documents = handler.preview_queryset().in_bulk([item.object_id for item in group])
        previews = handler.preview_many(list(documents.values()), user)
        for item in group:
            item.preview = previews.get(item.object_id)
            item.preview_template = handler.preview_template


def approval_selected(*, user, pks) -> dict[int, ApprovalRequest]:
    """The approvals among `pks` this person may see (one query), by pk."""
    return (
        access.visible(user, ApprovalRequest)
        .select_related("submitter", "region")
        .in_bulk(list(pks))
    )


def approval_queue_count(*, user) -> int:
    if not user.is_authenticated or not user.role:
        return 0
    return ApprovalRequest.objects.filter(waiting_for_q(user), state=State.SUBMITTED).count()


def approval_mine(*, user) -> QuerySet[ApprovalRequest]:
    return (
        ApprovalRequest.objects.filter(submitter=user)
        .exclude(state=State.DRAFT)
        .select_related("decided_by", "region")
        .order_by("-submitted_at", "-pk")
    )


def approval_recent_decisions(*, user, limit: int = 5) -> list[ApprovalRequest]:
    return list(
        ApprovalRequest.objects.filter(submitter=user, decided_at__isnull=False)
        .select_related("decided_by")
        .order_by("-decided_at")[:limit]
    )


def approval_steps(*, request: ApprovalRequest) -> QuerySet[ApprovalStep]:
    return request.steps.select_related("actor").order_by("at", "pk")


@dataclass
class ChainStep:
    """One step of a request's approval chain, for its page."""

    number: int
    role: str  # the approver role's label; "" if the authority table no longer names one
    region: object | None
    decided: ApprovalStep | None  # the decision taken at this step in the current round
    current: bool


def approval_chain(*, request: ApprovalRequest, steps: list[ApprovalStep]) -> list[ChainStep]:
    """The steps of the request's chain in its current round (since its last submission): who
    decided each, which one waits, and whom the later ones will go to. `steps` is the request's
    history (approval_steps); reading the later steps' approvers costs one query."""
    if request.step_count <= 1 or request.state == State.DRAFT:
        return []
    from .services import authority_chain, authority_escalate

    decisions: dict[int, ApprovalStep] = {}
    for step in steps:
        if step.to_state == State.SUBMITTED and step.from_state != State.SUBMITTED:
            decisions = {}  # a (re)submission starts a new round
        elif step.from_state == State.SUBMITTED:
            decisions[step.step] = step
    later: list[str] = []
    if request.state == State.SUBMITTED and request.step < request.step_count:
        try:
            later = authority_chain(
                document_type=request.document_type, region=request.region, amount=request.amount
            )
        except ValidationError:
            later = []
    labels = dict(Role.choices)
    result = []
    for number in range(1, request.step_count + 1):
        decided = decisions.get(number)
        current = request.state == State.SUBMITTED and number == request.step
        role, region = "", None
        if decided is not None:
            role = decided.approver_role
        elif current:
            role, region = request.approver_role, request.approver_region
        elif number > request.step and number <= len(later):
            try:
                role, region = authority_escalate(
                    later[number - 1], region=request.region, submitter=request.submitter
                )
            except ValidationError:
                role = ""
        result.append(
            ChainStep(
                number=number,
                role=str(labels.get(role, role)),
                region=region,
                decided=decided,
                current=current,
            )
        )
    return result


def approval_get_for_user(*, user, pk) -> ApprovalRequest:
    return access.get_for_user(
        user,
        ApprovalRequest.objects.select_related(
            "submitter", "region", "decided_by", "approver_region"
        ),
        pk=pk,
    )
