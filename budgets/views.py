from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.excel import workbook_bytes, xlsx_response
from core.files import file_download
from core.forms import add_service_errors, flash_errors
from core.i18n import name_in_language

from . import selectors, services
from .forms import (
    AdvanceForm,
    BudgetCreateForm,
    BudgetImportForm,
    ClaimForm,
    LineForm,
    SupplementForm,
)
from .models import Period, Scope, Status

PAGE_SIZE = 25


# --- budgets -----------------------------------------------------------------------------------


@login_required
def index(request):
    return redirect("budgets:claim-list")


@login_required
def budget_list(request):
    year = request.GET.get("year") or ""
    year_value = int(year) if year.isdigit() else None
    budgets = selectors.budget_list(user=request.user, year=year_value)
    page = Paginator(budgets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "budgets/budget_list.html",
        {
            "page": page,
            "year": year,
            "can_edit": access.can(request.user, "budgets.budget_create"),
            "can_import": access.can(request.user, "budgets.budget_import"),
        },
    )


@login_required
def budget_create(request):
    access.require(request.user, "budgets.budget_create")
    form = BudgetCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            owner = request.user
            if data["scope"] == Scope.PROJECT and data.get("project"):
                owner = data["project"].owner
            elif (
                data["scope"] == Scope.DEPARTMENT
                and data.get("department")
                and data["department"].owner
            ):
                owner = data["department"].owner
            budget = services.budget_create(
                year=data["year"],
                scope=data["scope"],
                owner=owner,
                actor=request.user,
                region=data.get("region"),
                department=data.get("department"),
                project=data.get("project"),
                submission_key=data["submission_key"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Draft budget created: enter the amounts and submit it."))
            return redirect(budget.get_absolute_url())
    return render(request, "budgets/budget_form.html", {"form": form})


@login_required
def budget_detail(request, pk: int):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    can_edit = budget.is_editable and access.allowed(request.user, budget, action="change")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        amounts = {}
        bad = []
        for line_id in budget.lines.values_list("pk", flat=True):
            raw = (request.POST.get(f"line-{line_id}") or "0").replace(",", "").strip() or "0"
            try:
                amounts[line_id] = Decimal(raw)
            except InvalidOperation:
                bad.append(raw)
        if bad:
            messages.error(request, _("Not a number: %(values)s") % {"values": ", ".join(bad[:5])})
        else:
            try:
                services.budget_lines_set(budget=budget, amounts=amounts, actor=request.user)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Budget saved."))
        return redirect(budget.get_absolute_url())
    return render(
        request,
        "budgets/budget_detail.html",
        {
            "budget": budget,
            "grid": selectors.budget_grid(budget=budget),
            "can_edit": can_edit,
        },
    )


@login_required
def budget_import(request):
    access.require(request.user, "budgets.budget_import")
    from imports import ImportRefused

    form = BudgetImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.budget_import(
                upload=form.cleaned_data["file"], actor=request.user, year=form.cleaned_data["year"]
            )
        except ImportRefused as exc:
            errors = exc.errors
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("%(count)s budget lines imported into draft budgets.") % {"count": count}
            )
            return redirect("budgets:budget-list")
    return render(request, "budgets/budget_import.html", {"form": form, "errors": errors})


# --- supplements -------------------------------------------------------------------------------


@login_required
def supplement_list(request):
    page = Paginator(selectors.supplement_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "budgets/supplement_list.html", {"page": page})


@login_required
def supplement_create(request):
    lines = selectors.budget_line_choices(user=request.user)
    initial = {}
    if request.GET.get("line", "").isdigit():
        initial["line"] = request.GET["line"]
    form = SupplementForm(request.POST or None, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            supplement = services.supplement_create(requester=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Supplemental request drafted: submit it for approval."))
            return redirect(supplement.get_absolute_url())
    return render(request, "budgets/supplement_form.html", {"form": form})


@login_required
def supplement_detail(request, pk: int):
    supplement = selectors.supplement_get_for_user(user=request.user, pk=pk)
    return render(request, "budgets/supplement_detail.html", {"supplement": supplement})


# --- claims ------------------------------------------------------------------------------------


@login_required
def claim_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    mine = request.GET.get("mine") == "1"
    claims = selectors.claim_list(user=request.user, status=status, mine=mine)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "budgets/_claim_rows.html" if request.htmx else "budgets/claim_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "mine": mine,
            "statuses": Status.choices,
            "is_finance": access.can(request.user, "budgets.claim_pay"),
        },
    )


@login_required
def claim_create(request):
    form = ClaimForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(claimant=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect(claim.get_absolute_url())
    return render(request, "budgets/claim_form.html", {"form": form})


def _claim_context(request, claim, line_form=None) -> dict:
    editable = claim.is_editable and claim.claimant_id == request.user.pk
    return {
        "claim": claim,
        "lines": selectors.claim_lines(claim=claim),
        "editable": editable,
        "line_form": line_form
        or (
            LineForm(user=request.user, initial={"date": timezone.localdate()})
            if editable
            else None
        ),
        "can_pay": claim.status == Status.APPROVED
        and access.can(request.user, "budgets.claim_pay"),
        "can_correct": claim.status == Status.PAID and claim.claimant_id == request.user.pk,
        "corrections": list(claim.corrections.all()),
    }


@login_required
def claim_detail(request, pk: int):
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    return render(request, "budgets/claim_detail.html", _claim_context(request, claim))


@login_required
@require_POST
def claim_line_add(request, pk: int):
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    if claim.claimant_id != request.user.pk:
        raise PermissionDenied
    form = LineForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            line = services.claim_line_add(claim=claim, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if line.is_converted:
                messages.success(
                    request,
                    _("Line added: %(conversion)s (USD→CNY rate of %(month)s).")
                    % {"conversion": line.conversion, "month": line.fx_month.strftime("%Y-%m")},
                )
            else:
                messages.success(request, _("Line added."))
            if line.fx_fallback:
                messages.warning(
                    request,
                    _(
                        "Finance has not uploaded the market data for %(month)s yet: the "
                        "rate of %(used)s was used."
                    )
                    % {
                        "month": line.date.strftime("%Y-%m"),
                        "used": line.fx_month.strftime("%Y-%m"),
                    },
                )
            return redirect(claim.get_absolute_url())
    claim.refresh_from_db()
    return render(
        request, "budgets/claim_detail.html", _claim_context(request, claim, form), status=400
    )


@login_required
@require_POST
def claim_line_delete(request, pk: int, line_pk: int):
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    line = claim.lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404
    try:
        services.claim_line_delete(line=line, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(claim.get_absolute_url())


@login_required
@require_POST
def claim_pay(request, pk: int):
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    try:
        services.claim_mark_paid(claim=claim, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Marked paid."))
    return redirect(claim.get_absolute_url())


@login_required
@require_POST
def claim_correct(request, pk: int):
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    try:
        correction = services.claim_correct(claim=claim, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(claim.get_absolute_url())
    messages.success(request, _("Correction drafted: add the lines that correct the paid claim."))
    return redirect(correction.get_absolute_url())


@login_required
def receipt_download(request, pk: int):
    receipt = selectors.receipt_get_for_user(user=request.user, pk=pk)
    return file_download(receipt.file, receipt.name)


# --- advances ----------------------------------------------------------------------------------


@login_required
def advance_list(request):
    page = Paginator(selectors.advance_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "budgets/advance_list.html",
        {"page": page, "outstanding": services.outstanding_advance(request.user)},
    )


@login_required
def advance_create(request):
    form = AdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advance = services.advance_create(person=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect(advance.get_absolute_url())
    return render(request, "budgets/advance_form.html", {"form": form})


@login_required
def advance_detail(request, pk: int):
    advance = selectors.advance_get_for_user(user=request.user, pk=pk)
    claims = list(advance.claims.select_related("claimant").order_by("pk"))
    return render(request, "budgets/advance_detail.html", {"advance": advance, "claims": claims})


# --- execution ---------------------------------------------------------------------------------


def _execution_params(request):
    months = selectors.execution_months(user=request.user)
    month = None
    raw = request.GET.get("month", "")
    try:
        month = date.fromisoformat(f"{raw[:7]}-01") if raw else None
    except ValueError:
        month = None
    if month is None:
        month = months[0] if months else timezone.localdate().replace(day=1)
    period = request.GET.get("period", Period.YTD)
    if period not in Period.values:
        period = Period.YTD
    group = request.GET.get("group", "region")
    if group not in selectors.GROUPS:
        group = "region"
    filters = {}
    for key in ("region", "department", "project", "category"):
        value = request.GET.get(key, "")
        if value.isdigit():
            filters[f"{key}_id"] = int(value)
    scope = request.GET.get("scope", "")
    if scope in Scope.values:
        filters["scope"] = scope
    return months, month, period, group, filters


def _label(row, group) -> str:
    if group == "scope":
        return str(Scope(row["scope"]).label)
    if group == "project":
        return row["project__name"] or "—"
    return name_in_language(row.get(f"{group}__name") or "—", row.get(f"{group}__name_en") or "")


@login_required
def execution(request):
    months, month, period, group, filters = _execution_params(request)
    rows = selectors.execution_figures(
        user=request.user, month=month, period=period, group=group, filters=filters
    )
    from urllib.parse import urlencode

    base = {
        "month": month.isoformat(),
        "period": period,
        **{k.replace("_id", ""): v for k, v in filters.items()},
    }
    for row in rows:
        row["label"] = _label(row, group)
        key = "scope" if group == "scope" else group
        drill = dict(base)
        drill[key] = row["scope"] if group == "scope" else row[f"{group}_id"]
        row["drill_url"] = "?" + urlencode(drill)
    chart = {
        "type": "bar",
        "data": {
            "labels": [r["label"] for r in rows],
            "datasets": [
                {
                    "label": str(_("Budget")),
                    "data": [float(r["total"]) for r in rows],
                    "backgroundColor": "#90a4ae",
                },
                {
                    "label": str(_("Spent")),
                    "data": [float(r["spent"] or 0) for r in rows],
                    "backgroundColor": "#2e7d32",
                },
                {
                    "label": str(_("Committed")),
                    "data": [float(r["committed"] or 0) for r in rows],
                    "backgroundColor": "#f9a825",
                },
            ],
        },
        "onClickHref": [f"{request.path}claims/{r['drill_url']}" for r in rows],
    }
    return render(
        request,
        "budgets/execution.html",
        {
            "months": months,
            "month": month,
            "period": period,
            "group": group,
            "rows": rows,
            "totals": selectors.execution_totals(rows),
            "chart": chart,
            "groups": list(selectors.GROUPS),
            "periods": Period.choices,
            "query": urlencode(base),
            "filters": filters,
            "can_run": access.can(request.user, "budgets.execution_run"),
            "computed_at": None,
        },
    )


@login_required
def execution_claims(request):
    months, month, period, group, filters = _execution_params(request)
    plain = {k.replace("_id", ""): v for k, v in filters.items()}
    lines = selectors.execution_claim_lines(
        user=request.user, month=month, period=period, filters=plain
    )
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(
        request, "budgets/execution_claims.html", {"page": page, "month": month, "period": period}
    )


@login_required
def execution_export(request):
    months, month, period, group, filters = _execution_params(request)
    rows = selectors.execution_figures(
        user=request.user, month=month, period=period, group=group, filters=filters
    )
    headers = [
        _("Group"),
        _("Budget"),
        _("Supplements"),
        _("Committed"),
        _("Spent"),
        _("Remaining"),
        _("Used %"),
    ]
    content = workbook_bytes(
        title=str(_("Budget execution")),
        headers=[str(h) for h in headers],
        rows=[
            [
                _label(r, group),
                r["budget"],
                r["supplement"],
                r["committed"],
                r["spent"],
                r["remaining"],
                r["percent"],
            ]
            for r in rows
        ],
        widths=[32, 16, 16, 16, 16, 16, 10],
    )
    return xlsx_response(filename=f"budget-execution-{month:%Y-%m}-{period}.xlsx", content=content)


@login_required
@require_POST
def execution_run(request):
    access.require(request.user, "budgets.execution_run")
    from .tasks import budget_execution_rollup_task

    raw = request.POST.get("month", "")
    try:
        month = date.fromisoformat(f"{raw[:7]}-01")
    except ValueError:
        month = timezone.localdate().replace(day=1)
    budget_execution_rollup_task.delay(month.isoformat(), False)
    messages.success(
        request,
        _("The roll-up for %(month)s is running; figures refresh when it finishes.")
        % {"month": month.strftime("%Y-%m")},
    )
    return redirect(f"{reverse('budgets:execution')}?month={month.isoformat()}")
