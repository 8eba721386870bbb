from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from core.forms import add_service_errors, error_messages

from .forms import BulkApproveForm, DecisionForm, QueueFilterForm
from .models import Decision, State
from .registry import document_types
from .selectors import (
    approval_chain,
    approval_get_for_user,
    approval_mine,
    approval_previews,
    approval_queue,
    approval_queue_counts,
    approval_selected,
    approval_steps,
)
from .services import (
    approval_approve_many,
    approval_can_decide,
    approval_decide,
    approval_submit,
)

PAGE_SIZE = 25
# The event an inline decision sends (HX-Trigger) with the queue's counts; static/js/app.js
# updates the menu badge and the queue page's count from it.
QUEUE_CHANGED = "approvals-queue-changed"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # only a path on this site: anything else would be read by redirect() as a view name
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


def _type_choices(counts: dict[str, int], current: str) -> list[tuple[str, str]]:
    """The document types in the person's queue (and the one chosen), with their counts."""
    handlers = document_types()
    keys = sorted(set(counts) | ({current} if current in handlers else set()))
    return [
        (key, f"{handlers[key].label if key in handlers else key} ({counts.get(key, 0)})")
        for key in keys
    ]


@login_required
def queue(request):
    counts = approval_queue_counts(user=request.user)
    requested = request.GET.get("type", "")
    filters = QueueFilterForm(request.GET, choices=_type_choices(counts, requested))
    document_type = filters.document_type
    page = Paginator(
        approval_queue(user=request.user, document_type=document_type or None), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    approval_previews(items=page.object_list, user=request.user)
    return render(
        request,
        "approvals/queue.html",
        {
            "page": page,
            "filters": filters,
            "document_type": document_type,
            "total": sum(counts.values()),
            "form": DecisionForm(),
            "Decision": Decision,
        },
    )


@login_required
def mine(request):
    page = Paginator(approval_mine(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "approvals/mine.html", {"page": page})


@login_required
def request_detail(request, pk: int):
    approval = approval_get_for_user(user=request.user, pk=pk)
    steps = list(approval_steps(request=approval))
    can_decide = approval_can_decide(user=request.user, request=approval)
    if can_decide:
        approval_previews(items=[approval], user=request.user)
    return render(
        request,
        "approvals/request_detail.html",
        {
            "approval": approval,
            "steps": steps,
            "chain": approval_chain(request=approval, steps=steps),
            "can_decide": can_decide,
            "form": DecisionForm(),
        },
    )


def _decided_message(approval) -> str:
    if approval.state == State.SUBMITTED:
        # A step of a chain approved: the document moved on to the next approver.
        return _("%(title)s: approved; now at %(step)s, waiting for %(role)s.") % {
            "title": approval.display_title,
            "step": approval.step_label,
            "role": approval.get_approver_role_display(),
        }
    return _("%(title)s: %(state)s.") % {
        "title": approval.display_title,
        "state": approval.get_state_display(),
    }


def _queue_item(request, pk: int, *, form=None, message: str = ""):
    """The queue item as it is now, for an inline (htmx) decision: its preview, the decision
    form again while the person may still decide it (with `form`'s errors beside it and the
    reason kept), the outcome's message inside the item — never in the session, where it
    would show on some later page — and the queue's new counts for the badge and the page."""
    approval = approval_get_for_user(user=request.user, pk=pk)
    can_decide = approval_can_decide(user=request.user, request=approval)
    if can_decide:
        approval_previews(items=[approval], user=request.user)
    errors = []
    if form is not None:
        # The reason's error shows beside the reason field while the form is there.
        errors = [
            str(error)
            for name, field_errors in form.errors.items()
            if not (can_decide and name == "reason")
            for error in field_errors
        ]
    response = render(
        request,
        "approvals/_queue_row.html",
        {
            "item": approval,
            "form": form if form is not None and can_decide else DecisionForm(),
            "errors": errors,
            "decided": not can_decide,
            "message": message,
            "htmx_row": True,
            "next": _safe_next(request, reverse("approvals:queue")),
        },
    )
    counts = approval_queue_counts(user=request.user)
    return trigger_client_event(
        response, QUEUE_CHANGED, {"badge": "queue", "total": sum(counts.values()), "types": counts}
    )


@login_required
@require_POST
def request_decide(request, pk: int):
    approval = approval_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    fallback = approval.url or "approvals:queue"
    if not form.is_valid():
        if request.htmx:
            return _queue_item(request, pk, form=form)
        for message in error_messages(form):
            messages.error(request, message)
        return redirect(_safe_next(request, approval.get_absolute_url()))
    try:
        approval = approval_decide(
            request=approval,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            step=form.cleaned_data["step"],
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        if request.htmx:
            add_service_errors(form, exc)
            return _queue_item(request, pk, form=form)
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_safe_next(request, fallback))
    if request.htmx:
        return _queue_item(request, pk, message=_decided_message(approval))
    messages.success(request, _decided_message(approval))
    return redirect(_safe_next(request, fallback))


@login_required
@require_POST
def bulk_approve(request):
    """ "Approve selected" on the queue: each ticked item approved as its own decision; the ones
    that cannot be are named with the reason and stay in the queue. Back to the queue (the
    same filter and page), where the messages show."""
    target = _safe_next(request, reverse("approvals:queue"))
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
        return redirect(target)
    selection = form.cleaned_data["item"]
    found = approval_selected(user=request.user, pks=[pk for pk, _step in selection])
    outcome = approval_approve_many(
        actor=request.user,
        selection=[(found[pk], step) for pk, step in selection if pk in found],
    )
    decided = len(outcome.approved) + len(outcome.moved_on)
    if decided:
        text = ngettext(
            "%(count)s document approved.", "%(count)s documents approved.", decided
        ) % {"count": decided}
        if outcome.moved_on:
            text += " " + ngettext(
                "%(count)s of them goes on to the next step of its approval.",
                "%(count)s of them go on to the next step of their approval.",
                len(outcome.moved_on),
            ) % {"count": len(outcome.moved_on)}
        messages.success(request, text)
    for approval, reason in outcome.refused:
        messages.error(
            request,
            _("%(title)s: not approved — %(reason)s")
            % {"title": approval.display_title, "reason": reason},
        )
    unknown = len(selection) - len(found)
    if unknown:
        messages.error(
            request,
            ngettext(
                "%(count)s selected document is not waiting for you.",
                "%(count)s selected documents are not waiting for you.",
                unknown,
            )
            % {"count": unknown},
        )
    return redirect(target)


@login_required
@require_POST
def request_submit(request, pk: int):
    approval = approval_get_for_user(user=request.user, pk=pk)
    if approval.submitter_id != request.user.pk:
        raise PermissionDenied
    try:
        approval_submit(document=approval.document, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Submitted for approval."))
    return redirect(_safe_next(request, approval.url or "approvals:mine"))
