from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.files import file_download
from core.forms import add_service_errors, flash_errors
from customers.models import Customer

from . import selectors, services
from .forms import (
    ActivityForm,
    ImprovementForm,
    PlanForm,
    PositioningForm,
    ResultsForm,
    SurveyForm,
    ToolkitItemForm,
    VersionForm,
)
from .models import BrandSurvey, Language, ToolkitKind

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- positioning -----------------------------------------------------------------------------


@login_required
def positioning_list(request):
    return render(
        request,
        "brand/positioning_list.html",
        {
            "current": selectors.positioning_current(user=request.user),
            "page": _page(request, selectors.positioning_list(user=request.user)),
            "can_draft": access.can(request.user, "brand.positioning_draft"),
        },
    )


def _positioning_form(request, instance=None):
    access.require(request.user, "brand.positioning_draft")
    form = PositioningForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.POSITIONING_FIELDS}
            if instance is not None:
                instance.refresh_from_db()
            try:
                positioning = services.positioning_save(
                    actor=request.user,
                    values=values,
                    instance=instance,
                    key=form.cleaned_data.get("submission_key", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Positioning saved."))
                return redirect(positioning.get_absolute_url())
        else:
            flash_errors(request, form)
    return render(request, "brand/positioning_form.html", {"form": form, "item": instance})


@login_required
def positioning_create(request):
    return _positioning_form(request)


@login_required
def positioning_edit(request, pk: int):
    return _positioning_form(request, selectors.positioning_get_for_user(user=request.user, pk=pk))


@login_required
def positioning_detail(request, pk: int):
    positioning = selectors.positioning_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "brand/positioning_detail.html",
        {
            "positioning": positioning,
            "can_edit": positioning.is_editable
            and access.can(request.user, "brand.positioning_draft"),
        },
    )


# --- toolkit ---------------------------------------------------------------------------------


@login_required
def toolkit_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in ToolkitKind.values else ""
    language = request.GET.get("language", "")
    language = language if language in Language.values else ""
    return render(
        request,
        "brand/toolkit_list.html",
        {
            "page": _page(
                request, selectors.toolkit_list(user=request.user, kind=kind, language=language)
            ),
            "kind": kind,
            "language": language,
            "kinds": ToolkitKind.choices,
            "languages": Language.choices,
            "can_write": access.can(request.user, "brand.toolkit_write"),
        },
    )


@login_required
def toolkit_create(request):
    access.require(request.user, "brand.toolkit_write")
    form = ToolkitItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.toolkit_item_create(
                    actor=request.user,
                    values={name: data[name] for name in ("kind", "title", "language", "owner")},
                    upload=data["file"],
                    note=data["note"],
                    key=data.get("submission_key", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Toolkit item saved."))
                return redirect("brand:toolkit-list")
        else:
            flash_errors(request, form)
    return render(request, "brand/toolkit_form.html", {"form": form})


@login_required
def toolkit_version_add(request, pk: int):
    item = selectors.toolkit_item_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "brand.toolkit_write")
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            services.toolkit_version_add(
                actor=request.user,
                item=item,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("New version uploaded."))
            return redirect("brand:toolkit-list")
        flash_errors(request, form)
    return render(request, "brand/toolkit_form.html", {"form": form, "item": item})


@login_required
def toolkit_file(request, pk: int):
    version = selectors.toolkit_version_get_for_user(user=request.user, pk=pk)
    return file_download(version.file, version.file_name)


# --- promotion plans -------------------------------------------------------------------------


@login_required
def plan_list(request):
    return render(
        request,
        "brand/plan_list.html",
        {
            "page": _page(request, selectors.plan_list(user=request.user)),
            "can_draft": access.can(request.user, "brand.plan_draft"),
        },
    )


@login_required
def plan_create(request):
    access.require(request.user, "brand.plan_draft")
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    title=form.cleaned_data["title"],
                    key=form.cleaned_data.get("submission_key", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                return redirect(plan.get_absolute_url())
        else:
            flash_errors(request, form)
    return render(request, "brand/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    may_edit = plan.is_editable and access.can(request.user, "brand.plan_draft")
    form = ActivityForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form is None:
            access.require(request.user, "brand.plan_draft")
            messages.error(request, _("Only a draft or a returned plan can be changed."))
            return redirect(plan.get_absolute_url())
        if form.is_valid():
            try:
                services.activity_add(
                    actor=request.user,
                    plan=plan,
                    values=form.cleaned_data,
                    key=form.cleaned_data.get("submission_key", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Activity added."))
                return redirect(plan.get_absolute_url())
        else:
            flash_errors(request, form)
    return render(
        request,
        "brand/plan_detail.html",
        {
            "plan": plan,
            "activities": selectors.plan_activities(user=request.user, plan=plan),
            "figures": services.plan_budget_figures(plan=plan),
            "form": form,
            "may_edit": may_edit,
            "results_form": ResultsForm(),
        },
    )


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(activity.plan.get_absolute_url())


@login_required
@require_POST
def activity_results(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "brand.activity_results", activity)
    form = ResultsForm(request.POST)
    if form.is_valid():
        try:
            services.activity_results(
                actor=request.user,
                activity=activity,
                leads=form.cleaned_data["leads"],
                attendance=form.cleaned_data["attendance"],
                actual_cost=form.cleaned_data["actual_cost"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Results recorded."))
    else:
        flash_errors(request, form)
    return redirect(activity.plan.get_absolute_url())


# --- evaluation ------------------------------------------------------------------------------


@login_required
def evaluation(request):
    access.require(request.user, "brand.survey_view")
    surveys = selectors.survey_list(user=request.user)
    return render(
        request,
        "brand/evaluation.html",
        {
            "page": _page(request, surveys),
            "trend": services.score_trend(surveys=surveys),
            "score_names": [
                BrandSurvey._meta.get_field(name).verbose_name for name in BrandSurvey.SCORES
            ],
            "actions": selectors.improvement_list(user=request.user)[:50],
            "can_survey": access.can(request.user, "brand.survey_record"),
            "can_improve": access.can(request.user, "brand.improvement_write"),
            "today": timezone.localdate(),
        },
    )


@login_required
def survey_create(request):
    access.require(request.user, "brand.survey_record")
    customers = access.visible(request.user, Customer, action="brand.survey_record").order_by(
        "name"
    )
    form = SurveyForm(
        request.POST or None, customers=customers, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.survey_record(
                    actor=request.user,
                    customer=data["customer"],
                    year=data["year"],
                    scores={name: data[name] for name in BrandSurvey.SCORES},
                    comment=data["comment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Survey recorded."))
                return redirect("brand:evaluation")
        else:
            flash_errors(request, form)
    return render(request, "brand/survey_form.html", {"form": form})


@login_required
def improvement_create(request):
    access.require(request.user, "brand.improvement_write")
    form = ImprovementForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.improvement_add(
                    actor=request.user,
                    year=data["year"],
                    action=data["action"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    key=data.get("submission_key", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                flash_errors(request, exc)
            else:
                messages.success(request, _("Improvement action added."))
                return redirect("brand:evaluation")
        else:
            flash_errors(request, form)
    return render(request, "brand/improvement_form.html", {"form": form})


@login_required
@require_POST
def improvement_done(request, pk: int):
    item = selectors.improvement_get_for_user(user=request.user, pk=pk)
    services.improvement_done(actor=request.user, item=item)
    return redirect("brand:evaluation")
