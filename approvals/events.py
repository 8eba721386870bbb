"""Audit writers. Called inside the transition's transaction by approvals.services only."""

from django.utils import timezone

from .models import ApprovalRequest, ApprovalStep


def approval_step_event(
    *, request: ApprovalRequest, actor, from_state: str, to_state: str, reason: str = ""
) -> ApprovalStep:
    return ApprovalStep.objects.create(
        request=request,
        actor=actor,
        at=timezone.now(),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        amount=request.amount,
        approver_role=request.approver_role,
        step=request.step,
    )
