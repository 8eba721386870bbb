from datetime import date

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
from core.forms import flash_errors
from regions.models import User
from regions.roles import Role

from . import explain, selectors, services
from .forms import (
    AssessmentStartForm,
    AttendanceForm,
    InviteForm,
    KpiRunForm,
    ManagerLevelsForm,
    SelfLevelsForm,
    SheetForm,
    TrainingForm,
)
from .models import AssessmentStatus, Formula, Scope, SheetStatus

PAGE_SIZE = 25


def _month(request, months: list[date]) -> date:
    raw = request.GET.get("month", "")
    try:
        month = date.fromisoformat(f"{raw[:7]}-01") if raw else None
    except ValueError:
        month = None
    if month is None:
        month = months[0] if months else selectors.previous_month(timezone.localdate())
    return month


def _require_page(user, action: str) -> None:
    if not access.can(user, action):
        raise PermissionDenied


@login_required
def index(request):
    return redirect("performance:scorecard", pk=request.user.pk)


# --- the competency model and assessments ---------------------------------------------------------


@login_required
def competency_model(request):
    groups = selectors.competency_model(user=request.user)
    competencies = [c for g in groups for c in g.competencies.all()]
    profiles = selectors.profiles(user=request.user)
    profile_rows = [
        {
            "role": Role(role).label,
            "levels": [(c.code, levels.get(c.pk)) for c in competencies],
        }
        for role, levels in sorted(profiles.items(), key=lambda kv: list(Role.values).index(kv[0]))
    ]
    return render(
        request,
        "performance/competency_model.html",
        {"groups": groups, "competencies": competencies, "profile_rows": profile_rows},
    )


@login_required
def assessment_list(request):
    page = Paginator(selectors.assessment_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/assessment_list.html",
        {"page": page, "start_form": AssessmentStartForm()},
    )


