"""Thin views: parse, check access (access.get_for_user answers 404 out of scope), call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

import access
from access import get_for_user, visible
from approvals.models import State
from core.excel import workbook_bytes, xlsx_response
from core.files import file_download
from core.forms import add_service_errors, error_messages
from core.i18n import name_in_language
from core.submissions import already_created
from regions.models import Region

from . import selectors, services
from .forms import (
    ActionStatusForm,
    ClassifyForm,
    ContactFormSet,
    CustomerForm,
    FileForm,
    PlanActionForm,
    PlanCreateForm,
    PlanForm,
    PlatformFormSet,
    ProjectCustomerForm,
    ProjectForm,
    ProjectStatusForm,
    StageForm,
    SurveyForm,
    VisitForm,
)
from .models import (
    Customer,
    CustomerClass,
    CustomerFile,
    CustomerScore,
    CustomerType,
    DevelopmentProject,
    EmissionStandard,
    KeyAccountPlan,
    PlanAction,
    ProjectStage,
    ProjectStatus,
    Stage,
    Visit,
    VisitAttachment,
)
from .sections import (
    funnel_rows_for,
    key_figures_for,
    plan_sections_for,
    platform_rows_for,
    project_rows_for,
    project_sections_for,
    sections_for,
    stage_rows_for,
    timeline_for,
)

PAGE_SIZE = 25
GRID_TABLE_MAX = 300
CLASS_COLOURS = {"A": "#2f9e44", "B": "#1971c2", "C": "#f08c00", "D": "#868e96"}


def _filters(request, keys) -> dict:
    return {k: request.GET.get(k, "").strip() for k in keys}


def _scope_regions(user):
    """Regions offered in filters: the regions this person sees (their own for the front end)."""
    return list(visible(user, Region).order_by("code"))


def _owners(user):
    return list(selectors.owner_choices(user=user).order_by("username"))


def _name(customer_name: str, name_en: str) -> str:
    return name_in_language(customer_name, name_en)


# --- Customers ------------------------------------------------------------------------------

CUSTOMER_FILTERS = ["q", "class", "region", "type", "standard", "owner", "sort"]


@login_required
def customer_list(request):
    filters = _filters(request, CUSTOMER_FILTERS)
    qs = selectors.customer_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "customers/_customer_table.html"
        if request.headers.get("HX-Request")
        else "customers/customer_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "regions": _scope_regions(request.user),
            "owners": _owners(request.user),
            "classes": CustomerClass.choices,
            "types": CustomerType.choices,
            "standards": EmissionStandard.choices,
            "can_create": access.can(request.user, "customers.customer_create"),
        },
    )


@login_required
def customer_export(request):
    """Exactly the rows the list shows for these filters (all pages), within the user's access."""
    qs = selectors.customer_list(user=request.user, filters=_filters(request, CUSTOMER_FILTERS))
    headers = [
        _("Name"),
        _("English name"),
        _("Type"),
        _("Region"),
        _("Class"),
        _("Owner"),
        _("Emission standard"),
        _("Annual volume"),
        _("Catalyst demand (L/year)"),
        _("Incumbent supplier"),
        _("Our share (%)"),
        _("Last visit"),
    ]
    rows = (
        [
            c.name,
            c.name_en,
            c.get_customer_type_display(),
            str(c.region),
            c.customer_class,
            str(c.owner or ""),
            c.get_emission_standard_display(),
            c.annual_volume,
            c.catalyst_demand_litres,
            c.incumbent_supplier,
            c.our_share,
            c.last_visit_date,
        ]
        for c in qs.iterator(chunk_size=2000)
    )
    content = workbook_bytes(
        title=_("Customers"),
        headers=headers,
        rows=rows,
        widths=[30, 30, 16, 10, 6, 14, 12, 12, 14, 16, 10, 12],
    )
    return xlsx_response(filename=f"customers-{timezone.localdate():%Y%m%d}.xlsx", content=content)


