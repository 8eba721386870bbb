"""The customers app's own entries on the customer page's timeline and its home panel.
Each source is one query, whatever the customer's history length."""

from django.urls import reverse
from django.utils.translation import gettext as _

from access import visible

from .models import DevelopmentProject, KeyAccountPlan, Survey, Visit
from .sections import TimelineEntry, TimelineSource


def _visits(user, customer, limit):
    rows = (
        visible(user, Visit)
        .filter(customer=customer)
        .select_related("rep")
        .order_by("-visit_date", "-pk")[:limit]
    )
    return [
        TimelineEntry(
            when=v.visit_date,
            kind=_("Visit"),
            title=v.purpose or str(v.customer),
            url=v.get_absolute_url(),
            detail=f"{v.rep} · {v.people_met}".strip(" ·"),
        )
        for v in rows
    ]


def _projects(user, customer, limit):
    rows = (
        visible(user, DevelopmentProject).filter(customer=customer).order_by("-created_at")[:limit]
    )
    return [
        TimelineEntry(
            when=p.started_on or p.created_at.date(),
            kind=_("Project"),
            title=p.name,
            url=p.get_absolute_url(),
            detail=p.get_stage_display(),
        )
        for p in rows
    ]


def _plans(user, customer, limit):
    rows = visible(user, KeyAccountPlan).filter(customer=customer).order_by("-year")[:limit]
    return [
        TimelineEntry(
            when=p.created_at.date(),
            kind=_("Key-account plan"),
            title=str(p.year),
            url=p.get_absolute_url(),
        )
        for p in rows
    ]


def _surveys(user, customer, limit):
    rows = Survey.objects.filter(customer=customer).order_by("-survey_date")[:limit]
    return [
        TimelineEntry(
            when=s.survey_date,
            kind=_("Survey"),
            title=s.respondent or _("Customer survey"),
            url=reverse("customers:customer-detail", args=[customer.pk]) + "#surveys",
            detail=_("average %(score)s / 5") % {"score": s.average_score}
            if s.average_score
            else "",
        )
        for s in rows
    ]


TIMELINE = [
    TimelineSource(key="customers-visits", entries=_visits),
    TimelineSource(key="customers-projects", entries=_projects),
    TimelineSource(key="customers-plans", entries=_plans),
    TimelineSource(key="customers-surveys", entries=_surveys),
]


def home_panel(user):
    """The rep's day: next steps due this week (and overdue ones) and their customers overdue
    for a visit given their class. Two queries."""
    from django.utils import timezone

    from .selectors import customers_overdue, next_steps_this_week

    return {
        "next_steps": next_steps_this_week(user=user),
        "overdue": customers_overdue(user=user),
        "today": timezone.localdate(),
    }
