from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import error_messages

from .forms import DecisionForm
from .models import Decision, State
from .selectors import (
    approval_chain,
    approval_get_for_user,
    approval_mine,
    approval_queue,
    approval_steps,
)
from .services import approval_can_decide, approval_decide, approval_submit

PAGE_SIZE = 25


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # only a path on this site: anything else would be read by redirect() as a view name
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


@login_required
def queue(request):
    page = Paginator(approval_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/queue.html",
        {"page": page, "form": DecisionForm(), "Decision": Decision},
    )


@login_required
def mine(request):
    page = Paginator(approval_mine(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "approvals/mine.html", {"page": page})


@login_required
def request_detail(request, pk: int):
    approval = approval_get_for_user(user=request.user, pk=pk)
    steps = list(approval_steps(request=approval))
    return render(
        request,
        "approvals/request_detail.html",
        {
            "approval": approval,
            "steps": steps,
            "chain": approval_chain(request=approval, steps=steps),
            "can_decide": approval_can_decide(user=request.user, request=approval),
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def request_decide(request, pk: int):
    approval = approval_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    fallback = approval.url or "approvals:queue"
    if not form.is_valid():
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
        for message in exc.messages:
            messages.error(request, message)
    else:
        if approval.state == State.SUBMITTED:
            # A step of a chain approved: the document moved on to the next approver.
            messages.success(
                request,
                _("%(title)s: approved; now at %(step)s, waiting for %(role)s.")
                % {
                    "title": approval.display_title,
                    "step": approval.step_label,
                    "role": approval.get_approver_role_display(),
                },
            )
        else:
            messages.success(
                request,
                _("%(title)s: %(state)s.")
                % {"title": approval.display_title, "state": approval.get_state_display()},
            )
    if request.htmx:
        return render(
            request,
            "approvals/_queue_row.html",
            {"item": approval, "form": DecisionForm(), "decided": True},
        )
    return redirect(_safe_next(request, fallback))


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
