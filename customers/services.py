"""Writes of the customers app: one transaction each, validated, through the access layer's
rules checked by the caller (views pass objects they fetched with access.get_for_user)."""

from __future__ import annotations

import os
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Min, ProtectedError, Q
from django.db.models.functions import Floor
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_for, approval_open, approval_submit
from core import bounds
from core.submissions import create_once

from .models import (
    GRID_CELL,
    STAGE_ORDER,
    ActionStatus,
    Axis,
    ClassificationCriterion,
    CriterionScore,
    Customer,
    CustomerClass,
    CustomerFile,
    CustomerScore,
    DevelopmentProject,
    KeyAccountPlan,
    PlanAction,
    Platform,
    PlatformKind,
    ProjectStage,
    ScoreCell,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    Visit,
    VisitAttachment,
    platform_name_key,
)

# Scores are on 0–100; a customer at or above the threshold on an axis is "high" on it.
CLASS_THRESHOLD = Decimal("50")


# --- Customers ------------------------------------------------------------------------------


def customer_save(
    *, customer: Customer, actor, contacts=None, platforms=None, submission_key: str = ""
) -> Customer:
    """Create or update a customer with its contact and platform formsets (saved together or
    not at all). A rep or region manager's customer stays in their region. A new customer's
    form sent twice (`submission_key`) saves one customer."""
    creating = not customer.pk
    if customer.pk:
        access.require(actor, "customers.customer_change", customer)
    else:
        access.require(actor, "customers.customer_create")
    if not access.can(actor, "customers.customer_any_region"):
        customer.region = actor.region
    try:
        with transaction.atomic():
            customer.full_clean()
            # The region it had (the instance may already carry the form's new one).
            was_in = (
                Customer.objects.filter(pk=customer.pk).values_list("region_id", flat=True).first()
                if customer.pk
                else None
            )

            def save():
                customer.save()
                for formset in (contacts, platforms):
                    if formset is not None:
                        formset.instance = customer
                        formset.save()
                return customer

            if creating:
                customer = create_once(actor=actor, key=submission_key, create=save)[0]
            else:
                save()
                if was_in is not None and was_in != customer.region_id:
                    customer_regions_changed(region_ids=[was_in, customer.region_id])
    except ProtectedError as error:
        # Techsupport's technical data and development projects point at a platform (PROTECT).
        protected = error.protected_objects
        names = ", ".join(sorted({str(getattr(obj, "platform", obj)) for obj in protected}))
        if any(isinstance(obj, DevelopmentProject) for obj in protected):
            message = _(
                "The platform %(names)s cannot be removed: a development project is about it. "
                "Rename it instead."
            )
        else:
            message = _(
                "The platform %(names)s cannot be removed: technical data is recorded for it."
            )
        raise ValidationError(message % {"names": names}) from None
    return customer


