"""Reads of information management. Every read starts from the access layer.

Due, late and missing (docs/information.md):

* a form is **due** in a month when its due date (`due_on`) falls in that month;
* it is **late** when it was handed in after its due date (the local date it was handed in,
  `submitted_on`, is later than `due_on`);
* it is **missing** when it has not been handed in and its due date has passed (before today);
  a form due today or later and not yet handed in is neither late nor missing.

Forms "on event" are handed in when they are created and are never late or missing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

import access
from customers.models import Visit
from pricing.models import CompetitorPrice

from .models import Digest, Entry, Frequency, InformationForm, PlanItem
from .periods import month_end, month_range
from .permissions import collected_by_q

STATUS_FILTERS = ("open", "late", "missing", "handed_in")


def _scheduled(qs):
    """Forms of scheduled plan rows: an "on event" form is never due, late or missing."""
    return qs.exclude(plan_item__frequency=Frequency.ON_EVENT)


def _late_q() -> Q:
    return Q(submitted_on__isnull=False, submitted_on__gt=F("due_on"))


def _missing_q(today: date) -> Q:
    return Q(submitted_at__isnull=True, due_on__lt=today)


def late_forms(
    *, user=None, people=None, month_from: date, month_to: date
) -> dict[int, dict[str, int]]:
    """{user id: {"due": n, "late": n, "missing": n}} for the forms due from the first day of
    `month_from` to the last day of `month_to` (see the module docstring for the definitions).

    `user`: count only the forms this person may see (None: every form — for jobs such as the
    performance roll-up). `people`: only these people (users or ids); each of them is in the
    answer, with zeros when nothing was due. One query."""
    first, last = month_range(month_from, month_to)
    today = timezone.localdate()
    qs = InformationForm.objects.all() if user is None else access.visible(user, InformationForm)
    qs = _scheduled(qs.filter(due_on__gte=first, due_on__lte=last))
    ids = None
    if people is not None:
        ids = [getattr(person, "pk", person) for person in people]
        qs = qs.filter(person_id__in=ids)
    rows = (
        qs.values("person_id")
        .annotate(
            due=Count("pk"),
            late=Count("pk", filter=_late_q()),
            missing=Count("pk", filter=_missing_q(today)),
        )
        .order_by()
    )
    result = {
        row["person_id"]: {"due": row["due"], "late": row["late"], "missing": row["missing"]}
        for row in rows
    }
    for person_id in ids or ():
        result.setdefault(person_id, {"due": 0, "late": 0, "missing": 0})
    return result


def lateness_table(*, user, month_from: date, month_to: date) -> list[dict]:
    """The late-and-missing page: one row per person with forms due, worst first. Two queries."""
    counts = late_forms(user=user, month_from=month_from, month_to=month_to)
    people = {
        person.pk: person
        for person in get_user_model().objects.filter(pk__in=list(counts)).select_related("region")
    }
    rows = [{"person": people[pk], **figures} for pk, figures in counts.items() if pk in people]
    rows.sort(key=lambda r: (-(r["late"] + r["missing"]), str(r["person"])))
    return rows


def form_list(*, user, status: str = "", month: date | None = None, mine: bool = False):
    qs = access.visible(user, InformationForm).select_related("plan_item", "person", "region")
    today = timezone.localdate()
    if mine:
        qs = qs.filter(person=user)
    if month is not None:
        qs = qs.filter(due_on__gte=month.replace(day=1), due_on__lte=month_end(month))
    if status == "open":
        qs = qs.filter(submitted_at__isnull=True, due_on__gte=today)
    elif status == "late":
        qs = _scheduled(qs.filter(_late_q()))
    elif status == "missing":
        qs = _scheduled(qs.filter(_missing_q(today)))
    elif status == "handed_in":
        qs = qs.filter(submitted_at__isnull=False)
    # A correlated count, evaluated for the rows of the page only (a join and GROUP BY would
    # aggregate every form of the region before the page is cut).
    entries = (
        Entry.objects.filter(form=OuterRef("pk"))
        .order_by()
        .values("form")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(entry_count=Coalesce(Subquery(entries), 0)).order_by("-due_on", "pk")


def form_get_for_user(*, user, pk) -> InformationForm:
    return access.get_for_user(
        user, InformationForm.objects.select_related("plan_item", "person", "region"), pk=pk
    )


def form_entries(*, user, form: InformationForm) -> QuerySet[Entry]:
    return (
        access.visible(user, Entry)
        .filter(form=form)
        .select_related("customer", "competitor_price")
        .order_by("pk")
    )


def plan_list(*, user) -> QuerySet[PlanItem]:
    return access.visible(user, PlanItem).prefetch_related("recipients")


def plan_item_get_for_user(*, user, pk, write: bool = False) -> PlanItem:
    return access.get_for_user(user, PlanItem, pk=pk, action="change" if write else "view")


def event_plan_items(*, user) -> QuerySet[PlanItem]:
    """The "on event" rows of the plan this person collects for."""
    return access.visible(user, PlanItem).filter(
        collected_by_q(user), is_active=True, frequency="on_event"
    )


def entries_of_month(*, user, month: date, kind: str = "", marked: bool = False):
    qs = (
        access.visible(user, Entry)
        .filter(reported_on__gte=month.replace(day=1), reported_on__lte=month_end(month))
        .select_related("author", "region", "customer", "competitor_price", "digest")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if marked:
        qs = qs.filter(for_analysis=True)
    return qs.order_by("kind", "-reported_on", "-pk")


def month_intake(*, user, month: date) -> dict:
    """What came in for a month: forms due, handed in, late, missing; entries per kind."""
    forms = _scheduled(
        access.visible(user, InformationForm).filter(
            due_on__gte=month.replace(day=1), due_on__lte=month_end(month)
        )
    )
    today = timezone.localdate()
    figures = forms.aggregate(
        due=Count("pk"),
        handed_in=Count("pk", filter=Q(submitted_at__isnull=False)),
        late=Count("pk", filter=_late_q()),
        missing=Count("pk", filter=_missing_q(today)),
    )
    return figures


def digest_list(*, user) -> QuerySet[Digest]:
    # A correlated count for the page's digests only, as for the forms: a join and GROUP BY
    # would count every entry of every digest before the page is cut (and again for its
    # paginator).
    entries = (
        Entry.objects.filter(digest=OuterRef("pk"))
        .order_by()
        .values("digest")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        access.visible(user, Digest)
        .select_related("published_by")
        .annotate(entry_count=Coalesce(Subquery(entries), 0))
        .order_by("-month")
    )


def digest_get_for_user(*, user, pk) -> Digest:
    return access.get_for_user(user, Digest.objects.select_related("published_by"), pk=pk)


def digest_entries(*, digest: Digest) -> QuerySet[Entry]:
    """The entries of a published digest: published to every reader, so read without the
    per-person scope (the digest itself was fetched through the access layer)."""
    return digest.entries.select_related("author", "region", "customer", "competitor_price")


def competitor_prices(*, user, month_from: date, month_to: date) -> QuerySet[CompetitorPrice]:
    """Competitor prices of the period from pricing's one list (forms and quotes write it)."""
    return (
        access.visible(user, CompetitorPrice)
        .filter(observed_on__gte=month_from, observed_on__lte=month_to)
        .select_related("customer", "product", "recorded_by")
        .order_by("-observed_on", "-pk")
    )


