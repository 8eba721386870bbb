"""E-mails sent when a document lands in someone's queue or is decided. Each recipient reads
it in their own language."""

from core.mail import mail_people
from regions.models import User

from .models import ApprovalRequest, State


def approvers_of(request: ApprovalRequest):
    people = User.objects.filter(is_active=True, role=request.approver_role).exclude(
        pk=request.submitter_id
    )
    if request.approver_region_id:
        people = people.filter(region_id=request.approver_region_id)
    return people.exclude(email="")


def approval_notify(*, request_id: int, event: str) -> int:
    """Send the e-mails for one event; returns how many were sent."""
    request = ApprovalRequest.objects.select_related("submitter", "decided_by").get(pk=request_id)
    if event == "submitted" and request.state == State.SUBMITTED:
        recipients = list(approvers_of(request))
        template = "approvals/email_submitted.txt"
    elif event == "decided" and request.state != State.SUBMITTED:
        recipients = [request.submitter] if request.submitter.email else []
        template = "approvals/email_decided.txt"
    else:
        return 0
    return mail_people(recipients, template, {"request": request})