@login_required
@require_POST
def assessment_create(request):
    form = AssessmentStartForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.assessment_start(
                person=request.user,
                actor=request.user,
                key=form.cleaned_data.get("submission_key", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect(assessment.get_absolute_url())
    return redirect("performance:assessment-list")


def _assessment_context(request, assessment, self_form=None, manager_form=None):
    rows = selectors.assessment_rows(assessment=assessment)
    competencies = [r.competency for r in rows]
    open_ = assessment.status != AssessmentStatus.AGREED
    may_self = open_ and access.can(request.user, "performance.assessment_self", assessment)
    may_manage = (
        open_
        and request.user.pk != assessment.person_id
        and access.can(request.user, "performance.assessment_manage", assessment)
    )
    if may_self and self_form is None:
        self_form = SelfLevelsForm(
            competencies=competencies,
            initial={f"self_{r.competency.pk}": r.self_level for r in rows},
        )
    if may_manage and manager_form is None:
        initial = {}
        for r in rows:
            initial[f"manager_{r.competency.pk}"] = r.manager_level
            initial[f"agreed_{r.competency.pk}"] = r.agreed_level
        manager_form = ManagerLevelsForm(
            competencies=competencies, initial=initial | {"comment": assessment.comment}
        )
    return {
        "assessment": assessment,
        "rows": rows,
        "gaps": [r for r in rows if r.gap],
        "chart": selectors.assessment_chart(rows),
        "self_form": self_form if may_self else None,
        "manager_form": manager_form if may_manage else None,
    }


@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request, "performance/assessment_detail.html", _assessment_context(request, assessment)
    )


@login_required
@require_POST
def assessment_self(request, pk: int):
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    competencies = [r.competency for r in selectors.assessment_rows(assessment=assessment)]
    form = SelfLevelsForm(request.POST, competencies=competencies)
    if form.is_valid():
        try:
            services.assessment_self_enter(
                assessment=assessment, levels=form.levels(), actor=request.user
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Your levels are saved."))
    else:
        flash_errors(request, form)
    return redirect(assessment.get_absolute_url())


@login_required
@require_POST
def assessment_manager(request, pk: int):
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    competencies = [r.competency for r in selectors.assessment_rows(assessment=assessment)]
    form = ManagerLevelsForm(request.POST, competencies=competencies)
    if form.is_valid():
        try:
            services.assessment_manager_enter(
                assessment=assessment,
                manager_levels=form.levels("manager"),
                agreed_levels=form.levels("agreed"),
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The assessment is saved."))
    else:
        flash_errors(request, form)
    return redirect(assessment.get_absolute_url())


@login_required
def team_gaps(request):
    _require_page(request.user, "performance.team_view")
    gap_list = selectors.gaps(user=request.user)
    page = Paginator(gap_list, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/gaps.html",
        {"page": page, "by_competency": selectors.gaps_by_competency(gap_list)},
    )


@login_required
def person_development(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "performance/person_development.html",
        {
            "person": person,
            "events": selectors.development_history(user=request.user, person=person),
            "gaps": selectors.gaps(user=request.user, people=[person]),
        },
    )


# --- training -------------------------------------------------------------------------------------


@login_required
def training_list(request):
    page = Paginator(selectors.training_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "performance/training_list.html", {"page": page})


@login_required
def training_create(request):
    _require_page(request.user, "performance.training_create")
    competency_qs = access.visible(request.user, selectors.Competency).order_by("code")
    form = TrainingForm(request.POST or None, competencies=competency_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.training_create(
                actor=request.user,
                topic=data["topic"],
                held_on=data["held_on"],
                trainer=data["trainer"],
                competencies=list(data["competencies"]),
                key=data.get("submission_key", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect(session.get_absolute_url())
    return render(request, "performance/training_form.html", {"form": form})


def _invitable(user, session):
    people = access.visible(user, User).filter(is_active=True).exclude(role="")
    if session.region_id:
        people = people.filter(region_id=session.region_id)
    return people.exclude(pk__in=session.attendances.values("person_id")).order_by("username")


@login_required
def training_detail(request, pk: int):
    session = selectors.training_get_for_user(user=request.user, pk=pk)
    may_manage = access.can(request.user, "performance.training_manage", session)
    attendance = selectors.training_attendance(user=request.user, session=session)
    context = {
        "session": session,
        "attendance": attendance,
        "may_manage": may_manage,
    }
    if may_manage:
        context["suggestions"] = selectors.training_suggestions(user=request.user, session=session)
        context["invite_form"] = InviteForm(people=_invitable(request.user, session))
        context["attendance_form"] = AttendanceForm(
            people=User.objects.filter(pk__in=[a.person_id for a in attendance]),
            initial={"attended": [a.person_id for a in attendance if a.attended]},
        )
    return render(request, "performance/training_detail.html", context)


@login_required
@require_POST
def training_invite(request, pk: int):
    session = selectors.training_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "performance.training_manage", session)
    form = InviteForm(request.POST, people=_invitable(request.user, session))
    if form.is_valid():
        added = services.training_invite(
            session=session, people=list(form.cleaned_data["people"]), actor=request.user
        )
        messages.success(request, _("%(n)s people invited.") % {"n": added})
    else:
        flash_errors(request, form)
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def training_attendance(request, pk: int):
    session = selectors.training_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "performance.training_manage", session)
    invited = User.objects.filter(pk__in=session.attendances.values("person_id"))
    form = AttendanceForm(request.POST, people=invited)
    if form.is_valid():
        services.training_attendance_record(
            session=session,
            attended_ids=[p.pk for p in form.cleaned_data["attended"]],
            actor=request.user,
        )
        messages.success(request, _("Attendance saved."))
    else:
        flash_errors(request, form)
    return redirect(session.get_absolute_url())


# --- KPI scorecards and ranking -------------------------------------------------------------------


@login_required
def scorecard(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    months = selectors.kpi_months(user=request.user)
    month = _month(request, months)
    card = selectors.scorecard(user=request.user, person=person, month=month)
    return render(
        request,
        "performance/scorecard.html",
        {"card": card, "person": person, "month": month, "months": months},
    )


@login_required
def scorecard_kpi(request, pk: int, formula: str):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    if formula not in Formula.values:
        raise Http404
    months = selectors.kpi_months(user=request.user)
    month = _month(request, months)
    card = selectors.scorecard(user=request.user, person=person, month=month)
    line = next((line for line in card.lines if line.formula == formula), None)
    if line is None:
        raise Http404
    context = {
        "person": person,
        "month": month,
        "line": line,
        "rows": None,
        "ratings": None,
        "order_lines": None,
        "milestones": None,
    }
    if formula == Formula.VISITS_ON_TIME:
        context["all_rows"] = selectors.visits_behind(
            user=request.user,
            person=person,
            month=month,
            region_wide=line.definition.scope != Scope.OWN,
        )
        # Late ones first; a page shows at most 100 rows (a rep has a few hundred a month).
        context["rows"] = context["all_rows"][:100]
    elif formula == Formula.SATISFACTION:
        context["ratings"] = selectors.ratings_behind(
            user=request.user,
            person=person,
            month=month,
            department=line.definition.scope != Scope.OWN,
        )
    elif formula == Formula.SALES_COMPLETION:
        # The department's target completion shows its stored company figures only: the back
        # end does not see the company's order lines.
        context.update(
            selectors.orders_behind(user=request.user, line=line, person=person, month=month)
        )
    elif formula == Formula.DEVELOPMENT_PLAN:
        context["milestones"] = selectors.milestones_behind(
            user=request.user, line=line, person=person, month=month
        )
    context["forms_url"] = (
        reverse("information:form-list") + f"?month={month:%Y-%m-%d}"
        if formula == Formula.FORMS_ON_TIME
        else ""
    )
    context["budgets_url"] = (
        reverse("budgets:execution") + f"?month={month:%Y-%m-%d}&period=ytd&group=region"
        if formula == Formula.BUDGET_KEPT
        else ""
    )
    return render(request, "performance/scorecard_kpi.html", context)


@login_required
def ranking(request):
    _require_page(request.user, "performance.team_view")
    months = selectors.kpi_months(user=request.user)
    month = _month(request, months)
    regions = list(selectors.visible_regions(user=request.user))
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    rows = selectors.ranking(user=request.user, month=month, region=region)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/ranking.html",
        {
            "page": page,
            "month": month,
            "months": months,
            "regions": regions,
            "region": region,
            "region_scores": selectors.region_scores(user=request.user, month=month),
            "run_form": KpiRunForm(initial={"month": month})
            if access.can(request.user, "performance.kpi_run")
            else None,
        },
    )


@login_required
@require_POST
def kpi_run(request):
    access.require(request.user, "performance.kpi_run")
    form = KpiRunForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        count = services.kpi_run(month=month, actor=request.user)
        messages.success(
            request,
            _("KPIs of %(month)s computed: %(n)s values.")
            % {"month": f"{month:%Y-%m}", "n": count},
        )
        return redirect(reverse("performance:ranking") + f"?month={month:%Y-%m-%d}")
    flash_errors(request, form)
    return redirect("performance:ranking")


# --- bonus sheets ---------------------------------------------------------------------------------


@login_required
def sheet_list(request):
    page = Paginator(selectors.sheet_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/sheet_list.html",
        {"page": page, "my_lines": list(selectors.my_bonus_lines(user=request.user)[:12])},
    )


@login_required
def sheet_create(request):
    _require_page(request.user, "performance.sheet_create")
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = services.sheet_create(
                actor=request.user,
                year=data["year"],
                kind=data["kind"],
                quarter=data.get("quarter"),
                key=data.get("submission_key", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect(sheet.get_absolute_url())
    return render(request, "performance/sheet_form.html", {"form": form})


@login_required
def sheet_detail(request, pk: int):
    sheet = selectors.sheet_get_for_user(user=request.user, pk=pk)
    page = Paginator(selectors.sheet_lines(user=request.user, sheet=sheet), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/sheet_detail.html",
        {
            "sheet": sheet,
            "page": page,
            "may_compute": sheet.status in (SheetStatus.DRAFT, SheetStatus.RETURNED)
            and access.can(request.user, "performance.sheet_compute", sheet),
        },
    )


@login_required
@require_POST
def sheet_compute(request, pk: int):
    sheet = selectors.sheet_get_for_user(user=request.user, pk=pk)
    try:
        services.sheet_compute(sheet=sheet, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The bonus sheet is computed again."))
    return redirect(sheet.get_absolute_url())


@login_required
def sheet_export(request, pk: int):
    sheet = selectors.sheet_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "performance.sheet_export", sheet)
    lines = selectors.sheet_lines(user=request.user, sheet=sheet)
    headers = [
        _("Person"),
        _("Role"),
        _("Region"),
        _("KPI score"),
        _("Fixed pay"),
        _("Performance pay"),
        _("Commission"),
        _("Department bonus"),
        _("Gross"),
        _("Advance deducted"),
        _("To pay"),
        _("Explanation"),
    ]
    rows = [
        [
            str(line.person),
            line.get_role_display(),
            str(line.region) if line.region_id else "",
            line.kpi_score,
            line.fixed_pay,
            line.performance_pay,
            line.commission,
            line.department_bonus,
            line.gross,
            line.advance_deduction,
            line.net,
            " / ".join(explain.lines(line.explanation)),
        ]
        for line in lines
    ]
    content = workbook_bytes(
        title=_("Bonus sheet"), headers=headers, rows=rows, widths=[18, 14, 10] + [12] * 8 + [80]
    )
    return xlsx_response(
        filename=f"bonus-sheet-{sheet.period_label.replace(' ', '-')}.xlsx", content=content
    )


@login_required
def line_detail(request, pk: int):
    line = selectors.line_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "performance/line_detail.html",
        {"line": line, "explanation": explain.lines(line.explanation)},
    )