def _customer_form_page(request, customer: Customer | None):
    user = request.user
    instance = customer or Customer()
    if request.method == "POST":
        done = (
            None
            if customer
            else already_created(actor=user, key=request.POST.get("submission_key"))
        )
        if done is not None:  # the same new-customer form sent again
            return redirect(done)
        form = CustomerForm(request.POST, instance=instance, user=user)
        contacts = ContactFormSet(request.POST, instance=instance, prefix="contacts")
        platforms = PlatformFormSet(request.POST, instance=instance, prefix="platforms")
        if form.is_valid() and contacts.is_valid() and platforms.is_valid():
            try:
                saved = services.customer_save(
                    customer=form.save(commit=False),
                    actor=user,
                    contacts=contacts,
                    platforms=platforms,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Customer %(name)s saved.") % {"name": saved.name})
                return redirect(saved)
    else:
        form = CustomerForm(instance=instance, user=user)
        contacts = ContactFormSet(instance=instance, prefix="contacts")
        platforms = PlatformFormSet(instance=instance, prefix="platforms")
    visible_ids = set()
    if form.duplicates:
        visible_ids = set(
            visible(user, Customer)
            .filter(pk__in=[d.pk for d in form.duplicates])
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "customers/customer_form.html",
        {
            "form": form,
            "contacts": contacts,
            "platforms": platforms,
            "customer": customer,
            "duplicates": [(d, d.pk in visible_ids) for d in form.duplicates],
        },
    )


@login_required
def customer_create(request):
    access.require(request.user, "customers.customer_create")
    return _customer_form_page(request, None)


@login_required
def customer_edit(request, pk: int):
    customer = get_for_user(request.user, Customer, action="customers.customer_change", pk=pk)
    return _customer_form_page(request, customer)


@login_required
def customer_detail(request, pk: int):
    user = request.user
    customer = get_for_user(
        user, Customer.objects.select_related("region", "owner", "parent"), pk=pk
    )
    scores = list(CustomerScore.objects.filter(customer=customer).order_by("-year"))
    can_change = access.can(user, "customers.customer_change", customer)
    platform_columns, platform_rows = platform_rows_for(
        user, customer, list(customer.platforms.all())
    )
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "figures": selectors.customer_key_figures(user=user, customer=customer),
            "key_figures": key_figures_for(user, customer),
            "visit_due": selectors.customer_visit_due(customer=customer),
            "contacts": list(customer.contacts.all()),
            "platform_columns": platform_columns,
            "platform_rows": platform_rows,
            "files": list(customer.files.select_related("uploaded_by")),
            "scores": scores,
            "surveys": selectors.surveys_for(user=user, customer=customer),
            "timeline": timeline_for(user, customer),
            "sections": sections_for(user, customer),
            "can_change": can_change,
            "can_classify": access.can(user, "customers.customer_classify", customer),
            "can_log_visit": access.can(user, "customers.visit_log"),
            "file_form": FileForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def customer_file_upload(request, pk: int):
    customer = get_for_user(request.user, Customer, action="customers.customer_change", pk=pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            for upload in form.cleaned_data["files"]:
                services.customer_file_add(customer=customer, upload=upload, actor=request.user)
        messages.success(request, _("Files added."))
    else:
        for message in error_messages(form):
            messages.error(request, message)
    return redirect(reverse("customers:customer-detail", args=[customer.pk]) + "#files")


@login_required
def customer_file(request, pk: int):
    """A file of the customer archive, only to those who see the customer."""
    record = CustomerFile.objects.filter(
        pk=pk, customer__in=visible(request.user, Customer)
    ).first()
    if record is None:
        raise Http404
    return file_download(record.file, record.name)


@login_required
def customer_classify(request, pk: int):
    customer = get_for_user(request.user, Customer, action="customers.customer_classify", pk=pk)
    latest = CustomerScore.objects.filter(customer=customer).order_by("-year").first()
    initial = {v.criterion_id: v.value for v in latest.values.all()} if latest else {}
    form = ClassifyForm(request.POST or None, initial_values=initial)
    if request.method == "POST" and form.is_valid():
        try:
            score = services.customer_classify(
                customer=customer,
                year=form.cleaned_data["year"],
                values=form.values(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is class %(klass)s for %(year)s.")
                % {"name": customer.name, "klass": score.customer_class, "year": score.year},
            )
            return redirect(customer)
    return render(request, "customers/customer_classify.html", {"customer": customer, "form": form})


@login_required
def survey_create(request, pk: int):
    customer = get_for_user(request.user, Customer, action="customers.customer_change", pk=pk)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_record(
                customer=customer,
                actor=request.user,
                survey_date=form.cleaned_data["survey_date"],
                respondent=form.cleaned_data["respondent"],
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect(reverse("customers:customer-detail", args=[customer.pk]) + "#surveys")
    return render(request, "customers/survey_form.html", {"customer": customer, "form": form})


# --- Visits ----------------------------------------------------------------------------------

VISIT_FILTERS = ["q", "region", "rep", "customer", "state", "from", "to", "sort"]


@login_required
def visit_list(request):
    filters = _filters(request, VISIT_FILTERS)
    page = Paginator(selectors.visit_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "customers/visit_list.html",
        {
            "page": page,
            "filters": filters,
            "regions": _scope_regions(request.user),
            "states": State.choices,
            "can_log": access.can(request.user, "customers.visit_log"),
        },
    )


@login_required
def visit_export(request):
    qs = selectors.visit_list(user=request.user, filters=_filters(request, VISIT_FILTERS))
    states = dict(State.choices)
    headers = [
        _("Date"),
        _("Customer"),
        _("Region"),
        _("Sales rep"),
        _("Purpose"),
        _("People met"),
        _("Decision makers met"),
        _("Customer's key needs"),
        _("Competitor news"),
        _("Next steps"),
        _("Next steps due"),
        _("Project"),
        _("Review"),
    ]
    rows = (
        [
            v.visit_date,
            v.customer.name,
            str(v.region),
            str(v.rep),
            v.purpose,
            v.people_met,
            v.decision_makers_met,
            v.key_needs,
            v.competitor_news,
            v.next_steps,
            v.next_step_due,
            str(v.project or ""),
            str(states.get(v.approval_state, "")),
        ]
        for v in qs.iterator(chunk_size=2000)
    )
    content = workbook_bytes(title=_("Visits"), headers=headers, rows=rows)
    return xlsx_response(filename=f"visits-{timezone.localdate():%Y%m%d}.xlsx", content=content)


@login_required
def visit_create(request):
    user = request.user
    access.require(user, "customers.visit_log")
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            customer = data.pop("customer")
            attachments = data.pop("attachments")
            key = data.pop("submission_key")
            visit_date = data.pop("visit_date")
            try:
                visit = services.visit_create(
                    actor=user,
                    customer=customer,
                    visit_date=visit_date,
                    attachments=attachments,
                    submission_key=key,
                    **data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Visit to %(customer)s logged and sent for review.")
                    % {"customer": customer.name},
                )
                return redirect(visit)
    else:
        initial = {}
        if request.GET.get("customer", "").isdigit():
            initial["customer"] = request.GET["customer"]
        # The customer search above the picker (htmx swaps the picker): any customer in scope.
        search = request.GET.get("customer_q", "")[:200]
        form = VisitForm(user=user, initial=initial, search=search)
    return render(request, "customers/visit_form.html", {"form": form, "visit": None})


@login_required
def visit_detail(request, pk: int):
    visit = get_for_user(
        request.user, Visit.objects.select_related("customer", "rep", "region", "project"), pk=pk
    )
    return render(
        request,
        "customers/visit_detail.html",
        {
            "visit": visit,
            "attachments": list(visit.attachments.all()),
        },
    )


@login_required
def visit_edit(request, pk: int):
    visit = get_for_user(request.user, Visit, action="customers.visit_change", pk=pk)
    fields = [
        "visit_date",
        "purpose",
        "people_met",
        "decision_makers_met",
        "key_needs",
        "competitor_news",
        "next_steps",
        "next_step_due",
        "project",
    ]
    if request.method == "POST":
        form = VisitForm(request.POST, user=request.user, editing=True)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in fields}
            if data["project"] and data["project"].customer_id != visit.customer_id:
                form.add_error("project", _("This project belongs to another customer."))
            else:
                try:
                    services.visit_update(visit=visit, actor=request.user, **data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, _("Visit report corrected and sent for review again.")
                    )
                    return redirect(visit)
    else:
        form = VisitForm(
            user=request.user, editing=True, initial={k: getattr(visit, k) for k in fields}
        )
    return render(request, "customers/visit_form.html", {"form": form, "visit": visit})


@login_required
@require_POST
def visit_step_done(request, pk: int):
    visit = get_for_user(request.user, Visit, pk=pk)
    services.visit_next_step_done(visit=visit, actor=request.user)
    messages.success(request, _("Next steps ticked off."))
    return redirect(
        request.POST.get("next")
        if str(request.POST.get("next", "")).startswith("/")
        else visit.get_absolute_url()
    )


@login_required
def visit_attachment(request, pk: int):
    record = VisitAttachment.objects.filter(pk=pk, visit__in=visible(request.user, Visit)).first()
    if record is None:
        raise Http404
    return file_download(record.file, record.name)


# --- Projects --------------------------------------------------------------------------------

PROJECT_FILTERS = ["q", "region", "stage", "status", "class", "owner", "late", "sort"]


@login_required
def project_list(request):
    filters = _filters(request, PROJECT_FILTERS)
    page = Paginator(
        selectors.project_list(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    columns, rows = project_rows_for(request.user, list(page))
    return render(
        request,
        "customers/project_list.html",
        {
            "page": page,
            "columns": columns,
            "rows": rows,
            "filters": filters,
            "regions": _scope_regions(request.user),
            "stages": Stage.choices,
            "statuses": ProjectStatus.choices,
            "classes": CustomerClass.choices,
            "can_create": access.can(request.user, "customers.project_create")
            and visible(request.user, Customer, action="change").exists(),
        },
    )


@login_required
def project_export(request):
    qs = selectors.project_list(user=request.user, filters=_filters(request, PROJECT_FILTERS))
    headers = [
        _("Project"),
        _("Customer"),
        _("Region"),
        _("Platform"),
        _("Owner"),
        _("Stage"),
        _("Status"),
        _("Expected volume (L/year)"),
        _("Late stages"),
        _("Started on"),
    ]
    rows = (
        [
            p.name,
            p.customer.name,
            str(p.region),
            p.platform.name if p.platform else "",
            str(p.owner),
            p.get_stage_display(),
            p.get_status_display(),
            p.expected_litres,
            p.late_stages,
            p.started_on,
        ]
        for p in qs.iterator(chunk_size=2000)
    )
    content = workbook_bytes(title=_("Projects"), headers=headers, rows=rows)
    return xlsx_response(filename=f"projects-{timezone.localdate():%Y%m%d}.xlsx", content=content)


@login_required
def project_funnel(request):
    region = request.GET.get("region", "")
    rows = selectors.project_funnel(user=request.user, region_code=region)
    columns, table = funnel_rows_for(request.user, region, rows)
    list_url = reverse("customers:project-list")
    chart = {
        "type": "bar",
        "data": {
            "labels": [r.label for r in rows],
            "datasets": [
                {
                    "label": _("Active projects"),
                    "data": [r.count for r in rows],
                    "backgroundColor": "#1971c2",
                }
            ],
        },
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"display": False}},
            "scales": {"x": {"ticks": {"precision": 0}}},
        },
        "onClickHref": [
            f"{list_url}?stage={r.stage}&status=active" + (f"&region={region}" if region else "")
            for r in rows
        ],
    }
    return render(
        request,
        "customers/project_funnel.html",
        {
            "rows": table,
            "columns": columns,
            "chart": chart,
            "region": region,
            "regions": _scope_regions(request.user),
            "total": sum(r.count for r in rows),
        },
    )


def _project_fields(data) -> dict:
    return {
        "name": data["name"],
        "platform": data["platform"],
        "new_platform_name": data["new_platform_name"],
        "new_platform_kind": data["new_platform_kind"],
        "owner": data["owner"],
        "expected_litres": data["expected_litres"],
        "started_on": data["started_on"],
    }


@login_required
def project_create(request):
    """Two steps, so the form offers one customer's platforms: choose the customer (skipped
    from the customer page, which links with ?customer=<pk>), then the project."""
    access.require(request.user, "customers.project_create")
    customers = visible(request.user, Customer, action="customers.customer_change").order_by("name")
    if not customers.exists():
        raise PermissionDenied
    if not request.GET.get("customer"):
        chooser = ProjectCustomerForm(customers=customers)
        return render(request, "customers/project_form.html", {"chooser": chooser})
    customer = get_for_user(
        request.user,
        Customer.objects.select_related("region"),
        action="customers.customer_change",
        pk=request.GET["customer"],
    )
    form = ProjectForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                customer=customer,
                submission_key=form.cleaned_data["submission_key"],
                **_project_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project %(name)s created.") % {"name": project.name})
            return redirect(project)
    return render(request, "customers/project_form.html", {"form": form, "customer": customer})


@login_required
def project_edit(request, pk: int):
    project = get_for_user(
        request.user,
        DevelopmentProject.objects.select_related("customer", "platform"),
        action="customers.project_change",
        pk=pk,
    )
    form = ProjectForm(request.POST or None, instance=project, customer=project.customer)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project, actor=request.user, **_project_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    return render(
        request,
        "customers/project_form.html",
        {"form": form, "customer": project.customer, "project": project},
    )


@login_required
def project_detail(request, pk: int):
    user = request.user
    project = get_for_user(
        user,
        DevelopmentProject.objects.select_related("customer", "region", "owner", "platform"),
        pk=pk,
    )
    services.project_stages_ensure(project=project)
    stages = selectors.project_stages(project=project)
    can_change = access.can(user, "customers.project_change", project)
    stage_columns, stage_rows = stage_rows_for(user, project, stages)
    return render(
        request,
        "customers/project_detail.html",
        {
            "project": project,
            "stages": stages,
            "can_change": can_change,
            "stage_columns": stage_columns,
            "stage_rows": stage_rows,
            "current_index": [s.stage for s in stages].index(project.stage)
            if project.stage in [s.stage for s in stages]
            else 0,
            "late_count": sum(1 for s in stages if s.late),
            "visits": list(visible(user, Visit).filter(project=project).select_related("rep")[:10]),
            "project_sections": project_sections_for(user, project),
            "status_form": ProjectStatusForm(initial={"status": project.status}),
        },
    )


@login_required
def project_stage_edit(request, pk: int):
    stage = ProjectStage.objects.select_related("project").filter(pk=pk).first()
    if stage is None:
        raise Http404
    project = get_for_user(
        request.user, DevelopmentProject, action="customers.project_change", pk=stage.project_id
    )
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            warnings = services.project_stage_update(
                stage=stage,
                actor=request.user,
                planned_date=data["planned_date"],
                actual_date=data["actual_date"],
                owner=data["owner"],
                expected_deliverables=data["expected_deliverables"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(
                request, _("Stage %(stage)s saved.") % {"stage": stage.get_stage_display()}
            )
            return redirect(project)
    return render(
        request, "customers/stage_form.html", {"form": form, "stage": stage, "project": project}
    )


@login_required
@require_POST
def project_status(request, pk: int):
    project = get_for_user(
        request.user, DevelopmentProject, action="customers.project_change", pk=pk
    )
    form = ProjectStatusForm(request.POST)
    if form.is_valid():
        services.project_status_set(
            project=project, status=form.cleaned_data["status"], actor=request.user
        )
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect(project)


# --- Classification grid --------------------------------------------------------------------


@login_required
def grid(request):
    user = request.user
    years = selectors.score_years(user=user)
    year = (
        int(request.GET["year"])
        if request.GET.get("year", "").isdigit()
        else (years[0] if years else None)
    )
    region = request.GET.get("region", "")
    # The cells first (at most 21 × 21 per class, counted in SQL): they give the class totals.
    # Up to GRID_TABLE_MAX customers the dots are drawn one per customer with the table behind
    # the chart; beyond that (a director's grid has tens of thousands) the cells are drawn, so
    # the page costs the same whatever the number of customers; the class links list them.
    cell_rows = selectors.grid_cells(user=user, year=year, region_code=region) if year else []
    class_counts: dict[str, int] = {}
    for cell in cell_rows:
        class_counts[cell["class"]] = class_counts.get(cell["class"], 0) + cell["n"]
    total = sum(class_counts.values())
    cells = total > GRID_TABLE_MAX
    if cells:
        points = cell_rows
    elif total:
        points = selectors.grid_points(user=user, year=year, region_code=region)
    else:
        points = []
    by_class = {klass: [] for klass, _label in CustomerClass.choices}
    for p in points:
        point = {"x": p["x"], "y": p["y"]}
        if p.get("id") is not None:
            point["i"] = p["id"]  # "i" opens the customer's page
            point["name"] = name_in_language(p["name"], p["name_en"])
            if cells:
                point["r"] = 5
        else:
            count = p["n"]
            point["name"] = ngettext("%(n)s customer", "%(n)s customers", count) % {"n": count}
            point["r"] = min(18, 3 + round(2.5 * count**0.5))
        by_class.setdefault(p["class"], []).append(point)
    datasets = [
        {
            "label": str(label),
            "backgroundColor": CLASS_COLOURS[klass],
            "pointRadius": 5,
            "data": by_class[klass],
        }
        for klass, label in CustomerClass.choices
    ]
    chart = {
        "type": "bubble" if cells else "scatter",
        "data": {"datasets": datasets},
        "options": {
            "animation": False,
            "scales": {
                "x": {
                    "min": 0,
                    "max": 100,
                    "title": {"display": True, "text": _("Likelihood of winning")},
                },
                "y": {
                    "min": 0,
                    "max": 100,
                    "title": {"display": True, "text": _("Attractiveness")},
                },
            },
        },
        "pointUrl": reverse("customers:customer-detail", args=[0]).replace("/0/", "/{i}/"),
        "tooltipName": True,
    }
    counts = [(k, label, class_counts.get(k, 0)) for k, label in CustomerClass.choices]
    return render(
        request,
        "customers/grid.html",
        {
            "chart": chart,
            "years": years,
            "year": year,
            "region": region,
            "regions": _scope_regions(user),
            # The table behind the chart is for a region-sized list; beyond that, the class links.
            "points": [] if cells else sorted(points, key=lambda p: (p["class"], -p["y"])),
            "cells": cells,
            "cell_size": selectors.GRID_CELL,
            "has_points": bool(points),
            "counts": counts,
        },
    )


# --- Key-account plans ----------------------------------------------------------------------


@login_required
def plan_list(request):
    filters = _filters(request, ["year", "region", "q"])
    page = Paginator(selectors.plan_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "customers/plan_list.html",
        {
            "page": page,
            "filters": filters,
            "regions": _scope_regions(request.user),
            "can_create": access.can(request.user, "customers.plan_create"),
        },
    )


@login_required
def plan_create(request):
    user = request.user
    access.require(user, "customers.plan_create")
    done = already_created(actor=user, key=request.POST.get("submission_key"))
    if request.method == "POST" and done is not None:  # the same form sent again
        return redirect(done)
    form = PlanCreateForm(
        request.POST or None, user=user, initial={"customer": request.GET.get("customer")}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer, year = data.pop("customer"), data.pop("year")
        try:
            plan = services.plan_create(actor=user, customer=customer, year=year, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Plan drafted. Add its action items, then submit it for approval.")
            )
            return redirect(plan)
    return render(request, "customers/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_detail(request, pk: int):
    user = request.user
    plan = get_for_user(
        user, KeyAccountPlan.objects.select_related("customer", "region", "author"), pk=pk
    )
    from approvals.services import approval_for

    approval = approval_for(plan)
    can_change = access.can(user, "customers.plan_change", plan)
    editable = can_change and (approval is None or approval.is_editable)
    return render(
        request,
        "customers/plan_detail.html",
        {
            "plan": plan,
            "progress": selectors.plan_progress(plan=plan),
            "can_change": can_change,
            "editable": editable,
            "action_form": PlanActionForm(region=plan.region),
            "status_choices": ActionStatusForm().fields["status"].choices,
            "survey": plan.customer.surveys.order_by("-survey_date").first(),
            "sections": plan_sections_for(user, plan),
            "projects": list(
                visible(user, DevelopmentProject).filter(
                    customer=plan.customer, status=ProjectStatus.ACTIVE
                )
            ),
        },
    )


@login_required
def plan_edit(request, pk: int):
    plan = get_for_user(request.user, KeyAccountPlan, action="customers.plan_change", pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                **{k: form.cleaned_data[k] for k in PlanForm.Meta.fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(request, "customers/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_action_add(request, pk: int):
    plan = get_for_user(request.user, KeyAccountPlan, action="customers.plan_change", pk=pk)
    form = PlanActionForm(request.POST, region=plan.region)
    if form.is_valid():
        try:
            services.plan_action_add(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action item added."))
    else:
        for message in error_messages(form):
            messages.error(request, message)
    return redirect(plan)


@login_required
@require_POST
def plan_action_status(request, pk: int):
    action = (
        PlanAction.objects.filter(pk=pk, plan__in=visible(request.user, KeyAccountPlan))
        .select_related("plan")
        .first()
    )
    if action is None:
        raise Http404
    if action.owner_id != request.user.pk and not access.can(
        request.user, "customers.plan_change", action.plan
    ):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.plan_action_status(
            action=action, actor=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect(action.plan)
