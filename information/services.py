"""Writes of information management. Each public function is one transaction and checks the
actor's right first (access.require).

* `forms_generate` creates every collector's due forms from the plan; it is set-based and
  idempotent (a unique key per plan row, person and period; bulk insert ignoring conflicts), so
  the daily task and the demo may run it as often as they like.
* A form is handed in once (`form_hand_in`: a conditional update from "not handed in"); entries
  may be added to it afterwards without changing when it was handed in.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.submissions import create_once

from .models import Digest, Entry, Frequency, InformationForm, Kind, PlanItem
from .periods import month_end, periods_between
from .permissions import collects

PLAN_FIELDS = (
    "kind",
    "title",
    "collector_role",
    "channel",
    "frequency",
    "grace_days",
    "consolidator_role",
    "analyst_role",
    "is_active",
)
ENTRY_FIELDS = (
    "title",
    "body",
    "source",
    "customer",
    "competitor",
    "product",
    "emission_standard",
    "effective_on",
    "metric",
    "value",
    "unit",
)
# How far back the daily task looks, so a person added late or a plan row created mid-period
# still gets the forms of the current periods.
LOOKBACK_DAYS = 0


# --- the plan --------------------------------------------------------------------------------


@transaction.atomic
def plan_item_save(*, actor, values: dict, recipients, instance: PlanItem | None = None):
    access.require(actor, "information.plan_edit")
    item = instance or PlanItem()
    for name in PLAN_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.updated_by = actor
    item.full_clean()
    item.save()
    item.recipients.set(recipients)
    return item


# --- due forms -------------------------------------------------------------------------------


def forms_generate(*, start: date, end: date | None = None) -> int:
    """Create the due forms of every active scheduled plan row for every period overlapping
    [start, end], for every active person holding the row's collector role. Returns how many
    forms were created (0 when run again)."""
    end = end or start
    User = get_user_model()
    people_by_role: dict[str, list] = {}
    for pk, role, region_id in User.objects.filter(is_active=True).values_list(
        "pk", "role", "region_id"
    ):
        people_by_role.setdefault(role, []).append((pk, region_id))
    rows = []
    for item in PlanItem.objects.filter(is_active=True).exclude(frequency=Frequency.ON_EVENT):
        for period_start, period_end in periods_between(item.frequency, start, end):
            due = period_end + timedelta(days=item.grace_days)
            for person_id, region_id in people_by_role.get(item.collector_role, ()):
                rows.append(
                    InformationForm(
                        plan_item=item,
                        kind=item.kind,
                        person_id=person_id,
                        region_id=region_id,
                        period_start=period_start,
                        period_end=period_end,
                        due_on=due,
                    )
                )
    if not rows:
        return 0
    before = InformationForm.objects.count()
    # Batches of 1,000 rows: one statement each; conflicts on the unique key are skipped.
    InformationForm.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return InformationForm.objects.count() - before


def forms_generate_today() -> int:
    today = timezone.localdate()
    return forms_generate(start=today - timedelta(days=LOOKBACK_DAYS), end=today)


def _hand_in(form: InformationForm, *, nothing: bool) -> None:
    now = timezone.now()
    InformationForm.objects.filter(pk=form.pk, submitted_at__isnull=True).update(
        submitted_at=now, submitted_on=timezone.localdate(now), nothing_to_report=nothing
    )
    form.refresh_from_db()


def _check_entry(kind: str, values: dict) -> None:
    errors = {}
    if kind == Kind.COMPETITOR:
        if not values.get("competitor"):
            errors["competitor"] = _("Name the competitor.")
        if values.get("price") is not None and not values.get("customer"):
            errors["customer"] = _("A competitor's price is recorded at a customer: choose one.")
    if kind == Kind.MARKET and (not values.get("metric") or values.get("value") is None):
        errors["metric"] = _("Market data needs the figure and its value.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_add(*, actor, form: InformationForm, values: dict, key: str = "") -> Entry:
    """Report one piece of information in a form (and hand the form in, if it was not yet).
    A competitor's price goes into pricing's list of competitor prices, through pricing's own
    service (and its rule on who may record prices at which customer)."""
    access.require(actor, "information.form_fill", form)
    _check_entry(form.kind, values)

    def create() -> Entry:
        entry = Entry(
            form=form,
            kind=form.kind,
            author=actor,
            region=form.region,
            reported_on=timezone.localdate(),
            **{name: _value(values, name) for name in ENTRY_FIELDS},
        )
        if form.kind == Kind.COMPETITOR and values.get("price") is not None:
            from pricing.services import competitor_price_record

            entry.competitor_price = competitor_price_record(
                actor=actor,
                customer=values["customer"],
                competitor=values["competitor"],
                price=values["price"],
                formula_notes=(values.get("body") or "")[:300],
                observed_on=timezone.localdate(),
                source=values.get("source") or "",
            )
        entry.full_clean()
        entry.save()
        return entry

    entry, _created = create_once(actor=actor, key=key, create=create)
    if not form.is_submitted:
        _hand_in(form, nothing=False)
    return entry


def _value(values: dict, name: str):
    value = values.get(name)
    if value is None and name not in ("customer", "effective_on", "value"):
        return ""
    return value


@transaction.atomic
def form_nothing_to_report(*, actor, form: InformationForm) -> InformationForm:
    access.require(actor, "information.form_fill", form)
    if form.is_submitted:
        raise ValidationError(_("This form was already handed in."))
    _hand_in(form, nothing=True)
    return form


@transaction.atomic
def event_form_open(*, actor, plan_item: PlanItem) -> InformationForm:
    """A form for something that happened today, under an "on event" row of the plan (one per
    person, row and day: reporting twice the same day adds to the same form)."""
    access.require(actor, "information.event_report")
    if plan_item.frequency != Frequency.ON_EVENT or not plan_item.is_active:
        raise ValidationError(_("This row of the plan is not reported on events."))
    if not collects(actor, plan_item):
        raise ValidationError(_("The plan gives this information to another role to collect."))
    today = timezone.localdate()
    form, _created = InformationForm.objects.get_or_create(
        plan_item=plan_item,
        person=actor,
        period_start=today,
        defaults={
            "kind": plan_item.kind,
            "region": actor.region,
            "period_end": today,
            "due_on": today,
        },
    )
    return form


# --- consolidation ---------------------------------------------------------------------------


@transaction.atomic
def entries_mark(*, actor, entries, for_analysis: bool) -> int:
    """Mark (or unmark) entries for analysis. Only entries not yet in a published digest."""
    access.require(actor, "information.consolidate")
    ids = [entry.pk for entry in entries]
    rows = access.visible(actor, Entry, action="information.consolidate").filter(
        pk__in=ids, digest__isnull=True
    )
    return rows.update(for_analysis=for_analysis)


@transaction.atomic
def digest_publish(*, actor, month: date, title: str, summary: str, key: str = "") -> Digest:
    """Publish the month's digest: the entries reported that month and marked for analysis are
    put in it, and the plan's recipients are e-mailed (after commit, each in their language)."""
    access.require(actor, "information.consolidate")
    month = month.replace(day=1)
    if Digest.objects.filter(month=month).exists():
        raise ValidationError(_("The digest of this month is already published."))
    chosen = Entry.objects.filter(
        reported_on__gte=month,
        reported_on__lte=month_end(month),
        for_analysis=True,
        digest__isnull=True,
    )
    if not chosen.exists():
        raise ValidationError(_("Mark at least one entry of the month for analysis first."))

    def create() -> Digest:
        digest = Digest(
            month=month,
            title=title,
            summary=summary,
            published_at=timezone.now(),
            published_by=actor,
        )
        digest.full_clean()
        digest.save()
        return digest

    digest, created = create_once(actor=actor, key=key, create=create)
    if not created:
        return digest
    chosen.update(digest=digest)
    from .notifications import digest_notify

    digest.recipients_count = digest_notify(digest=digest)
    digest.save(update_fields=["recipients_count"])
    return digest
