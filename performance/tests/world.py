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


def sales_world(org):
    """Issued North targets, orders, and development milestones, January 2026 (hand-computed).

    Revenue targets of the North plan (current version): north_rep 1,000 in January and 1,000
    in February (customer `key`), north_rep2 500 in January (`key2`), the region's other
    customers 500 in January (no rep). The East has no issued plan.
    Orders: January key 800 (north_rep → 80.00 %), key2 600 (north_rep2 → 120.00 %), an East
    customer 300 (east_rep: no target, nothing to measure); February key 1,200. The North in
    January 1,400 ÷ 2,000 = 70.00 %; the company 1,700 ÷ 2,000 = 85.00 %.
    Milestones of the issued North plan due in January: north_rep's project reached "samples"
    on 18 January (baseline 20th: on time) and "matching test" on 28 January (baseline 25th:
    late) → 50.00 %; north_rep2's "samples" (baseline 31st) not reached → 0.00 %; the North
    1 ÷ 3 = 33.33 %. north_rep2's "certification" (baseline 10 February, reached 1 February)
    is February's. A milestone of the East's draft plan does not count."""
    from customers.models import ProjectStage
    from customers.tests.factories import make_customer, make_project
    from orders.services import sales_month_rollup
    from orders.tests.factories import order, priced_product
    from planning import services as planning_services
    from planning.tests.factories import issue, plan_with_lines

    february = date(2026, 2, 1)
    product = priced_product(org.finance, month=JANUARY)
    key = make_customer(org.north, owner=org.north_rep)
    key2 = make_customer(org.north, owner=org.north_rep2)
    east = make_customer(org.east, owner=org.east_rep)
    plan = plan_with_lines(
        org.north_manager,
        year=2026,
        cells={
            (key, 1): ("10", "1000"),
            (key2, 1): ("5", "500"),
            (None, 1): ("5", "500"),
            (key, 2): ("10", "1000"),
        },
    )
    project = make_project(key, owner=org.north_rep)
    project2 = make_project(key2, owner=org.north_rep2)
    for proj, stage, baseline, actual in (
        (project, "samples", date(2026, 1, 20), date(2026, 1, 18)),
        (project, "matching_test", date(2026, 1, 25), date(2026, 1, 28)),
        (project2, "samples", date(2026, 1, 31), None),
        (project2, "certification", date(2026, 2, 10), date(2026, 2, 1)),
    ):
        planning_services.milestone_add(
            plan=plan, actor=org.north_manager, project=proj, stage=stage, baseline_date=baseline
        )
        ProjectStage.objects.filter(project=proj, stage=stage).update(actual_date=actual)
    issue(plan)
    east_plan = plan_with_lines(org.east_manager, year=2026, cells={(east, 1): ("5", "900")})
    east_project = make_project(east, owner=org.east_rep)
    planning_services.milestone_add(
        plan=east_plan,
        actor=org.east_manager,
        project=east_project,
        stage="samples",
        baseline_date=date(2026, 1, 15),
    )
    ProjectStage.objects.filter(project=east_project, stage="samples").update(
        actual_date=date(2026, 1, 10)
    )
    for cust, owner, quantity, month in (
        (key, org.north_rep, 8, JANUARY),
        (key2, org.north_rep2, 6, JANUARY),
        (east, org.east_rep, 3, JANUARY),
        (key, org.north_rep, 12, february),
    ):
        order(
            org.mktadmin,
            cust,
            product,
            quantity=quantity,
            unit_price="100",
            month=month,
            owner=owner,
        )
    sales_month_rollup(months=[JANUARY, february])
    return {
        "plan": plan,
        "key": key,
        "key2": key2,
        "east": east,
        "project": project,
        "product": product,
    }
