from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.files import file_download
from core.forms import add_service_errors, flash_errors
from customers.models import Customer, EmissionStandard

from . import selectors, services
from .forms import (
    AcceptForm,
    CustomerChoiceForm,
    DeliverableEditForm,
    DeliverableForm,
    DeliverForm,
    LibraryItemForm,
    PlatformInfoCreateForm,
    PlatformInfoForm,
    RateForm,
    RatingPeriodForm,
    ReassignForm,
    SupportRequestForm,
)
from .models import EngineClass, LibraryKind, RequestState

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- platform technical information ----------------------------------------------------------


@login_required
def platform_list(request):
    search = request.GET.get("q", "").strip()[:100]
    page = _page(request, selectors.platform_list(user=request.user, search=search))
    user = request.user
    return render(
        request,
        "techsupport/platform_list.html",
        {
            "page": page,
            "search": search,
            "can_record": access.can(user, "techsupport.platform_info_record"),
            # Reps and managers write their own region's records only; the archive writers any.
            "editable": selectors.platform_info_editable(user=user, rows=page.object_list),
        },
    )


@login_required
def platform_create(request):
    access.require(request.user, "techsupport.platform_info_record")
    customers = selectors.requestable_customers(user=request.user)
    chooser = CustomerChoiceForm(request.GET or None, customers=customers)
    customer = chooser.cleaned_data["customer"] if chooser.is_bound and chooser.is_valid() else None
    if request.method == "POST":
        customer = access.get_for_user(
            request.user, Customer, pk=request.POST.get("customer_id") or 0
        )
    form = None
    if customer is not None:
        form = PlatformInfoCreateForm(
            request.POST or None,
            platforms=selectors.platforms_without_info(customer=customer),
            initial={"platform": request.GET.get("platform")},
        )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.platform_info_create(
                    actor=request.user,
                    customer=customer,
                    platform=data["platform"],
                    new_platform_name=data["new_platform_name"],
                    new_platform_kind=data["new_platform_kind"],
                    values={name: data[name] for name in PlatformInfoForm.Meta.fields},
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Technical information saved."))
                return redirect(
                    customer.get_absolute_url()
                    if "from_customer" in request.POST
                    else "techsupport:platform-list"
                )
        else:
            flash_errors(request, form)
    return render(
        request,
        "techsupport/platform_form.html",
        {"form": form, "chooser": chooser, "customer": customer},
    )


@login_required
def platform_edit(request, pk: int):
    info = selectors.platform_get_for_user(user=request.user, pk=pk, write=True)
    form = PlatformInfoForm(request.POST or None, instance=info)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            info.refresh_from_db()
            try:
                services.platform_info_update(actor=request.user, info=info, values=values)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Technical information saved."))
                return redirect("techsupport:platform-list")
        else:
            flash_errors(request, form)
    return render(
        request,
        "techsupport/platform_form.html",
        {"form": form, "info": info, "customer": info.platform.customer},
    )


# --- support requests ------------------------------------------------------------------------


@login_required
def queue(request):
    user = request.user
    access.require(user, "techsupport.queue_view")
    tab = request.GET.get("tab", "new")
    if tab not in selectors.QUEUE_TABS:
        tab = "new"
    page = _page(request, selectors.support_queue(user=user, tab=tab))
    return render(
        request,
        "techsupport/queue.html",
        {
            "page": page,
            "tab": tab,
            "counts": selectors.support_queue_counts(user),
            "can_accept": access.can(user, "techsupport.request_accept"),
            "today": timezone.localdate(),
        },
    )


@login_required
def ratings(request):
    """The requesters' ratings per tech-support person and per region for a period."""
    user = request.user
    access.require(user, "techsupport.ratings_view")
    form = RatingPeriodForm(request.GET or None)
    today = timezone.localdate()
    date_from, date_to = today.replace(month=1, day=1), today
    if form.is_bound:
        if form.is_valid():
            date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        else:
            flash_errors(request, form)
    else:
        form = RatingPeriodForm(initial={"date_from": date_from, "date_to": date_to})
    summary = selectors.support_rating_summary(date_from=date_from, date_to=date_to, user=user)
    return render(request, "techsupport/ratings.html", {"form": form, "summary": summary})


@login_required
def request_list(request):
    state = request.GET.get("state", "")
    mine_only = request.GET.get("mine") == "1"
    page = _page(
        request, selectors.support_request_list(user=request.user, state=state, mine_only=mine_only)
    )
    return render(
        request,
        "techsupport/request_list.html",
        {
            "page": page,
            "state": state,
            "mine_only": mine_only,
            "states": RequestState.choices,
            "can_ask": access.can(request.user, "techsupport.request_create"),
            "can_see_ratings": access.can(request.user, "techsupport.ratings_view"),
            "today": timezone.localdate(),
        },
    )


@login_required
def request_create(request):
    user = request.user
    access.require(user, "techsupport.request_create")
    form = SupportRequestForm(
        request.POST or None,
        request.FILES or None,
        customers=selectors.requestable_customers(user=user),
        projects=selectors.requestable_projects(user=user),
        initial={"customer": request.GET.get("customer"), "project": request.GET.get("project")},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.support_request_create(
                    actor=user,
                    customer=data["customer"],
                    project=data["project"],
                    request_type=data["request_type"],
                    need=data["need"],
                    wanted_by=data["wanted_by"],
                    files=data["attachments"],
                    submission_key=data["submission_key"],
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Your request was sent to tech support."))
                return redirect(created.get_absolute_url())
        else:
            flash_errors(request, form)
    return render(request, "techsupport/request_form.html", {"form": form})


@login_required
def request_detail(request, pk: int):
    user = request.user
    support = selectors.support_request_get_for_user(user=user, pk=pk)
    files = selectors.support_request_files(request=support)
    people = selectors.tech_support_people()
    return render(
        request,
        "techsupport/request_detail.html",
        {
            "support": support,
            "request_files": [f for f in files if f.kind == "request"],
            "delivery_files": [f for f in files if f.kind == "delivery"],
            "accept_form": AcceptForm(people=people, initial={"assignee": user.pk}),
            "reassign_form": ReassignForm(people=people.exclude(pk=support.assignee_id)),
            "reassignments": selectors.support_request_reassignments(request=support),
            "deliver_form": DeliverForm(),
            "rate_form": RateForm(),
            "can_accept": support.state == RequestState.NEW
            and access.can(user, "techsupport.request_accept"),
            "can_deliver": support.state == RequestState.ACCEPTED
            and support.assignee_id == user.pk,
            "can_reassign": support.state == RequestState.ACCEPTED
            and access.can(user, "techsupport.request_accept"),
            # Tech support sees the project once the request is theirs (a grant on accepting).
            "project_visible": bool(support.project_id) and access.allowed(user, support.project),
            "can_rate": support.state == RequestState.DELIVERED and support.requester_id == user.pk,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def request_accept(request, pk: int):
    support = selectors.support_request_get_for_user(user=request.user, pk=pk)
    form = AcceptForm(request.POST, people=selectors.tech_support_people())
    access.require(request.user, "techsupport.request_accept")
    if form.is_valid():
        try:
            support = services.support_request_accept(
                request=support, actor=request.user, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("Request #%(number)s accepted and assigned to %(person)s.")
                % {"number": support.pk, "person": support.assignee},
            )
    else:
        flash_errors(request, form)
    if request.htmx:
        support = selectors.support_request_get_for_user(user=request.user, pk=pk)
        return render(
            request,
            "techsupport/_queue_row.html",
            {"item": support, "done": True, "today": timezone.localdate()},
        )
    return redirect(support.get_absolute_url())


@login_required
@require_POST
def request_reassign(request, pk: int):
    support = selectors.support_request_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "techsupport.request_accept")
    form = ReassignForm(request.POST, people=selectors.tech_support_people())
    if form.is_valid():
        try:
            support = services.support_request_reassign(
                request=support,
                actor=request.user,
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("Request #%(number)s handed over to %(person)s, who has been told.")
                % {"number": support.pk, "person": support.assignee},
            )
    else:
        flash_errors(request, form)
    return redirect(support.get_absolute_url())


@login_required
@require_POST
def request_deliver(request, pk: int):
    support = selectors.support_request_get_for_user(user=request.user, pk=pk)
    if support.assignee_id != request.user.pk:
        raise PermissionDenied
    form = DeliverForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.support_request_deliver(
                request=support,
                actor=request.user,
                notes=form.cleaned_data["notes"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Delivered; the requester has been told."))
    else:
        flash_errors(request, form)
    return redirect(support.get_absolute_url())


@login_required
@require_POST
def request_rate(request, pk: int):
    support = selectors.support_request_get_for_user(user=request.user, pk=pk)
    if support.requester_id != request.user.pk:
        raise PermissionDenied
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.support_request_rate(
                request=support,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Thank you for rating the help."))
    else:
        flash_errors(request, form)
    return redirect(support.get_absolute_url())


@login_required
def request_file(request, pk: int):
    found = selectors.support_request_file_get_for_user(user=request.user, pk=pk)
    return file_download(found.file, found.name)


# --- stage deliverables ----------------------------------------------------------------------


@login_required
def project_deliverables(request, pk: int):
    user = request.user
    project = selectors.project_get_for_user(user=user, pk=pk)
    can_record = access.can(user, "techsupport.deliverable_record")
    form = DeliverableForm(
        request.POST or None, request.FILES or None, initial={"delivered_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.deliverable_record(
                    actor=user,
                    project=project,
                    stage=data["stage"],
                    title=data["title"],
                    note=data["note"],
                    delivered_on=data["delivered_on"],
                    file=(data["file"] or [None])[0],
                    submission_key=data["submission_key"],
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Deliverable recorded."))
                return redirect("techsupport:project-deliverables", pk=project.pk)
        else:
            flash_errors(request, form)
    rows = list(selectors.deliverable_list(user=user, project=project))
    return render(
        request,
        "techsupport/project_deliverables.html",
        {
            "project": project,
            "rows": rows,
            "form": form,
            "can_record": can_record,
        },
    )


@login_required
def deliverable_edit(request, pk: int):
    deliverable = selectors.deliverable_get_for_edit(user=request.user, pk=pk)
    form = DeliverableEditForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "title": deliverable.title,
            "delivered_on": deliverable.delivered_on,
            "note": deliverable.note,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.deliverable_update(
                    actor=request.user,
                    deliverable=deliverable,
                    title=data["title"],
                    note=data["note"],
                    delivered_on=data["delivered_on"],
                    file=(data["file"] or [None])[0],
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Deliverable saved."))
                return redirect("techsupport:project-deliverables", pk=deliverable.project_id)
        else:
            flash_errors(request, form)
    return render(
        request, "techsupport/deliverable_form.html", {"form": form, "deliverable": deliverable}
    )


@login_required
def deliverable_file(request, pk: int):
    deliverable = selectors.deliverable_get_for_user(user=request.user, pk=pk)
    return file_download(deliverable.file, deliverable.file_name or "deliverable")


# --- technical library -----------------------------------------------------------------------


@login_required
def library_list(request):
    params = {
        key: request.GET.get(key, "").strip()[:100]
        for key in ("q", "kind", "engine_class", "emission_standard")
    }
    qs = selectors.library_list(
        user=request.user,
        search=params["q"],
        kind=params["kind"],
        engine_class=params["engine_class"],
        emission_standard=params["emission_standard"],
    )
    return render(
        request,
        "techsupport/library_list.html",
        {
            "page": _page(request, qs),
            "params": params,
            "kinds": LibraryKind.choices,
            "engine_classes": EngineClass.choices,
            "standards": EmissionStandard.choices,
            "can_edit": access.can(request.user, "techsupport.library_write"),
        },
    )


def _library_form(request, item=None):
    access.require(request.user, "techsupport.library_write")
    form = LibraryItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if item is not None:
                item.refresh_from_db()
            try:
                services.library_item_save(
                    actor=request.user,
                    values=values,
                    file=(form.cleaned_data["attachment"] or [None])[0],
                    instance=item,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Library entry saved."))
                return redirect("techsupport:library-list")
        else:
            flash_errors(request, form)
    return render(request, "techsupport/library_form.html", {"form": form, "item": item})


@login_required
def library_create(request):
    return _library_form(request)


@login_required
def library_edit(request, pk: int):
    return _library_form(
        request, selectors.library_item_get_for_user(user=request.user, pk=pk, write=True)
    )


@login_required
def library_file(request, pk: int):
    item = selectors.library_item_get_for_user(user=request.user, pk=pk)
    return file_download(item.file, item.file_name or "document")
