"""The dashboard (SPEC §13) and the monthly operations report (SPEC §12)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.excel import xlsx_response

from . import report as report_render
from . import selectors, services
from .models import MonthlyReport

PAGE_SIZE = 50


def _chart_locale() -> str:
    return "zh-CN" if (translation.get_language() or "").startswith("zh") else "en-US"


def _region(request, regions) -> tuple[str, int | None]:
    """The region asked for, if the person sees it; otherwise none (their whole scope)."""
    code = request.GET.get("region", "")
    for region in regions:
        if region.code == code:
            return code, region.pk
    return "", None


def _bar(labels, datasets, hrefs, *, horizontal=False, percent=False) -> dict:
    options = {"animation": False, "locale": _chart_locale()}
    if horizontal:
        options["indexAxis"] = "y"
        options["scales"] = {"x": {"beginAtZero": True, "ticks": {"precision": 0}}}
    if percent:
        options["scales"] = {"y" if not horizontal else "x": {"beginAtZero": True}}
    return {
        "type": "bar",
        "data": {"labels": [str(x) for x in labels], "datasets": datasets},
        "options": options,
        "onClickHref": hrefs,
    }


def _tracking_url(last_month, /, **query) -> str:
    """Planning's target-vs-actual page for a figure: `by`, `period` (month or ytd), `which`
    and the filters, as of `last_month` (the dashboard period's last month)."""
    values = {"year": last_month.year, "month": last_month.month, **query}
    return f"{reverse('planning:tracking')}?{urlencode(values)}"


def _sales_vs_target(user, period, regions, region_code, region_id) -> dict:
    """The sales-vs-target panel with a link behind every figure: a target to planning's
    tracking page (original or current) for the region and period, an actual to the order
    lines behind it. Planning tracks a month or the year to date: a quarter's region figure
    opens the region's months."""
    data = selectors.sales_vs_target(user=user, period=period, regions=regions, region_id=region_id)
    track = access.can(user, "planning.tracking_read")
    sales_url = reverse("dashboard:sales-lines")
    if period.kind == "month":
        shape = {"by": "region", "period": "month"}
    elif period.kind == "year":
        shape = {"by": "region", "period": "ytd"}
    else:
        shape = {"by": "month", "period": "ytd"}
    scope = {"region": region_id} if region_id else {}

    def links(row, tracking: dict, sales: dict) -> None:
        row["url"] = _tracking_url(period.end, **tracking) if track else ""
        original = _tracking_url(period.end, **tracking, which="original") if track else ""
        row["original_url"] = original
        row["actual_url"] = f"{sales_url}?{urlencode(sales)}"

    base = {**period.query(), **({"region": region_code} if region_code else {})}
    for row in data["by_region"]:
        region = {"region": row["key"]} if row["key"] else {}
        links(row, {**shape, **region}, {**base, "region": row["code"]})
    links(data["totals"], {**shape, **scope}, base)
    for row in data["by_month"]:
        month = {"month": row["key"].month, "by": "region", "period": "month", **scope}
        query = {"period": "month", "month": f"{row['key']:%Y-%m}"}
        if region_code:
            query["region"] = region_code
        links(row, month, query)
    return data


def _target_chart(targets: dict) -> dict:
    """Revenue by month of the year to date: the actual as bars, the current and the original
    targets as lines; a click opens the month on planning's tracking page."""
    months = targets["by_month"]
    chart = _bar(
        [f"{r['key']:%Y-%m}" for r in months],
        [
            {
                "label": _("Actual revenue (CNY)"),
                "data": [float(r["actual"]["revenue"]) for r in months],
                "backgroundColor": "#1971c2",
                "order": 2,
            },
            {
                "type": "line",
                "label": _("Current target (CNY)"),
                "data": [float(r["current"]["revenue"]) for r in months],
                "borderColor": "#2e7d32",
                "backgroundColor": "#2e7d32",
                "order": 1,
            },
            {
                "type": "line",
                "label": _("Original target (CNY)"),
                "data": [float(r["original"]["revenue"]) for r in months],
                "borderColor": "#868e96",
                "backgroundColor": "#868e96",
                "borderDash": [6, 4],
                "order": 0,
            },
        ],
        [r["url"] or r["actual_url"] for r in months],
    )
    chart["options"]["scales"] = {"y": {"beginAtZero": True}}
    return chart


def _kpis(user, period, region_id) -> dict:
    """The KPI ranking panel: the regions' scores and the top people of the latest month with
    computed KPIs, each linked to the ranking page or the person's scorecard."""
    data = selectors.kpi_ranking(user=user, month=period.end, region_id=region_id, person=user)
    if data["month"] is None:
        return data
    month = f"{data['month']:%Y-%m-%d}"
    ranking = reverse("performance:ranking")
    data["url"] = f"{ranking}?{urlencode({'month': month})}"
    for row in data["regions"]:
        row["url"] = f"{ranking}?{urlencode({'month': month, 'region': row['region__code']})}"
    for row in [*data["top"], *([data["own"]] if data["own"] else [])]:
        scorecard = reverse("performance:scorecard", args=[row["person_id"]])
        row["url"] = f"{scorecard}?{urlencode({'month': month})}"
    return data


@login_required
def index(request):
    user = request.user
    access.require(user, "dashboard.view")
    period = selectors.period_from(request.GET)
    regions = selectors.scope_regions(user=user)
    region_code, region_id = _region(request, regions)
    base = {**period.query(), **({"region": region_code} if region_code else {})}

    sales = selectors.sales(user=user, period=period, regions=regions, region_id=region_id)
    sales_url = reverse("dashboard:sales-lines")
    for row in sales["by_region"]:
        row["url"] = f"{sales_url}?{urlencode({**base, 'region': row['code']})}"
    sales["url"] = f"{sales_url}?{urlencode(base)}"
    month_urls = []
    for row in sales["by_month"]:
        query = {"period": "month", "month": f"{row['month']:%Y-%m}"}
        if region_code:
            query["region"] = region_code
        month_urls.append(f"{sales_url}?{urlencode(query)}")

    targets = _sales_vs_target(user, period, regions, region_code, region_id)
    kpis = None
    if access.can(user, "performance.team_view"):
        kpis = _kpis(user, period, region_id)

    funnel = selectors.funnel(user=user, region_code=region_code)
    projects = reverse("customers:project-list")
    for row in funnel["rows"]:
        query = {"stage": row.stage, "status": "active"}
        if region_code:
            query["region"] = region_code
        row.url = f"{projects}?{urlencode(query)}"
        row.late_url = f"{projects}?{urlencode({**query, 'late': '1'})}"

    budget = selectors.budget(user=user, period=period, region_id=region_id)
    lines = reverse("dashboard:budget-lines")
    for row in budget["by_region"]:
        row["url"] = f"{lines}?{urlencode({**base, 'scope': 'region', 'region': row['key']})}"
    for row in budget["by_category"]:
        query = {**base, "category": row["key"]}
        if region_id:
            query["region"] = region_id
        row["url"] = f"{lines}?{urlencode(query)}"

    prices = selectors.prices(user=user, period=period, region_id=region_id)
    quotes = reverse("dashboard:price-quotes")
    for row in prices["by_class"]:
        row["url"] = f"{quotes}?{urlencode({**base, 'class': row['key']})}"
        row["below_url"] = f"{quotes}?{urlencode({**base, 'class': row['key'], 'below': '1'})}"
    for row in prices["by_lifecycle"]:
        row["url"] = f"{quotes}?{urlencode({**base, 'lifecycle': row['key']})}"
    prices["url"] = f"{quotes}?{urlencode(base)}"
    prices["below_url"] = f"{quotes}?{urlencode({**base, 'below': '1'})}"

    charts = {
        "sales": _bar(
            [f"{r['month']:%Y-%m}" for r in sales["by_month"]],
            [
                {
                    "label": _("Revenue (CNY)"),
                    "data": [float(r["revenue"]) for r in sales["by_month"]],
                    "backgroundColor": "#1971c2",
                },
                {
                    "label": _("Gross margin (CNY)"),
                    "data": [float(r["margin"]) for r in sales["by_month"]],
                    "backgroundColor": "#2e7d32",
                },
            ],
            month_urls,
        ),
        "targets": _target_chart(targets),
        "funnel": _bar(
            [r.label for r in funnel["rows"]],
            [
                {
                    "label": _("Active projects"),
                    "data": [r.count for r in funnel["rows"]],
                    "backgroundColor": "#1971c2",
                },
                {
                    "label": _("Late milestones"),
                    "data": [r.late for r in funnel["rows"]],
                    "backgroundColor": "#e03131",
                },
            ],
            [r.url for r in funnel["rows"]],
            horizontal=True,
        ),
        "budget": _bar(
            [r["label"] for r in budget["by_region"]],
            [
                {
                    "label": _("Budget"),
                    "data": [float(r["total"]) for r in budget["by_region"]],
                    "backgroundColor": "#90a4ae",
                },
                {
                    "label": _("Used"),
                    "data": [float(r["used"]) for r in budget["by_region"]],
                    "backgroundColor": "#2e7d32",
                },
            ],
            [r["url"] for r in budget["by_region"]],
        ),
        "prices": _bar(
            [r["label"] for r in prices["by_class"]],
            [
                {
                    "label": _("Realised vs list (%)"),
                    "data": [float(r["vs_list"] or 0) for r in prices["by_class"]],
                    "backgroundColor": "#1971c2",
                },
                {
                    "label": _("Realised vs floor (%)"),
                    "data": [float(r["vs_floor"] or 0) for r in prices["by_class"]],
                    "backgroundColor": "#f08c00",
                },
            ],
            [r["url"] for r in prices["by_class"]],
            percent=True,
        ),
    }
    return render(
        request,
        "dashboard/index.html",
        {
            "period": period,
            "kinds": list(selectors.PERIOD_KINDS.items()),
            "regions": regions,
            "region": region_code,
            "sales": sales,
            "targets": targets,
            "kpis": kpis,
            "funnel": funnel,
            "budget": budget,
            "prices": prices,
            "queue": selectors.queue(user=user),
            "charts": charts,
            "can_report": access.can(user, "dashboard.report_view"),
        },
    )


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 10 else None


@login_required
def budget_lines(request):
    """The expense lines behind one budget figure of the dashboard."""
    access.require(request.user, "dashboard.view")
    period = selectors.period_from(request.GET)
    scope = "region" if request.GET.get("scope") == "region" else ""
    lines = selectors.budget_lines(
        user=request.user,
        period=period,
        region_id=_int(request.GET.get("region")),
        category_id=_int(request.GET.get("category")),
        scope=scope,
    )
    from django.db.models import Sum

    total = lines.aggregate(t=Sum("amount"))["t"]
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/budget_lines.html",
        {"page": page, "period": period, "total": total},
    )


