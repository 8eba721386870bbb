"""E-mails of technical support: tech support hears of a new request, the new assignee of a
reassignment, the requester of its delivery. Each recipient reads the mail in their own language."""

import access
from core.mail import mail_people

from .models import RequestState, SupportRequest


def support_request_notify(*, request_id: int, event: str) -> int:
    """Send the e-mails for one event; returns how many were sent. Idempotent enough for a
    retried task: it sends only while the request is still in the state the event announces."""
    request = (
        SupportRequest.objects.select_related("customer", "requester", "assignee")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    if event == "created" and request.state == RequestState.NEW:
        recipients = list(access.people_who_can("techsupport.request_accept").exclude(email=""))
        template = "techsupport/email_created.txt"
    elif event == "reassigned" and request.state == RequestState.ACCEPTED:
        # To whoever holds the request now (a second quick hand-over mails the latest holder).
        recipients = [request.assignee] if request.assignee and request.assignee.email else []
        template = "techsupport/email_reassigned.txt"
    elif event == "delivered" and request.state == RequestState.DELIVERED:
        recipients = [request.requester] if request.requester.email else []
        template = "techsupport/email_delivered.txt"
    else:
        return 0
    handover = (
        request.reassignments.select_related("from_assignee", "reassigned_by")
        .order_by("-reassigned_at", "-pk")
        .first()
        if event == "reassigned"
        else None
    )
    return mail_people(recipients, template, {"request": request, "handover": handover})