# --- search ----------------------------------------------------------------------------------

SEARCH_LIMIT = 50


def intelligence_search(*, user, q: str) -> dict:
    """Entries, competitor prices and visits' competitor news matching `q`, each through the
    access layer. `icontains` everywhere: on PostgreSQL the trigram indexes of migration 0002
    (pg_trgm) serve it, which also works for Chinese, where full-text parsing finds no word
    boundaries; on SQLite it is a plain scan. Three queries, at most SEARCH_LIMIT rows each."""
    q = " ".join(q.split())[:100]
    if len(q) < 2:
        return {"entries": [], "prices": [], "visits": []}
    entries = (
        access.visible(user, Entry)
        .filter(
            Q(title__icontains=q)
            | Q(body__icontains=q)
            | Q(competitor__icontains=q)
            | Q(product__icontains=q)
            | Q(source__icontains=q)
        )
        .select_related("author", "customer", "competitor_price")
        .order_by("-reported_on", "-pk")[:SEARCH_LIMIT]
    )
    prices = []
    if access.can(user, "pricing.quote_view"):
        prices = (
            access.visible(user, CompetitorPrice)
            .filter(
                Q(competitor__icontains=q)
                | Q(formula_notes__icontains=q)
                | Q(source__icontains=q)
                | Q(customer__name__icontains=q)
            )
            .select_related("customer", "product")
            .order_by("-observed_on", "-pk")[:SEARCH_LIMIT]
        )
    visits = []
    if access.can(user, "customers.visit_read"):
        visits = (
            access.visible(user, Visit)
            .filter(competitor_news__icontains=q)
            .select_related("customer", "rep")
            .order_by("-visit_date", "-pk")[:SEARCH_LIMIT]
        )
    return {"entries": list(entries), "prices": list(prices), "visits": list(visits)}
