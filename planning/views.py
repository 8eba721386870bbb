"""Pages of marketing planning. Views parse, ask the access layer, call one service and
redirect or render; the figures come from selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.excel import workbook_bytes, xlsx_response
from core.forms import add_service_errors, flash_errors

from . import selectors, services
from .forms import (
    AdjustmentForm,
    MilestoneForm,
    PlanCreateForm,
    RollingForm,
    TargetForm,
)
from .models import (
    Adjustment,
    CompanyTarget,
    Milestone,
    RegionPlan,
    RollingTarget,
)

PAGE_SIZE = 25
TRACKING_PAGE_SIZE = 50
MAX_CELLS = 20000  # a grid post larger than any plan (300 key customers × 12 months × 2 + 12)


@login_required
def index(request):
    if access.can(request.user, "planning.tracking_read"):
        return redirect("planning:tracking")
    return redirect("planning:plan-list")


# --- grid posts ---------------------------------------------------------------------------------


def _decimal(raw: str) -> Decimal:
    text = (raw or "").replace(",", "").strip() or "0"
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


def _grid(post, prefix: str) -> tuple[dict[tuple[str, ...], Decimal], list[str]]:
    """{name parts after the prefix: value} of the inputs named "<prefix>-a-b-…", and the
    values that are not numbers."""
    cells, bad = {}, []
    for name, raw in list(post.items())[:MAX_CELLS]:
        if not name.startswith(prefix + "-"):
            continue
        try:
            cells[tuple(name[len(prefix) + 1 :].split("-"))] = _decimal(raw)
        except (InvalidOperation, ValueError):
            bad.append(raw[:20])
    return cells, bad


def _month(text: str, year: int) -> date:
    number = int(text)
    if not 1 <= number <= 12:
        raise ValueError
    return date(year, number, 1)


def _target_cells(post, prefix: str, year: int) -> tuple[dict, list[str]]:
    """Inputs "<prefix>-<customer pk or 0>-<month>-<litres|revenue>" as
    {(customer pk or None, month): {litres, revenue}}."""
    raw, bad = _grid(post, prefix)
    cells: dict = {}
    for parts, value in raw.items():
        try:
            customer, month, measure = parts
            key = (int(customer) or None, _month(month, year))
        except ValueError:
            continue
        if measure not in services.PLAN_MEASURES:
            continue
        cells.setdefault(key, {})[measure] = value
    return cells, bad


def _not_numbers(request, bad: list[str]) -> None:
    messages.error(request, _("Not a number: %(values)s") % {"values": ", ".join(bad[:5])})


# --- three-year rolling target ------------------------------------------------------------------


@login_required
def rolling_list(request):
    access.require(request.user, "planning.read")
    versions = selectors.rolling_list(user=request.user)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/rolling_list.html",
        {"page": page, "can_set": access.can(request.user, "planning.rolling_set")},
    )


@login_required
def rolling_create(request):
    access.require(request.user, "planning.rolling_set")
    year = timezone.localdate().year
    latest = RollingTarget.objects.order_by("-base_year").prefetch_related("years").first()
    initial = {"base_year": year}
    if latest:
        # Start from the latest version's figures for the years it covers.
        for row in latest.years.all():
            index = row.year - year
            if 0 <= index < 3:
                for m in ("litres", "revenue", "margin", "customers_developed"):
                    initial[f"y{index}_{m}"] = getattr(row, m)
    form = RollingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.rolling_create(
                actor=request.user,
                base_year=form.cleaned_data["base_year"],
                note=form.cleaned_data["note"],
                years=form.years(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rolling target saved."))
            return redirect(version.get_absolute_url())
    return render(request, "planning/rolling_form.html", {"form": form})


@login_required
def rolling_detail(request, pk: int):
    version = access.get_for_user(request.user, RollingTarget, pk=pk)
    return render(
        request,
        "planning/rolling_detail.html",
        {"version": version, "diff": selectors.rolling_diff(version=version)},
    )


# --- annual company target and its split --------------------------------------------------------


@login_required
def target_list(request):
    access.require(request.user, "planning.read")
    page = Paginator(selectors.target_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "planning/target_list.html",
        {"page": page, "can_set": access.can(request.user, "planning.target_set")},
    )


@login_required
def target_create(request, pk: int | None = None):
    access.require(request.user, "planning.target_set")
    target = access.get_for_user(request.user, CompanyTarget, pk=pk) if pk else None
    initial = {"year": timezone.localdate().year + 1}
    if target is not None:
        initial = {
            name: getattr(target, name) for name in TargetForm.base_fields if hasattr(target, name)
        }
    form = TargetForm(request.POST or None, initial=initial)
    if target is not None:
        form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = target.year if target else data.pop("year")
        data.pop("year", None)
        try:
            target = services.target_save(actor=request.user, year=year, target=target, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Company target saved."))
            return redirect(target.get_absolute_url())
    return render(request, "planning/target_form.html", {"form": form, "target": target})


def _regions(user):
    from regions.models import Region

    return Region.objects.filter(is_active=True).order_by("code")


@login_required
def target_detail(request, pk: int):
    target = access.get_for_user(request.user, CompanyTarget, pk=pk)
    regions = list(_regions(request.user))
    can_set = access.can(request.user, "planning.target_set")
    proposal = request.GET.get("propose") == "1" and can_set
    cells = (
        services.split_propose(user=request.user, target=target, regions=regions)
        if proposal
        else selectors.split_grid(user=request.user, target=target, regions=regions)
    )
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        raw, bad = _grid(request.POST, "s")
        if bad:
            _not_numbers(request, bad)
            return redirect(target.get_absolute_url())
        region_ids = {r.pk for r in regions}
        posted: dict = {}
        for parts, value in raw.items():
            try:
                region_id, month, measure = int(parts[0]), _month(parts[1], target.year), parts[2]
            except (ValueError, IndexError):
                continue
            if region_id in region_ids and measure in services.MEASURES:
                posted.setdefault((region_id, month), {})[measure] = value
        try:
            services.split_save(target=target, actor=request.user, cells=posted)
        except ValidationError as exc:
            flash_errors(request, exc)
            cells = posted
        else:
            messages.success(request, _("Split saved: it balances with the target."))
            return redirect(target.get_absolute_url())
    months = services.months_of(target.year)
    visible_regions = (
        regions
        if access.can(request.user, "planning.consolidate") or can_set
        else [r for r in regions if r.pk == request.user.region_id]
    )
    rows = []
    for region in visible_regions:
        for measure in services.MEASURES:
            values = [cells.get((region.pk, m), {}).get(measure) or Decimal(0) for m in months]
            rows.append(
                {
                    "region": region,
                    "measure": measure,
                    "label": services.measure_label(measure),
                    "cells": list(zip(months, values, strict=True)),
                    "total": sum(values, Decimal(0)),
                }
            )
    sums = services.split_sums(
        {k: v for k, v in cells.items() if k[0] in {r.pk for r in visible_regions}}
    )
    balance = [
        {
            "label": services.measure_label(m),
            "target": getattr(target, m),
            "split": sums[m],
            "difference": sums[m] - getattr(target, m),
        }
        for m in services.MEASURES
    ]
    return render(
        request,
        "planning/target_detail.html",
        {
            "target": target,
            "months": months,
            "rows": rows,
            "balance": balance,
            "can_set": can_set,
            "proposal": proposal,
        },
    )


# --- region plans -------------------------------------------------------------------------------


@login_required
def plan_list(request):
    access.require(request.user, "planning.read")
    year = request.GET.get("year") or ""
    plans = selectors.plan_list(user=request.user, year=int(year) if year.isdigit() else None)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/plan_list.html",
        {
            "page": page,
            "year": year,
            "can_create": access.can(request.user, "planning.plan_create"),
            "can_consolidate": access.can(request.user, "planning.consolidate"),
        },
    )


@login_required
def plan_create(request):
    access.require(request.user, "planning.plan_create")
    form = PlanCreateForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                year=form.cleaned_data["year"],
                note=form.cleaned_data["note"],
                submission_key=form.cleaned_data.get("submission_key", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft plan created: enter the targets and submit it."))
            return redirect(plan.get_absolute_url())
    return render(request, "planning/plan_form.html", {"form": form})


def _key_customers(plan: RegionPlan):
    from customers.models import KEY_ACCOUNT_CLASSES, Customer

    return Customer.objects.filter(
        region=plan.region, customer_class__in=KEY_ACCOUNT_CLASSES
    ).order_by("name")


@login_required
def plan_detail(request, pk: int):
    plan = access.get_for_user(request.user, RegionPlan, pk=pk)
    can_edit = plan.is_editable and access.can(request.user, "planning.plan_change", plan)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        cells, bad = _target_cells(request.POST, "t", plan.year)
        if bad:
            _not_numbers(request, bad)
        else:
            try:
                services.plan_lines_set(plan=plan, actor=request.user, cells=cells)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Targets saved."))
        return redirect(plan.get_absolute_url())
    versions = list(range(1, plan.current_version + 1))
    version = request.GET.get("version") or ""
    shown = int(version) if version.isdigit() and int(version) in versions else None
    customers = _key_customers(plan) if can_edit else ()
    from customers.models import DevelopmentProject

    projects = access.visible(request.user, DevelopmentProject).filter(region=plan.region)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "grid": selectors.plan_grid(plan=plan, version=shown, customers=customers),
            "version": shown or plan.current_version,
            "versions": versions,
            "budget": selectors.budget_grid(plan=plan),
            "milestones": selectors.milestone_rows(plan=plan, today=timezone.localdate()),
            "milestone_form": MilestoneForm(projects=projects) if can_edit else None,
            "adjustments": selectors.adjustment_list(user=request.user, plan=plan),
            "can_edit": can_edit,
            "measures": services.PLAN_MEASURES,
            "can_adjust": plan.is_issued
            and access.can(request.user, "planning.adjustment_create", plan),
        },
    )


@login_required
@require_POST
def plan_budget(request, pk: int):
    plan = access.get_for_user(request.user, RegionPlan, pk=pk, action="planning.plan_change")
    raw, bad = _grid(request.POST, "b")
    if bad:
        _not_numbers(request, bad)
        return redirect(plan.get_absolute_url() + "#budget")
    amounts = {}
    for parts, value in raw.items():
        try:
            amounts[(int(parts[0]), _month(parts[1], plan.year))] = value
        except (ValueError, IndexError):
            continue
    try:
        services.plan_budget_set(plan=plan, actor=request.user, amounts=amounts)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Expense budget saved."))
    return redirect(plan.get_absolute_url() + "#budget")


@login_required
@require_POST
def milestone_add(request, pk: int):
    from customers.models import DevelopmentProject

    plan = access.get_for_user(request.user, RegionPlan, pk=pk, action="planning.plan_change")
    projects = access.visible(request.user, DevelopmentProject).filter(region=plan.region)
    form = MilestoneForm(request.POST, projects=projects)
    if form.is_valid():
        try:
            services.milestone_add(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Milestone added."))
    else:
        flash_errors(request, form)
    return redirect(plan.get_absolute_url() + "#milestones")


@login_required
@require_POST
def milestone_delete(request, pk: int, milestone_pk: int):
    plan = access.get_for_user(request.user, RegionPlan, pk=pk, action="planning.plan_change")
    milestone = access.get_for_user(
        request.user, Milestone.objects.filter(plan=plan), pk=milestone_pk
    )
    try:
        services.milestone_delete(milestone=milestone, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(plan.get_absolute_url() + "#milestones")


@login_required
def plan_export(request, pk: int):
    plan = access.get_for_user(request.user, RegionPlan, pk=pk)
    version = request.GET.get("version") or ""
    shown = int(version) if version.isdigit() else None
    grid = selectors.plan_grid(plan=plan, version=shown)
    headers = [_("Customer"), _("Measure")] + [m.strftime("%Y-%m") for m in grid["months"]]
    headers.append(_("Total"))
    rows = []
    for row in grid["rows"]:
        name = str(row["customer"]) if row["customer"] else _("Other customers")
        for measure, label in (("litres", _("Volume (L)")), ("revenue", _("Revenue (CNY)"))):
            rows.append([name, label, *[c[measure] for c in row["cells"]], row["total"][measure]])
    content = workbook_bytes(title=str(plan), headers=headers, rows=rows)
    return xlsx_response(filename=f"plan-{plan.year}-{plan.region.code}.xlsx", content=content)


# --- consolidation ------------------------------------------------------------------------------


@login_required
def consolidation(request):
    access.require(request.user, "planning.consolidate")
    targets = list(CompanyTarget.objects.order_by("-year").values_list("year", flat=True))
    year = request.GET.get("year") or ""
    chosen = int(year) if year.isdigit() and int(year) in targets else None
    if chosen is None and targets:
        chosen = targets[0]
    measure = request.GET.get("measure") or "litres"
    if measure not in services.PLAN_MEASURES:
        measure = "litres"
    target = CompanyTarget.objects.filter(year=chosen).first() if chosen else None
    data = (
        selectors.consolidation(user=request.user, target=target, measure=measure)
        if target
        else None
    )
    if data:
        from django.contrib.contenttypes.models import ContentType

        from approvals.models import ApprovalRequest
        from approvals.services import approval_can_decide

        requests = {
            r.object_id: r
            for r in ApprovalRequest.objects.filter(
                content_type=ContentType.objects.get_for_model(RegionPlan),
                object_id__in=[row["plan"].pk for row in data["regions"]],
            )
        }
        for row in data["regions"]:
            approval = requests.get(row["plan"].pk)
            row["approval"] = approval
            row["can_decide"] = bool(
                approval and approval_can_decide(user=request.user, request=approval)
            )
    return render(
        request,
        "planning/consolidation.html",
        {
            "years": targets,
            "year": chosen,
            "measure": measure,
            "measures": [(m, services.measure_label(m)) for m in services.PLAN_MEASURES],
            "target": target,
            "data": data,
        },
    )


# --- adjustments --------------------------------------------------------------------------------


@login_required
def adjustment_create(request, pk: int):
    plan = access.get_for_user(request.user, RegionPlan, pk=pk, action="planning.adjustment_create")
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adjustment = services.adjustment_create(
                plan=plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                submission_key=form.cleaned_data.get("submission_key", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Adjustment drafted: change the figures and submit it."))
            return redirect(adjustment.get_absolute_url())
    return render(request, "planning/adjustment_form.html", {"form": form, "plan": plan})


@login_required
def adjustment_detail(request, pk: int):
    adjustment = access.get_for_user(request.user, Adjustment, pk=pk)
    plan = adjustment.plan
    can_edit = adjustment.is_editable and access.can(
        request.user, "planning.adjustment_change", adjustment
    )
    base_version = adjustment.version - 1 if adjustment.version else plan.current_version
    grid = selectors.plan_grid(plan=plan, version=base_version, customers=_key_customers(plan))
    changes = {(line.customer_id or 0, line.month): line for line in adjustment.lines.all()}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        cells, bad = _target_cells(request.POST, "t", plan.year)
        if bad:
            _not_numbers(request, bad)
            return redirect(adjustment.get_absolute_url())
        # Only the cells that differ from the version being adjusted are the adjustment.
        current = {
            (row["customer"].pk if row["customer"] else None, cell["month"]): cell
            for row in grid["rows"]
            for cell in row["cells"]
        }
        changed = {}
        for key, figures in cells.items():
            base = current.get(key, {"litres": Decimal(0), "revenue": Decimal(0)})
            new = {m: figures.get(m, base[m]) for m in services.PLAN_MEASURES}
            if any(new[m] != base[m] for m in services.PLAN_MEASURES):
                changed[key] = new
        try:
            services.adjustment_lines_set(adjustment=adjustment, actor=request.user, cells=changed)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("%(count)s changed figures saved.") % {"count": len(changed)},
            )
        return redirect(adjustment.get_absolute_url())
    for row in grid["rows"]:
        for cell in row["cells"]:
            line = changes.get((row["key"], cell["month"]))
            cell["new"] = line
    return render(
        request,
        "planning/adjustment_detail.html",
        {
            "adjustment": adjustment,
            "plan": plan,
            "grid": grid,
            "can_edit": can_edit,
            "measures": services.PLAN_MEASURES,
        },
    )


# --- target vs actual ---------------------------------------------------------------------------

FILTER_PARAMS = {"region": "regions", "customer": "customers", "rep": "reps", "product": "products"}


def _tracking_params(request) -> dict:
    today = timezone.localdate()
    year = request.GET.get("year") or ""
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    month = request.GET.get("month") or ""
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else today.month
    by = request.GET.get("by") or "month"
    by = by if by in selectors.TRACK_BY else "month"
    period = request.GET.get("period") or "ytd"
    period = period if period in selectors.PERIODS else "ytd"
    which = request.GET.get("which") or "current"
    which = which if which in selectors.WHICH else "current"
    filters = {}
    for param, name in FILTER_PARAMS.items():
        value = request.GET.get(param) or ""
        if value.isdigit() and len(value) < 12:
            filters[name] = [int(value)]
        elif value == "none" and param in ("customer", "rep"):
            filters[name] = [None]
    return {
        "year": year,
        "month": month,
        "by": by,
        "period": period,
        "which": which,
        "filters": filters,
    }


def _query(params: dict, **changes) -> str:
    from urllib.parse import urlencode

    values = {k: params[k] for k in ("year", "month", "by", "period", "which")}
    for param, name in FILTER_PARAMS.items():
        ids = params["filters"].get(name)
        if ids:
            values[param] = "none" if ids[0] is None else ids[0]
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v is not None})


def _which_label(which: str) -> str:
    if which == "original":
        return _("Compared with the original targets, as the plans were issued.")
    return _("Compared with the current targets, after approved adjustments.")


@login_required
def tracking(request):
    access.require(request.user, "planning.tracking_read")
    params = _tracking_params(request)
    arguments = {
        "user": request.user,
        "year": params["year"],
        "month": params["month"],
        "period": params["period"],
        "which": params["which"],
        "filters": params["filters"],
    }
    # The page shows a page of rows (a region has hundreds of key customers: those are read a
    # page at a time); the totals and the Excel download cover them all.
    if params["by"] == "customer":
        data = selectors.tracking_customers(**arguments)
    else:
        data = selectors.tracking(**arguments, by=params["by"])
    page = Paginator(data["rows"], TRACKING_PAGE_SIZE).get_page(request.GET.get("page"))
    data["rows"] = list(page.object_list)
    for row in data["rows"]:
        drill = {"by": None}
        if params["by"] == "month":
            drill["month"] = row["key"].month
            drill["period"] = "month"
        elif params["by"] in FILTER_PARAMS:
            drill[params["by"]] = "none" if row["key"] is None else row["key"]
        row["drill"] = _query(params, **drill)
    chart = {
        "type": "bar",
        "data": {
            "labels": [row["label"] for row in data["rows"]],
            "datasets": [
                {
                    "label": str(_("Target (L)")),
                    "data": [float(row["target"]["litres"]) for row in data["rows"]],
                    "backgroundColor": "#90a4ae",
                },
                {
                    "label": str(_("Actual (L)")),
                    "data": [float(row["actual"]["litres"]) for row in data["rows"]],
                    "backgroundColor": "#2e7d32",
                },
            ],
        },
        "onClickHref": [f"{request.path}orders/?{row['drill']}" for row in data["rows"]],
    }
    return render(
        request,
        "planning/tracking.html",
        {
            "data": data,
            "page": page,
            "params": params,
            "chart": chart,
            "query": _query(params),
            "which_label": _which_label(params["which"]),
            "years": range(params["year"] - 3, params["year"] + 2),
            "months": range(1, 13),
            "groups": [
                ("month", _("Month")),
                ("region", _("Region")),
                ("rep", _("Sales rep")),
                ("customer", _("Key customer")),
                ("product", _("Product")),
            ],
        },
    )


def _drill_lines(request, params):
    from orders import selectors as orders_selectors

    year, month = params["year"], params["month"]
    last = date(year, month, 1)
    first = date(year, 1, 1) if params["period"] == "ytd" else last
    filters = dict(params["filters"])
    # "Other customers": the region's customers without a target of their own are not a
    # filter the orders know; show the lines of every customer then, the rep's or region's.
    if filters.get("customers") == [None]:
        filters.pop("customers")
    if filters.get("reps") == [None]:
        filters.pop("reps")
    lines = orders_selectors.actual_lines(
        user=request.user, month_from=first, month_to=last, **filters
    )
    return lines, first, last


@login_required
def tracking_orders(request):
    access.require(request.user, "planning.tracking_read")
    params = _tracking_params(request)
    lines, first, last = _drill_lines(request, params)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/tracking_orders.html",
        {"page": page, "first": first, "last": last, "query": _query(params)},
    )


@login_required
def tracking_export(request):
    access.require(request.user, "planning.tracking_read")
    params = _tracking_params(request)
    data = selectors.tracking(
        user=request.user,
        year=params["year"],
        month=params["month"],
        by=params["by"],
        period=params["period"],
        which=params["which"],
        filters=params["filters"],
    )
    headers = [
        _("Group"),
        _("Target (L)"),
        _("Actual (L)"),
        _("Completion (L) %"),
        _("Target (CNY)"),
        _("Actual (CNY)"),
        _("Completion (CNY) %"),
    ]
    rows = [
        [
            row["label"],
            row["target"]["litres"],
            row["actual"]["litres"],
            row["litres_percent"],
            row["target"]["revenue"],
            row["actual"]["revenue"],
            row["revenue_percent"],
        ]
        for row in [*data["rows"], {**data["totals"], "label": _("Total")}]
    ]
    rows.append([_which_label(params["which"])])
    content = workbook_bytes(title=str(_("Target vs actual")), headers=headers, rows=rows)
    return xlsx_response(
        filename=f"target-vs-actual-{params['year']}-{params['month']:02d}-{params['by']}.xlsx",
        content=content,
    )


@login_required
def tracking_milestones(request):
    access.require(request.user, "planning.read")
    year = request.GET.get("year") or ""
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    plans = selectors.plan_list(user=request.user, year=year).filter(status="issued")
    today = timezone.localdate()
    sections = [
        {"plan": plan, "rows": selectors.milestone_rows(plan=plan, today=today)}
        for plan in plans[:20]
    ]
    return render(
        request,
        "planning/tracking_milestones.html",
        {"sections": sections, "year": year, "years": range(year - 3, year + 2)},
    )


@login_required
def plan_import(request, pk: int):
    from imports import ImportRefused

    from .forms import PlanImportForm

    plan = access.get_for_user(request.user, RegionPlan, pk=pk, action="planning.plan_change")
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.plan_import(
                plan=plan, upload=form.cleaned_data["file"], actor=request.user
            )
        except ImportRefused as exc:
            errors = exc.errors
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(count)s targets imported.") % {"count": count})
            return redirect(plan.get_absolute_url())
    return render(
        request, "planning/plan_import.html", {"form": form, "errors": errors, "plan": plan}
    )


@login_required
def plan_template(request, pk: int):
    """The Excel template of a plan: its key customers and "other customers" × months, with
    the targets it holds now."""
    plan = access.get_for_user(request.user, RegionPlan, pk=pk)
    grid = selectors.plan_grid(plan=plan, customers=_key_customers(plan))
    rows = []
    for row in grid["rows"]:
        name = row["customer"].name if row["customer"] else _("Other customers")
        for cell in row["cells"]:
            rows.append([name, cell["month"].month, cell["litres"], cell["revenue"]])
    content = workbook_bytes(
        title=_("Targets"),
        headers=[_("Customer"), _("Month"), _("Volume (L)"), _("Revenue (CNY)")],
        rows=rows,
        widths=[40, 8, 16, 18],
    )
    return xlsx_response(
        filename=f"plan-template-{plan.year}-{plan.region.code}.xlsx", content=content
    )
