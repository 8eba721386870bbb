from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.excel import workbook_bytes, xlsx_response
from core.forms import add_service_errors, flash_errors
from customers.models import Customer

from . import selectors, services
from .forms import EntryForm, PlanItemForm, PublishForm
from .models import Entry, Kind

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _month(value: str | None, default: date | None = None) -> date:
    """A month from "YYYY-MM" (the current month when empty or malformed)."""
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return (default or timezone.localdate()).replace(day=1)


# --- forms -----------------------------------------------------------------------------------


@login_required
def form_list(request):
    access.require(request.user, "information.forms_view")
    status = request.GET.get("status", "")
    status = status if status in selectors.STATUS_FILTERS else ""
    month_text = request.GET.get("month", "")
    month = _month(month_text) if month_text else None
    mine = request.GET.get("mine") == "1"
    qs = selectors.form_list(user=request.user, status=status, month=month, mine=mine)
    return render(
        request,
        "information/form_list.html",
        {
            "page": _page(request, qs),
            "status": status,
            "month": month,
            "mine": mine,
            "today": timezone.localdate(),
            "event_items": selectors.event_plan_items(user=request.user),
            "can_event": access.can(request.user, "information.event_report"),
        },
    )


def _customers(user):
    return access.visible(user, Customer).order_by("name")


