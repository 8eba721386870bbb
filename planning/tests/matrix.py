from tests.hostile import HostileForm, choice, ids, money, number, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, MANAGERS, ActionRow, Row, only

YEAR = 2031
READERS = COMPANY_WIDE | {"mktadmin", "finance"}
# Rows of the North plan: seen by the company-wide readers and the North manager only.
NORTH_ONLY = {"north_rep": 404, "east_manager": 404, "tech": 404}
COMPANY_ONLY = {"north_rep": 404, "tech": 404}


def build(world):
    from datetime import date
    from decimal import Decimal

    from budgets.tests.factories import categories
    from customers.tests.factories import make_customer, make_project
    from planning import services
    from planning.tests.factories import company_target, issue, plan_with_lines

    categories()
    world.planning_target = company_target(world.director, year=YEAR)
    world.planning_rolling = services.rolling_create(
        actor=world.director,
        base_year=YEAR,
        note="",
        years={
            y: {"litres": 1, "revenue": 1, "margin": 1, "customers_developed": 1}
            for y in (YEAR, YEAR + 1, YEAR + 2)
        },
    )
    customer = make_customer(world.north, owner=world.north_rep)
    world.planning_customer = customer
    world.planning_plan = issue(
        plan_with_lines(world.north_manager, year=YEAR, cells={(customer, 1): ("10", "1000")})
    )
    world.planning_adjustment = services.adjustment_create(
        plan=world.planning_plan, actor=world.north_manager, reason="Line stop"
    )
    world.planning_draft = plan_with_lines(
        world.north_manager, year=YEAR + 1, cells={(customer, 1): ("10", "1000")}
    )
    world.planning_project = make_project(customer, owner=world.north_rep)
    world.planning_milestone = services.milestone_add(
        plan=world.planning_draft,
        actor=world.north_manager,
        project=world.planning_project,
        stage="samples",
        baseline_date=date(YEAR + 1, 5, 1),
    )
    world.planning_east_draft = plan_with_lines(
        world.east_manager,
        year=YEAR + 1,
        # "Other customers" only: the world has no East customer (the customers rows count on it).
        cells={(None, 2): ("5", Decimal("500"))},
    )


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


ROWS = [
    Row("planning:index", default=302),
    Row("planning:rolling-list", expect=COMPANY_ONLY | {"north_rep": 403, "tech": 403}),
    Row("planning:rolling-create", expect=only(200, "director")),
    Row("planning:rolling-detail", kwargs=_pk("planning_rolling"), expect=COMPANY_ONLY),
    Row("planning:target-list", expect={"north_rep": 403, "tech": 403}),
    Row("planning:target-create", expect=only(200, "director")),
    Row("planning:target-detail", kwargs=_pk("planning_target"), expect=COMPANY_ONLY),
    Row("planning:target-edit", kwargs=_pk("planning_target"), expect=only(200, "director")),
    Row("planning:plan-list", expect={"north_rep": 403, "tech": 403}),
    Row("planning:plan-create", expect=only(200, "north_manager", "east_manager")),
    Row("planning:plan-detail", kwargs=_pk("planning_plan"), expect=NORTH_ONLY),
    Row("planning:plan-budget", kwargs=_pk("planning_draft"), default=405),
    Row("planning:milestone-add", kwargs=_pk("planning_draft"), default=405),
    Row(
        "planning:milestone-delete",
        kwargs=lambda w: {"pk": w.planning_draft.pk, "milestone_pk": w.planning_milestone.pk},
        default=405,
    ),
    Row("planning:plan-export", kwargs=_pk("planning_plan"), expect=NORTH_ONLY),
    Row("planning:plan-template", kwargs=_pk("planning_draft"), expect=NORTH_ONLY),
    Row(
        "planning:plan-import",
        kwargs=_pk("planning_draft"),
        expect={**NORTH_ONLY, **{p: 403 for p in READERS}},
    ),
    Row(
        "planning:adjustment-create",
        kwargs=_pk("planning_plan"),
        expect={**NORTH_ONLY, **{p: 403 for p in READERS}},
    ),
    Row("planning:adjustment-detail", kwargs=_pk("planning_adjustment"), expect=NORTH_ONLY),
    Row(
        "planning:consolidation",
        expect=only(200, "mktadmin", "director", "gm", "exec"),
    ),
    Row("planning:tracking", expect={"tech": 403}),
    Row("planning:tracking-orders", expect={"tech": 403}),
    Row("planning:tracking-export", expect={"tech": 403}),
    Row("planning:tracking-milestones", expect={"north_rep": 403, "tech": 403}),
]


def _plans_but(name):
    def guard(w):
        from planning.models import PlanBudgetLine, PlanLine

        plan = getattr(w, name)
        return [
            PlanLine.objects.exclude(plan=plan),
            PlanBudgetLine.objects.exclude(plan=plan),
        ]

    return guard