@login_required
def price_quotes(request):
    """The quotes behind one price realisation figure of the dashboard."""
    access.require(request.user, "dashboard.view")
    period = selectors.period_from(request.GET)
    klass = request.GET.get("class")
    regions = selectors.scope_regions(user=request.user)
    _code, region_id = _region(request, regions)
    rows, totals = selectors.price_quotes(
        user=request.user,
        period=period,
        region_id=region_id,
        lifecycle=request.GET.get("lifecycle", "")[:20] or None,
        customer_class=klass[:1] if klass is not None else None,
        below_floor=request.GET.get("below") == "1",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/price_quotes.html",
        {"page": page, "period": period, "totals": totals},
    )


@login_required
def sales_lines(request):
    """The order lines behind one sales figure of the dashboard (a region's period, a month)."""
    access.require(request.user, "dashboard.view")
    period = selectors.period_from(request.GET)
    regions = selectors.scope_regions(user=request.user)
    _code, region_id = _region(request, regions)
    lines, totals = selectors.sales_lines(user=request.user, period=period, region_id=region_id)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/sales_lines.html",
        {"page": page, "period": period, "totals": totals},
    )


# --- the monthly report ----------------------------------------------------------------------


@login_required
def report_list(request):
    access.require(request.user, "dashboard.report_view")
    reports = (
        access.visible(request.user, MonthlyReport)
        .filter(is_current=True)
        .select_related("region")
        .order_by("-month", "scope_key")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/report_list.html",
        {
            "page": page,
            "can_generate": access.can(request.user, "dashboard.report_generate"),
            "default_month": services.previous_month(),
        },
    )


