"""E-mails sent when a document lands in someone's queue or is decided. Each recipient reads
it in their own language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

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
    sent = 0
    for person in recipients:
        with translation.override(person.language):
            body = render_to_string(
                template, {"request": request, "person": person, "site_url": settings.SITE_URL}
            )
            subject, _, text = body.strip().partition("\n")
            sent += send_mail(subject.strip(), text.strip(), None, [person.email])
    return sent