def _all_plans(w):
    from planning.models import Milestone, PlanBudgetLine, PlanLine, RegionPlan

    return [
        RegionPlan.objects.all(),
        PlanLine.objects.all(),
        PlanBudgetLine.objects.all(),
        Milestone.objects.exclude(plan=w.planning_draft),
    ]


def _other_than_targets(w):
    from planning.models import RegionPlan, RegionTarget

    return [RegionPlan.objects.all(), RegionTarget.objects.exclude(target=w.planning_target)]


def _draft_ids(w):
    return [w.planning_draft.pk, w.planning_east_draft.pk, w.planning_plan.pk]


HOSTILE_FORMS = [
    HostileForm(
        "planning: new rolling target",
        persona="director",
        url="planning:rolling-create",
        fields={
            "base_year": number(),
            "note": text(),
            "y0_litres": money(),
            "y0_revenue": money(),
            "y0_margin": money(),
            "y0_customers_developed": number(),
            "y1_litres": money(),
            "y2_revenue": money(),
        },
        guard=lambda w: [__import__("planning.models").models.RegionPlan.objects.all()],
    ),
    HostileForm(
        "planning: company target",
        persona="director",
        url="planning:target-create",
        fields={
            "year": number(),
            "litres": money(),
            "revenue": money(),
            "margin": money(),
            "customers_developed": number(),
            "strategy_price": text(),
            "resource_money": money(),
            "resource_people": number(),
        },
        guard=_other_than_targets,
    ),
    HostileForm(
        "planning: split the target",
        persona="director",
        url=("planning:target-detail", lambda w: [w.planning_target.pk]),
        fields={"s-1-1-litres": money(), "s-2-13-revenue": money(), "s-x-1-margin": text()},
        guard=_other_than_targets,
    ),
    HostileForm(
        "planning: draft a plan",
        persona="north_manager",
        url="planning:plan-create",
        fields={"year": number(), "note": text()},
        guard=lambda w: [
            __import__("planning.models").models.RegionPlan.objects.exclude(region=w.north)
        ],
    ),
    HostileForm(
        "planning: plan targets",
        persona="north_manager",
        url=("planning:plan-detail", _draft_ids),
        fields={
            "t-0-1-litres": money(),
            "t-0-2-revenue": money(),
            "t-99999-1-litres": money(),
            "t-0-13-litres": text(),
        },
        guard=_plans_but("planning_draft"),
    ),
    HostileForm(
        "planning: plan budget",
        persona="north_manager",
        url=("planning:plan-budget", _draft_ids),
        fields={"b-1-1": money(), "b-2-12": money(), "b-99999-1": money(), "b-1-0": text()},
        guard=_plans_but("planning_draft"),
    ),
    HostileForm(
        "planning: upload targets from Excel",
        persona="north_manager",
        url=("planning:plan-import", _draft_ids),
        fields={"file": text()},
        guard=_plans_but("planning_draft"),
    ),
    HostileForm(
        "planning: add a milestone",
        persona="north_manager",
        url=("planning:milestone-add", _draft_ids),
        fields={
            "project": ids(lambda w: [w.planning_project.pk]),
            "stage": choice(["samples", "contact", "nonsense"]),
            "baseline_date": text(),
        },
        guard=_all_plans,
    ),
    HostileForm(
        "planning: request an adjustment",
        persona="north_manager",
        url=(
            "planning:adjustment-create",
            lambda w: [w.planning_plan.pk, w.planning_east_draft.pk],
        ),
        fields={"reason": text()},
        guard=lambda w: [__import__("planning.models").models.PlanLine.objects.all()],
    ),
    HostileForm(
        "planning: adjustment figures",
        persona="north_manager",
        url=("planning:adjustment-detail", lambda w: [w.planning_adjustment.pk]),
        fields={"t-0-1-litres": money(), "t-0-3-revenue": money(), "t-1-99-litres": text()},
        guard=lambda w: [__import__("planning.models").models.PlanLine.objects.all()],
    ),
]


ACTIONS = [
    ActionRow("planning.read", allowed=READERS | MANAGERS),
    ActionRow("planning.rolling_set", allowed={"director"}),
    ActionRow("planning.target_set", allowed={"director"}),
    ActionRow("planning.plan_create", allowed=MANAGERS),
    ActionRow(
        "planning.plan_change",
        allowed=MANAGERS,
        on=lambda w: w.planning_draft,
        allowed_on={"north_manager"},
    ),
    ActionRow("planning.consolidate", allowed={"mktadmin"} | COMPANY_WIDE),
    ActionRow(
        "planning.adjustment_create",
        allowed=MANAGERS,
        on=lambda w: w.planning_plan,
        allowed_on={"north_manager"},
    ),
    ActionRow(
        "planning.adjustment_change",
        allowed=MANAGERS,
        on=lambda w: w.planning_adjustment,
        allowed_on={"north_manager"},
    ),
    ActionRow("planning.tracking_read", allowed=EVERYONE - {"tech"}),
    ActionRow("planning.month_home", allowed=FRONT_END | COMPANY_WIDE),
]