def _report(request, pk) -> MonthlyReport:
    access.require(request.user, "dashboard.report_view")
    return access.get_for_user(request.user, MonthlyReport, pk=pk)


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    versions = list(
        access.visible(request.user, MonthlyReport)
        .filter(month=report.month, scope_key=report.scope_key)
        .order_by("-version")
        .only("pk", "version", "is_current", "generated_at")
    )
    return render(
        request,
        "dashboard/report_detail.html",
        {"report": report, "sections": report_render.sections(report), "versions": versions},
    )


@login_required
def report_print(request, pk):
    report = _report(request, pk)
    return render(
        request,
        "dashboard/report_print.html",
        {"report": report, "sections": report_render.sections(report)},
    )


@login_required
def report_excel(request, pk):
    report = _report(request, pk)
    scope = report.region.code if report.region_id else "company"
    return xlsx_response(
        filename=f"operations-report-{report.month:%Y-%m}-{scope}-v{report.version}.xlsx",
        content=report_render.excel(report),
    )


@login_required
@require_POST
def report_generate(request):
    access.require(request.user, "dashboard.report_generate")
    raw = request.POST.get("month", "")[:7]
    try:
        month = date.fromisoformat(f"{raw}-01")
    except ValueError:
        month = None
    if month is None or not 2000 <= month.year <= 2100 or month > timezone.localdate():
        messages.error(request, _("Choose a month that has begun."))
        return redirect("dashboard:report-list")
    services.price_facts_rollup(months=[month])
    created = services.report_generate(month=month, actor=request.user)
    if created:
        messages.success(
            request,
            _("Report for %(month)s generated: %(n)s new version(s).")
            % {"month": f"{month:%Y-%m}", "n": len(created)},
        )
    else:
        messages.info(request, _("The figures have not changed: the current report stays."))
    return redirect("dashboard:report-list")