@transaction.atomic
def platform_get_or_create(
    *, actor, customer: Customer, name: str, kind: str = PlatformKind.VEHICLE
) -> Platform:
    """The customer's platform of this name (compared case- and space-insensitively), created
    when the archive does not list it yet. For other apps that record something about a
    platform (techsupport's technical data): the caller has checked the actor's right to write
    its own record; this checks that the actor sees the customer. The customer row is locked so
    two people typing the same new name at once create one platform."""
    if not access.allowed(actor, customer):
        raise PermissionDenied(_("This customer is unknown or outside your scope."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Name the platform."))
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    key = platform_name_key(name)
    for existing in Platform.objects.filter(customer=customer).order_by("pk"):
        if existing.name_key == key:
            return existing
    platform = Platform(
        customer=customer,
        name=name,
        kind=kind if kind in PlatformKind.values else PlatformKind.VEHICLE,
    )
    platform.full_clean()
    platform.save()
    return platform


def customer_file_add(*, customer: Customer, upload, actor) -> CustomerFile:
    access.require(actor, "customers.customer_change", customer)
    return CustomerFile.objects.create(
        customer=customer, file=upload, name=os.path.basename(upload.name)[:200], uploaded_by=actor
    )


# --- Visits ----------------------------------------------------------------------------------

# What a visit report says beyond whom and when: a report needs its purpose or one of these.
VISIT_REPORT_FIELDS = ("purpose", "key_needs", "competitor_news", "next_steps")


def visit_report_missing_message() -> str:
    return _(
        "A visit report needs its purpose or what came of it: fill in the purpose, the "
        "customer's key needs, competitor news or next steps."
    )


def _visit_report_check(values) -> None:
    """A report with only the customer and the date does not go to the manager."""
    if not any(str(values.get(name) or "").strip() for name in VISIT_REPORT_FIELDS):
        raise ValidationError({"purpose": visit_report_missing_message()})


def visit_create(
    *, actor, customer: Customer, visit_date: date, attachments=(), submission_key="", **fields
) -> Visit:
    """Log a visit and send it to the region manager for review. A repeated submission with
    the same form's key (a double click, Back and Save again) returns the visit already saved
    instead of a second one (core.submissions)."""
    access.require(actor, "customers.visit_log")
    if not access.allowed(actor, customer):
        raise PermissionDenied(_("This customer is unknown or outside your scope."))
    today = timezone.localdate()
    if visit_date > today:
        raise ValidationError({"visit_date": _("A visit cannot be in the future.")})
    due = fields.get("next_step_due")
    if due and due < visit_date:
        raise ValidationError(
            {"next_step_due": _("The next steps cannot be due before the visit date.")}
        )
    project = fields.get("project")
    if project is not None and project.customer_id != customer.pk:
        raise ValidationError({"project": _("This project belongs to another customer.")})
    _visit_report_check(fields)
    visit = Visit(
        customer=customer,
        region=customer.region,
        rep=actor,
        visit_date=visit_date,
        submission_key=submission_key,
        **fields,
    )
    visit.full_clean(exclude=["submission_key"])

    def create():
        visit.save()
        for upload in attachments:
            VisitAttachment.objects.create(
                visit=visit, file=upload, name=os.path.basename(upload.name)[:200]
            )
        Customer.objects.filter(pk=customer.pk).filter(
            Q(last_visit_date__isnull=True) | Q(last_visit_date__lt=visit_date)
        ).update(last_visit_date=visit_date)
        approval_open(document=visit, actor=actor)
        approval_submit(document=visit, actor=actor)
        return visit

    return create_once(actor=actor, key=submission_key, create=create)[0]


def visit_update(*, visit: Visit, actor, **fields) -> Visit:
    """A returned (or still draft) visit report is corrected by its rep and resubmitted."""
    access.require(actor, "customers.visit_change", visit)
    approval = approval_for(visit)
    if visit.rep_id != actor.pk:
        raise PermissionDenied(_("Only the rep who logged this visit can change it."))
    if approval is not None and not approval.is_editable:
        raise ValidationError(
            _("This visit report is with the approver or decided; it can no longer be changed.")
        )
    due = fields.get("next_step_due")
    if due and due < fields.get("visit_date", visit.visit_date):
        raise ValidationError(
            {"next_step_due": _("The next steps cannot be due before the visit date.")}
        )
    _visit_report_check(
        {name: fields.get(name, getattr(visit, name)) for name in VISIT_REPORT_FIELDS}
    )
    with transaction.atomic():
        for key, value in fields.items():
            setattr(visit, key, value)
        visit.full_clean(exclude=["submission_key"])
        visit.save()
        approval_submit(document=visit, actor=actor)
    return visit


def visit_next_step_done(*, visit: Visit, actor) -> None:
    if visit.rep_id != actor.pk:
        raise PermissionDenied(_("Only the rep who logged this visit can tick off its next steps."))
    Visit.objects.filter(pk=visit.pk).update(next_step_done=True)


# --- Projects --------------------------------------------------------------------------------


def _project_platform(
    *, actor, customer: Customer, platform: Platform | None, new_platform_name: str, kind: str
) -> Platform | None:
    """The project's platform: one of the customer's (`platform`), or the one named
    `new_platform_name` — the customer's platform of that name, added to the archive when it
    does not list it (platform_get_or_create, under the customer's row lock). Not both; that a
    picked platform is the customer's is the model's rule (DevelopmentProject.clean)."""
    new_platform_name = " ".join((new_platform_name or "").split())
    if platform is not None and new_platform_name:
        raise ValidationError(
            {"platform": _("Choose a platform from the list or type a new name, not both.")}
        )
    if new_platform_name:
        return platform_get_or_create(
            actor=actor, customer=customer, name=new_platform_name, kind=kind
        )
    return platform


def project_create(
    *,
    actor,
    customer: Customer,
    name: str,
    platform: Platform | None = None,
    new_platform_name: str = "",
    new_platform_kind: str = PlatformKind.VEHICLE,
    expected_litres: Decimal = Decimal("0"),
    owner=None,
    started_on=None,
    submission_key: str = "",
) -> DevelopmentProject:
    """Create a project for one of the customer's platforms (picked, or typed and then added to
    the archive) with its ten stages. Its money is a project budget in the budgets app."""
    access.require(actor, "customers.project_create")
    access.require(actor, "customers.customer_change", customer)

    def create():
        project = DevelopmentProject(
            customer=customer,
            region=customer.region,
            name=name,
            platform=_project_platform(
                actor=actor,
                customer=customer,
                platform=platform,
                new_platform_name=new_platform_name,
                kind=new_platform_kind,
            ),
            expected_litres=expected_litres,
            owner=owner or actor,
            started_on=started_on or timezone.localdate(),
        )
        project.full_clean()
        project.save()
        ProjectStage.objects.bulk_create(
            ProjectStage(project=project, stage=s) for s in STAGE_ORDER
        )
        return project

    with transaction.atomic():
        return create_once(actor=actor, key=submission_key, create=create)[0]


def project_update(
    *,
    project: DevelopmentProject,
    actor,
    name: str,
    platform: Platform | None = None,
    new_platform_name: str = "",
    new_platform_kind: str = PlatformKind.VEHICLE,
    expected_litres: Decimal = Decimal("0"),
    owner=None,
    started_on=None,
) -> DevelopmentProject:
    """Change a project's name, platform, owner, expected volume and start. Its customer,
    region, stage and status are not changed here (stages move the stage; the status has its
    own form). The caller fetched the project for change through the access layer."""
    access.require(actor, "customers.project_change", project)
    with transaction.atomic():
        locked = DevelopmentProject.objects.select_for_update().get(pk=project.pk)
        locked.name = name
        locked.platform = _project_platform(
            actor=actor,
            customer=locked.customer,
            platform=platform,
            new_platform_name=new_platform_name,
            kind=new_platform_kind,
        )
        locked.expected_litres = expected_litres
        locked.owner = owner or locked.owner
        locked.started_on = started_on
        locked.full_clean()
        locked.save()
    return locked


def project_stages_ensure(*, project: DevelopmentProject) -> None:
    """Every project has a row per stage (older projects get theirs on first view)."""
    have = set(project.stages.values_list("stage", flat=True))
    missing = [ProjectStage(project=project, stage=s) for s in STAGE_ORDER if s not in have]
    if missing:
        ProjectStage.objects.bulk_create(missing, ignore_conflicts=True)


def project_stage_update(
    *, stage: ProjectStage, actor, planned_date, actual_date, owner, expected_deliverables: str
) -> list[str]:
    """Record a stage's dates, owner and expected deliverables (the plan; what was delivered is
    recorded in techsupport). The project moves to the furthest stage
    with an actual date. Returns warnings (an actual date before the planned date is allowed
    but flagged)."""
    warnings = []
    if actual_date and actual_date > timezone.localdate():
        raise ValidationError({"actual_date": _("The actual date cannot be in the future.")})
    if actual_date and planned_date and actual_date < planned_date:
        warnings.append(_("The actual date is before the planned date; check it is right."))
    access.require(actor, "customers.project_change", stage.project)
    with transaction.atomic():
        stage.planned_date = planned_date
        stage.actual_date = actual_date
        stage.owner = owner
        stage.expected_deliverables = expected_deliverables
        stage.full_clean()
        stage.save()
        project = DevelopmentProject.objects.select_for_update().get(pk=stage.project_id)
        reached = [s.stage for s in project.stages.all() if s.actual_date]
        if reached:
            furthest = max(reached, key=STAGE_ORDER.index)
            if furthest != project.stage:
                DevelopmentProject.objects.filter(pk=project.pk).update(stage=furthest)
    return warnings


def project_status_set(*, project: DevelopmentProject, status: str, actor) -> None:
    access.require(actor, "customers.project_change", project)
    DevelopmentProject.objects.filter(pk=project.pk).update(status=status)


# --- Classification --------------------------------------------------------------------------


def class_for(attractiveness: Decimal, likelihood: Decimal) -> str:
    high_a = attractiveness >= CLASS_THRESHOLD
    high_l = likelihood >= CLASS_THRESHOLD
    if high_a and high_l:
        return CustomerClass.A
    if high_a:
        return CustomerClass.B
    if high_l:
        return CustomerClass.C
    return CustomerClass.D


def _axis_score(values: dict[int, int], criteria: list[ClassificationCriterion]) -> Decimal:
    total_weight = sum((c.weight for c in criteria), Decimal("0"))
    if not total_weight:
        return Decimal("0")
    weighted = sum((Decimal(values[c.pk]) * c.weight for c in criteria), Decimal("0"))
    # Criterion scores are 0–10; the axis score is their weighted mean on 0–100.
    return (weighted / total_weight * 10).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def customer_classify(
    *, customer: Customer, year: int, values: dict[int, int], actor
) -> CustomerScore:
    """Score a customer for a year from per-criterion values (0–10) with the administrator's
    weights; the class follows from the two axis scores. The current year's class becomes the
    customer's class. Re-scoring a year replaces that year's row; other years are kept."""
    access.require(actor, "customers.customer_classify", customer)
    criteria = list(ClassificationCriterion.objects.filter(active=True))
    missing = [c for c in criteria if c.pk not in values]
    if missing:
        raise ValidationError(
            _("Score every criterion (missing: %(names)s).")
            % {"names": ", ".join(c.label for c in missing)}
        )
    if any(not 0 <= v <= 10 for v in values.values()):
        raise ValidationError(_("Each criterion is scored from 0 to 10."))
    attractiveness = _axis_score(values, [c for c in criteria if c.axis == Axis.ATTRACTIVENESS])
    likelihood = _axis_score(values, [c for c in criteria if c.axis == Axis.LIKELIHOOD])
    klass = class_for(attractiveness, likelihood)
    with transaction.atomic():
        score, _created = CustomerScore.objects.update_or_create(
            customer=customer,
            year=year,
            defaults={
                "attractiveness": attractiveness,
                "likelihood": likelihood,
                "customer_class": klass,
                "scored_by": actor,
            },
        )
        CriterionScore.objects.filter(score=score).delete()
        CriterionScore.objects.bulk_create(
            CriterionScore(score=score, criterion=c, value=values[c.pk]) for c in criteria
        )
        latest_year = (
            CustomerScore.objects.filter(customer=customer)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if latest_year == year:
            Customer.objects.filter(pk=customer.pk).update(customer_class=klass)
        score_cells_rebuild(year=year, region_ids=[customer.region_id])
    return score


# The PostgreSQL advisory lock that serialises rebuilds of the grid's cells: two
# classifications in one region at once would otherwise both delete, then both insert its rows.
_SCORE_CELLS_LOCK = 0x5C0CE11


def score_cells_rebuild(*, year: int | None = None, region_ids=None) -> int:
    """Rebuild the classification grid's fact (ScoreCell) for one year and/or some regions, or
    all of it. Set-based and idempotent: the matching cells are deleted and inserted again from
    one GROUP BY over the scores joined to their customers' (current) regions, in a transaction,
    so readers never see a region half-written and a re-run gives the same rows. Returns the
    number of cells written."""
    region_list = None if region_ids is None else sorted({r for r in region_ids if r})
    if region_list == []:
        return 0
    scores = CustomerScore.objects.all()
    stale = ScoreCell.objects.all()
    if year is not None:
        scores = scores.filter(year=year)
        stale = stale.filter(year=year)
    if region_list is not None:
        scores = scores.filter(customer__region_id__in=region_list)
        stale = stale.filter(region_id__in=region_list)
    grouped = (
        scores.annotate(
            rid=F("customer__region_id"),
            gx=Floor(F("likelihood") / GRID_CELL),
            gy=Floor(F("attractiveness") / GRID_CELL),
        )
        .values("year", "rid", "gx", "gy", "customer_class")
        .annotate(count=Count("pk"), first=Min("customer_id"))
        .order_by()
    )
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCORE_CELLS_LOCK])
        stale.delete()
        cells = ScoreCell.objects.bulk_create(
            (
                ScoreCell(
                    year=r["year"],
                    region_id=r["rid"],
                    cx=int(r["gx"]),
                    cy=int(r["gy"]),
                    customer_class=r["customer_class"],
                    n=r["count"],
                    first_customer_id=r["first"],
                    computed_at=now,
                )
                for r in grouped
            ),
            batch_size=1000,
        )
    return len(cells)


def customer_regions_changed(*, region_ids) -> None:
    """A customer moved between regions, or customers were deleted or merged: the grid's cells
    of those regions, every year, are counted again."""
    score_cells_rebuild(region_ids=region_ids)


# --- Key-account plans -----------------------------------------------------------------------


def plan_create(
    *, actor, customer: Customer, year: int, submission_key: str = "", **fields
) -> KeyAccountPlan:
    access.require(actor, "customers.plan_create")
    if not access.allowed(actor, customer):
        raise PermissionDenied(_("This customer is unknown or outside your scope."))
    if not customer.is_key_account:
        raise ValidationError(_("Key-account plans are for class A and B customers."))
    plan = KeyAccountPlan(
        customer=customer, region=customer.region, year=year, author=actor, **fields
    )

    def create():
        if KeyAccountPlan.objects.filter(customer=customer, year=year).exists():
            raise ValidationError(
                _("This customer already has a plan for %(year)s.") % {"year": year}
            )
        plan.full_clean()
        plan.save()
        approval_open(document=plan, actor=actor)
        return plan

    with transaction.atomic():
        return create_once(actor=actor, key=submission_key, create=create)[0]


def plan_update(*, plan: KeyAccountPlan, actor, **fields) -> KeyAccountPlan:
    access.require(actor, "customers.plan_change", plan)
    approval = approval_for(plan)
    if approval is not None and not approval.is_editable:
        raise ValidationError(
            _("This plan is with the approver or approved; it can no longer be changed.")
        )
    with transaction.atomic():
        for key, value in fields.items():
            setattr(plan, key, value)
        plan.full_clean()
        plan.save()
    return plan


def plan_action_add(
    *, plan: KeyAccountPlan, actor, description: str, owner, due_date: date, submission_key=""
) -> PlanAction:
    access.require(actor, "customers.plan_change", plan)
    action = PlanAction(plan=plan, description=description, owner=owner, due_date=due_date)
    action.full_clean()

    def create():
        action.save()
        return action

    return create_once(actor=actor, key=submission_key, create=create)[0]


def plan_action_status(*, action: PlanAction, actor, status: str) -> PlanAction:
    """The action's owner, or whoever may change the plan, records its progress."""
    if action.owner_id != actor.pk:
        access.require(actor, "customers.plan_change", action.plan)
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."))
    action.status = status
    action.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_on"])
    return action


# --- Surveys ---------------------------------------------------------------------------------


def survey_record(
    *,
    customer: Customer,
    actor,
    survey_date: date,
    respondent: str,
    answers: dict[int, dict],
    submission_key: str = "",
) -> Survey:
    """answers: {question id: {"score": 1–5 or None, "text": str}}; the average of the scored
    answers is stored for the customer page and the key-account plan."""
    access.require(actor, "customers.customer_change", customer)
    if survey_date > timezone.localdate():
        raise ValidationError({"survey_date": _("A survey cannot be in the future.")})
    questions = {q.pk: q for q in SurveyQuestion.objects.filter(active=True)}
    scores = [a["score"] for qid, a in answers.items() if qid in questions and a.get("score")]
    if any(not 1 <= s <= 5 for s in scores):
        raise ValidationError(_("Scores go from 1 to 5."))
    if not scores and not any((a.get("text") or "").strip() for a in answers.values()):
        raise ValidationError(_("Answer at least one question."))
    if any(len(a.get("text") or "") > bounds.NOTE_MAX for a in answers.values()):
        raise ValidationError(
            _("An answer has at most %(count)s characters.") % {"count": bounds.NOTE_MAX}
        )
    average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01")) if scores else None

    def create():
        survey = Survey.objects.create(
            customer=customer,
            survey_date=survey_date,
            respondent=respondent,
            conducted_by=actor,
            average_score=average,
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                survey=survey,
                question_id=qid,
                score=a.get("score"),
                text=(a.get("text") or "").strip(),
            )
            for qid, a in answers.items()
            if qid in questions and (a.get("score") or (a.get("text") or "").strip())
        )
        return survey

    with transaction.atomic():
        return create_once(actor=actor, key=submission_key, create=create)[0]


def upload_limit() -> int:
    return settings.UPLOAD_MAX_BYTES
