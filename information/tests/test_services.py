from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

import access
from information import selectors, services
from information.models import Digest, Entry, Frequency, InformationForm, Kind
from information.periods import period_of, periods_between
from pricing.models import CompetitorPrice
from regions.roles import Role
from tests.factories import build_org

from . import factories as f


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def today(monkeypatch):
    """Pin "today" to 2026-03-18 (a Wednesday) for the hand-made calendar below."""
    day = date(2026, 3, 18)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def test_periods_on_a_hand_made_calendar():
    # 2026-03-18 is a Wednesday: its week runs Monday 16 to Sunday 22.
    assert period_of(Frequency.WEEKLY, date(2026, 3, 18)) == (date(2026, 3, 16), date(2026, 3, 22))
    assert period_of(Frequency.MONTHLY, date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_of(Frequency.QUARTERLY, date(2026, 5, 31)) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    weeks = periods_between(Frequency.WEEKLY, date(2026, 3, 1), date(2026, 3, 31))
    # 1 March is a Sunday: its week began on 23 February; the last week ends 5 April.
    assert weeks[0] == (date(2026, 2, 23), date(2026, 3, 1))
    assert weeks[-1] == (date(2026, 3, 30), date(2026, 4, 5))
    assert len(weeks) == 6
    assert periods_between(Frequency.ON_EVENT, date(2026, 3, 1), date(2026, 3, 31)) == []


def test_forms_generated_from_the_plan_once_per_person_and_period(org):
    monthly = f.plan_item(kind=Kind.CUSTOMER_NEWS, grace_days=5)
    weekly = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY, grace_days=2)
    f.plan_item(kind=Kind.POLICY, frequency=Frequency.ON_EVENT)
    f.plan_item(kind=Kind.MARKET, collector_role=Role.TECH_SUPPORT, frequency=Frequency.QUARTERLY)

    created = services.forms_generate(start=date(2026, 3, 1), end=date(2026, 3, 31))

    reps = 3  # north_rep, north_rep2, east_rep
    # monthly: 1 period × 3 reps; weekly: 6 weeks × 3 reps; quarterly: 1 × 2 tech support
    assert created == reps + 6 * reps + 2
    assert services.forms_generate(start=date(2026, 3, 1), end=date(2026, 3, 31)) == 0
    march = InformationForm.objects.get(plan_item=monthly, person=org.north_rep)
    assert (march.period_start, march.period_end, march.due_on) == (
        date(2026, 3, 1),
        date(2026, 3, 31),
        date(2026, 4, 5),
    )
    assert march.region == org.north
    week = InformationForm.objects.get(
        plan_item=weekly, person=org.east_rep, period_start=date(2026, 3, 16)
    )
    assert week.due_on == date(2026, 3, 24)
    assert not InformationForm.objects.filter(plan_item__frequency=Frequency.ON_EVENT).exists()


def test_late_and_missing_against_a_hand_made_calendar(org, today):
    weekly = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY, grace_days=2)
    rep = org.north_rep
    # Week 2–8 March, due 10 March, handed in on the 10th: on time.
    f.form(
        weekly, rep, start=date(2026, 3, 2), end=date(2026, 3, 8), submitted_on=date(2026, 3, 10)
    )
    # Week 9–15 March, due 17 March, handed in on the 18th: late.
    f.form(
        weekly, rep, start=date(2026, 3, 9), end=date(2026, 3, 15), submitted_on=date(2026, 3, 18)
    )
    # Week 23 Feb–1 March, due 3 March, never handed in: missing.
    f.form(weekly, rep, start=date(2026, 2, 23), end=date(2026, 3, 1))
    # Week 16–22 March, due 24 March (after today), not handed in: due, neither late nor missing.
    f.form(weekly, rep, start=date(2026, 3, 16), end=date(2026, 3, 22))
    # Due in February: outside the months asked for.
    f.form(weekly, rep, start=date(2026, 2, 16), end=date(2026, 2, 22))
    # Another person, handed in on its due date.
    f.form(
        weekly,
        org.east_rep,
        start=date(2026, 3, 2),
        end=date(2026, 3, 8),
        submitted_on=date(2026, 3, 10),
    )

    counts = selectors.late_forms(month_from=date(2026, 3, 1), month_to=date(2026, 3, 1))

    assert counts[rep.pk] == {"due": 4, "late": 1, "missing": 1}
    assert counts[org.east_rep.pk] == {"due": 1, "late": 0, "missing": 0}
    both = selectors.late_forms(month_from=date(2026, 2, 1), month_to=date(2026, 3, 1))
    assert both[rep.pk] == {"due": 5, "late": 1, "missing": 2}


def test_late_forms_for_chosen_people_and_through_the_access_layer(org, today):
    monthly = f.plan_item()
    f.form(monthly, org.north_rep, start=date(2026, 2, 1), end=date(2026, 2, 28))
    f.form(monthly, org.east_rep, start=date(2026, 2, 1), end=date(2026, 2, 28))
    march = date(2026, 3, 1)

    chosen = selectors.late_forms(
        people=[org.north_rep, org.north_rep2], month_from=march, month_to=march
    )
    assert chosen == {
        org.north_rep.pk: {"due": 1, "late": 0, "missing": 1},
        org.north_rep2.pk: {"due": 0, "late": 0, "missing": 0},
    }
    # The North manager counts the North's people only.
    seen = selectors.late_forms(user=org.north_manager, month_from=march, month_to=march)
    assert set(seen) == {org.north_rep.pk}


