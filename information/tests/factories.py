"""Builders for information tests: plan rows, forms in each state, entries, a digest."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from customers.models import Customer
from information.models import Channel, Digest, Entry, Frequency, InformationForm, Kind, PlanItem
from regions.roles import Role


def plan_item(
    *,
    kind=Kind.CUSTOMER_NEWS,
    frequency=Frequency.MONTHLY,
    collector_role=Role.SALES_REP,
    title=None,
    grace_days=3,
    recipients=(),
) -> PlanItem:
    item = PlanItem.objects.create(
        kind=kind,
        title=title or f"{Kind(kind).label} ({Frequency(frequency).label})",
        collector_role=collector_role,
        channel=Channel.VISITS,
        frequency=frequency,
        grace_days=grace_days,
        consolidator_role=Role.MARKETING_ADMIN,
        analyst_role=Role.DIRECTOR,
    )
    item.recipients.set(recipients)
    return item


def form(
    item: PlanItem,
    person,
    *,
    start: date,
    end: date | None = None,
    due: date | None = None,
    submitted_on: date | None = None,
) -> InformationForm:
    end = end or start
    submitted_at = None
    if submitted_on is not None:
        submitted_at = timezone.make_aware(datetime.combine(submitted_on, time(10)))
    return InformationForm.objects.create(
        plan_item=item,
        kind=item.kind,
        person=person,
        region=person.region,
        period_start=start,
        period_end=end,
        due_on=due or end + timedelta(days=item.grace_days),
        submitted_at=submitted_at,
        submitted_on=submitted_on,
    )


def entry(form_row: InformationForm, *, title="新闻", reported_on=None, **fields) -> Entry:
    return Entry.objects.create(
        form=form_row,
        kind=form_row.kind,
        author=form_row.person,
        region=form_row.region,
        reported_on=reported_on or timezone.localdate(),
        title=title,
        **fields,
    )


def digest(*, month: date, by, title="Digest") -> Digest:
    return Digest.objects.create(
        month=month, title=title, published_at=timezone.now(), published_by=by
    )


def customer(region, *, name="北岳汽车", owner=None) -> Customer:
    return Customer.objects.create(
        name=name, name_en=f"{name} EN", customer_type="oem", region=region, owner=owner
    )
