"""A small world whose KPIs are computed by hand in the tests."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

JANUARY = date(2026, 1, 1)


def local(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def visit(customer, rep, visit_day: date, logged_day: date, hour: int = 10):
    """A visit on `visit_day` logged on `logged_day` (local time)."""
    from customers.models import Visit

    v = Visit.objects.create(
        customer=customer, region=customer.region, rep=rep, visit_date=visit_day
    )
    Visit.objects.filter(pk=v.pk).update(created_at=local(logged_day, hour))
    return v


def rated_request(customer, *, requester, assignee, rating: int, rated_on: date):
    from techsupport.tests.factories import support_request

    return support_request(
        customer,
        requester=requester,
        state="rated",
        assignee=assignee,
        rating=rating,
        rated_at=local(rated_on),
    )


def execution(region, *, month: date, budget: str, spent: str):
    """The stored year-to-date budget execution of a region (budgets' roll-up output)."""
    from budgets.models import ExecutionFigure
    from budgets.tests.factories import categories

    travel = categories()["travel"]
    return ExecutionFigure.objects.create(
        month=month,
        period="ytd",
        scope="region",
        region=region,
        category=travel,
        budget=Decimal(budget),
        spent=Decimal(spent),
        computed_at=timezone.now(),
    )


def january_world(org):
    """north_rep: 4 visits in January 2026, one logged 3 days late → 75 %; the North region
    spent 900 of 1,000 → budget kept 100; tech rated 4 and 5 → 4.5; tech2 rated 3 → the
    department's average (4 + 5 + 3) ÷ 3 = 4.0."""
    from customers.tests.factories import make_customer

    north = make_customer(org.north, owner=org.north_rep)
    day = JANUARY
    visit(north, org.north_rep, day.replace(day=5), day.replace(day=5))
    visit(north, org.north_rep, day.replace(day=10), day.replace(day=12), hour=23)  # 2 days
    visit(north, org.north_rep, day.replace(day=20), day.replace(day=23))  # 3 days: late
    visit(north, org.north_rep, day.replace(day=28), day.replace(day=28))
    # A December visit logged in January does not count for January.
    visit(north, org.north_rep, date(2025, 12, 30), day.replace(day=2))
    execution(org.north, month=JANUARY, budget="1000", spent="900")
    execution(org.east, month=JANUARY, budget="1000", spent="1250")
    rated_request(
        north, requester=org.north_rep, assignee=org.tech, rating=4, rated_on=day.replace(day=8)
    )
    rated_request(
        north, requester=org.north_rep, assignee=org.tech, rating=5, rated_on=day.replace(day=31)
    )
    rated_request(
        north, requester=org.north_rep, assignee=org.tech2, rating=3, rated_on=day.replace(day=15)
    )
    # Information forms due in January: north_rep 2 on time, 1 late, 1 missing → 50 %;
    # north_rep2 1 on time → 100 %; the North region (2 + 1) ÷ (4 + 1) = 60 %.
    from information.tests.factories import form, plan_item

    weekly = plan_item(frequency="weekly")
    for due, handed_in, person in (
        (day.replace(day=7), day.replace(day=7), org.north_rep),
        (day.replace(day=14), day.replace(day=13), org.north_rep),
        (day.replace(day=21), day.replace(day=22), org.north_rep),
        (day.replace(day=28), None, org.north_rep),
        (day.replace(day=28), day.replace(day=28), org.north_rep2),
    ):
        form(weekly, person, start=due, due=due, submitted_on=handed_in)
    # Rated on 1 February (local): not January.
    rated_request(
        north, requester=org.north_rep, assignee=org.tech, rating=1, rated_on=date(2026, 2, 1)
    )
    return north