def test_filling_a_competitor_price_records_it_in_pricings_one_list(org):
    item = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY)
    form_row = f.form(item, org.north_rep, start=date(2026, 3, 16), end=date(2026, 3, 22))
    customer = f.customer(org.north, owner=org.north_rep)

    entry = services.entry_add(
        actor=org.north_rep,
        form=form_row,
        values={
            "competitor": "巴斯夫",
            "product": "TWC-9",
            "customer": customer,
            "price": Decimal("812.50"),
            "title": "巴斯夫报价下调",
            "body": "Pd 降低 10%",
            "source": "采购部",
        },
        key="k1",
    )

    price = CompetitorPrice.objects.get()
    assert entry.competitor_price == price
    assert (price.competitor, price.price, price.customer, price.recorded_by) == (
        "巴斯夫",
        Decimal("812.50"),
        customer,
        org.north_rep,
    )
    form_row.refresh_from_db()
    assert form_row.submitted_at is not None
    # The same submission again creates nothing more.
    services.entry_add(
        actor=org.north_rep, form=form_row, values={"competitor": "巴斯夫", "title": "x"}, key="k1"
    )
    assert Entry.objects.count() == 1 and CompetitorPrice.objects.count() == 1


def test_only_the_owner_fills_a_form_and_nothing_changes_on_refusal(org):
    item = f.plan_item()
    form_row = f.form(item, org.north_rep, start=date(2026, 3, 1), end=date(2026, 3, 31))
    with pytest.raises(PermissionDenied):
        services.entry_add(actor=org.north_manager, form=form_row, values={"title": "x"})
    with pytest.raises(PermissionDenied):  # East does not even see it
        services.form_nothing_to_report(actor=org.east_manager, form=form_row)
    form_row.refresh_from_db()
    assert form_row.submitted_at is None and not Entry.objects.exists()


def test_a_north_rep_never_sees_easts_customer_news(org):
    item = f.plan_item(kind=Kind.CUSTOMER_NEWS)
    east = f.form(item, org.east_rep, start=date(2026, 3, 1), end=date(2026, 3, 31))
    north = f.form(item, org.north_rep, start=date(2026, 3, 1), end=date(2026, 3, 31))
    f.entry(east, title="东区客户扩产")
    f.entry(north, title="北区客户扩产")

    assert list(access.visible(org.north_rep, InformationForm)) == [north]
    assert [e.title for e in access.visible(org.north_rep, Entry)] == ["北区客户扩产"]
    assert [e.title for e in access.visible(org.north_manager, Entry)] == ["北区客户扩产"]
    found = selectors.intelligence_search(user=org.north_rep, q="客户扩产")
    assert [e.title for e in found["entries"]] == ["北区客户扩产"]
    assert access.visible(org.mktadmin, Entry).count() == 2


def test_consolidation_marks_and_publishes_the_digest_to_the_plans_recipients(org, today):
    item = f.plan_item(recipients=[org.director, org.north_manager])
    form_row = f.form(item, org.north_rep, start=date(2026, 3, 1), end=date(2026, 3, 31))
    chosen = f.entry(form_row, title="客户A扩产", reported_on=date(2026, 3, 5))
    left_out = f.entry(form_row, title="客户B搬迁", reported_on=date(2026, 3, 6))
    february = f.entry(form_row, title="二月新闻", reported_on=date(2026, 2, 20))

    with pytest.raises(ValidationError):  # nothing marked yet
        services.digest_publish(
            actor=org.mktadmin, month=date(2026, 3, 1), title="三月", summary=""
        )
    with pytest.raises(PermissionDenied):
        services.entries_mark(actor=org.north_manager, entries=[chosen], for_analysis=True)
    assert (
        services.entries_mark(actor=org.mktadmin, entries=[chosen, february], for_analysis=True)
        == 2
    )

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        digest = services.digest_publish(
            actor=org.mktadmin,
            month=date(2026, 3, 12),
            title="三月情报",
            summary="价格战",
            key="d1",
        )

    assert digest.month == date(2026, 3, 1)
    assert list(digest.entries.all()) == [chosen]
    left_out.refresh_from_db()
    february.refresh_from_db()
    assert left_out.digest is None and february.digest is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "director@example.com",
        "north_manager@example.com",
    ]
    assert digest.recipients_count == 2
    # Published once: again for the same month is refused.
    with pytest.raises(ValidationError):
        services.digest_publish(actor=org.mktadmin, month=date(2026, 3, 1), title="x", summary="")
    assert Digest.objects.count() == 1


def test_an_event_form_is_never_late_or_missing(org, today):
    event = f.plan_item(kind=Kind.POLICY, frequency=Frequency.ON_EVENT)
    f.form(event, org.north_rep, start=date(2026, 3, 2))  # opened, never handed in
    f.form(event, org.north_rep, start=date(2026, 3, 3), submitted_on=date(2026, 3, 9))
    march = date(2026, 3, 1)
    assert selectors.late_forms(people=[org.north_rep], month_from=march, month_to=march) == {
        org.north_rep.pk: {"due": 0, "late": 0, "missing": 0}
    }
    with pytest.raises(ValidationError):  # the row is collected by reps, not tech support
        services.event_form_open(actor=org.tech, plan_item=event)
    opened = services.event_form_open(actor=org.north_rep, plan_item=event)
    assert opened.due_on == today and opened.region == org.north