@login_required
def form_detail(request, pk: int):
    form_row = selectors.form_get_for_user(user=request.user, pk=pk)
    may_fill = access.can(request.user, "information.form_fill", form_row)
    entry_form = None
    if may_fill:
        entry_form = EntryForm(
            request.POST or None, kind=form_row.kind, customers=_customers(request.user)
        )
        if request.method == "POST":
            if entry_form.is_valid():
                try:
                    services.entry_add(
                        actor=request.user,
                        form=form_row,
                        values=entry_form.cleaned_data,
                        key=entry_form.cleaned_data.get("submission_key", ""),
                    )
                except ValidationError as exc:
                    add_service_errors(entry_form, exc)
                    flash_errors(request, exc)
                else:
                    messages.success(request, _("Information saved; the form is handed in."))
                    return redirect(form_row.get_absolute_url())
            else:
                flash_errors(request, entry_form)
    elif request.method == "POST":
        access.require(request.user, "information.form_fill", form_row)
    return render(
        request,
        "information/form_detail.html",
        {
            "form_row": form_row,
            "entries": selectors.form_entries(user=request.user, form=form_row),
            "entry_form": entry_form,
            "may_fill": may_fill,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def form_nothing(request, pk: int):
    form_row = selectors.form_get_for_user(user=request.user, pk=pk)
    try:
        services.form_nothing_to_report(actor=request.user, form=form_row)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Handed in with nothing to report."))
    return redirect(form_row.get_absolute_url())


@login_required
@require_POST
def event_report(request, pk: int):
    item = selectors.plan_item_get_for_user(user=request.user, pk=pk)
    try:
        form_row = services.event_form_open(actor=request.user, plan_item=item)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("information:form-list")
    return redirect(form_row.get_absolute_url())


@login_required
def lateness(request):
    access.require(request.user, "information.lateness_view")
    today = timezone.localdate()
    month_to = _month(request.GET.get("to"), today)
    month_from = _month(request.GET.get("from"), month_to)
    if month_from > month_to:
        month_from = month_to
    rows = selectors.lateness_table(user=request.user, month_from=month_from, month_to=month_to)
    return render(
        request,
        "information/lateness.html",
        {"rows": rows, "month_from": month_from, "month_to": month_to},
    )


# --- the plan --------------------------------------------------------------------------------


@login_required
def plan_list(request):
    return render(
        request,
        "information/plan_list.html",
        {
            "page": _page(request, selectors.plan_list(user=request.user)),
            "can_edit": access.can(request.user, "information.plan_edit"),
        },
    )


def _plan_form(request, item=None):
    access.require(request.user, "information.plan_edit")
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if item is not None:
                item.refresh_from_db()
            try:
                services.plan_item_save(
                    actor=request.user,
                    values=values,
                    recipients=form.cleaned_data["recipients"],
                    instance=item,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Information plan saved."))
                return redirect("information:plan-list")
        else:
            flash_errors(request, form)
    return render(request, "information/plan_form.html", {"form": form, "item": item})


@login_required
def plan_create(request):
    return _plan_form(request)


@login_required
def plan_edit(request, pk: int):
    return _plan_form(request, selectors.plan_item_get_for_user(user=request.user, pk=pk))


# --- consolidation and digests ---------------------------------------------------------------


@login_required
def consolidation(request):
    access.require(request.user, "information.consolidate")
    month = _month(request.GET.get("month"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    qs = selectors.entries_of_month(user=request.user, month=month, kind=kind)
    return render(
        request,
        "information/consolidation.html",
        {
            "page": _page(request, qs),
            "month": month,
            "kind": kind,
            "kinds": Kind.choices,
            "intake": selectors.month_intake(user=request.user, month=month),
            "publish_form": PublishForm(
                initial={"title": _("Intelligence digest %(month)s") % {"month": f"{month:%Y-%m}"}}
            ),
        },
    )


@login_required
@require_POST
def entries_mark(request):
    access.require(request.user, "information.consolidate")
    ids = [value for value in request.POST.getlist("entry") if value.isdigit()][:200]
    entries = access.visible(request.user, Entry).filter(pk__in=ids)
    marked = request.POST.get("mark") != "0"
    count = services.entries_mark(actor=request.user, entries=entries, for_analysis=marked)
    messages.success(request, _("%(count)s entries updated.") % {"count": count})
    return redirect(_consolidation_url(request.POST.get("month")))


def _consolidation_url(month_text: str | None) -> str:
    return f"{reverse('information:consolidation')}?month={_month(month_text):%Y-%m}"


@login_required
@require_POST
def digest_publish(request):
    access.require(request.user, "information.consolidate")
    month = _month(request.POST.get("month"))
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            digest = services.digest_publish(
                actor=request.user,
                month=month,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                key=form.cleaned_data.get("submission_key", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Digest published."))
            return redirect(digest.get_absolute_url())
    else:
        flash_errors(request, form)
    return redirect(_consolidation_url(request.POST.get("month")))


@login_required
def digest_list(request):
    return render(
        request,
        "information/digest_list.html",
        {"page": _page(request, selectors.digest_list(user=request.user))},
    )


@login_required
def digest_detail(request, pk: int):
    digest = selectors.digest_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "information/digest_detail.html",
        {"digest": digest, "entries": selectors.digest_entries(digest=digest)},
    )


@login_required
def digest_excel(request, pk: int):
    digest = selectors.digest_get_for_user(user=request.user, pk=pk)
    headers = [
        _("Kind"),
        _("Reported on"),
        _("Headline"),
        _("Details"),
        _("Customer"),
        _("Competitor"),
        _("Price per piece (CNY)"),
        _("Figure"),
        _("Value"),
        _("Source"),
        _("Reported by"),
    ]
    rows = [
        [
            entry.get_kind_display(),
            entry.reported_on,
            entry.title,
            entry.body,
            str(entry.customer or ""),
            entry.competitor,
            entry.competitor_price.price if entry.competitor_price else None,
            entry.metric,
            entry.value,
            entry.source,
            str(entry.author),
        ]
        for entry in selectors.digest_entries(digest=digest)
    ]
    content = workbook_bytes(
        title=f"{digest.month:%Y-%m}",
        headers=headers,
        rows=rows,
        widths=[18, 12, 40, 60, 20, 20, 14, 20, 14, 20, 16],
    )
    return xlsx_response(filename=f"digest-{digest.month:%Y-%m}.xlsx", content=content)


@login_required
def search(request):
    access.require(request.user, "information.search")
    q = request.GET.get("q", "").strip()[:100]
    results = selectors.intelligence_search(user=request.user, q=q) if q else None
    return render(request, "information/search.html", {"q": q, "results": results})
