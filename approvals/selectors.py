"""Reads of the approval mechanism, always through the access layer."""

from django.db.models import Q, QuerySet

import access
from regions.roles import FRONT_END_ROLES

from .models import ApprovalRequest, ApprovalStep, State


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


def approval_queue(*, user) -> QuerySet[ApprovalRequest]:
    """The "waiting for me" queue, newest first. Three joins, one query whatever its length."""
    return (
        access.visible(user, ApprovalRequest)
        .filter(waiting_for_q(user), state=State.SUBMITTED)
        .select_related("submitter", "region")
        .order_by("-submitted_at", "-pk")
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


def approval_get_for_user(*, user, pk) -> ApprovalRequest:
    return access.get_for_user(
        user, ApprovalRequest.objects.select_related("submitter", "region", "decided_by"), pk=pk
    )
