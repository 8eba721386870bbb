"""Permission-matrix rows for every customers URL (see tests/matrix.py).

Personas: north_rep owns the North customer and logged the North visit; reps and managers see
their region; tech support sees only what it is assigned to; marketing admin reads everything
and changes the archive; the director, GM and executive committee read everything."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from customers.models import Customer, CustomerFile, DevelopmentProject, Platform, VisitAttachment
from customers.services import plan_create, project_create, visit_create
from tests.hostile import HostileForm, choice, ids, number, text
from tests.matrix import COMPANY_WIDE, FRONT_END, ActionRow, Row, only

NORTH_SEES = {"east_manager": 404, "tech": 404}
# Create pages: front-end roles and marketing admin; nobody else.
CREATORS = only(200, "north_rep", "north_manager", "east_manager", "mktadmin")


def build(world):
    today = timezone.localdate()
    world.north_customer = Customer.objects.create(
        name="矩阵北方汽车",
        name_en="Matrix North Motor",
        customer_type="oem",
        region=world.north,
        owner=world.north_rep,
        customer_class="A",
    )
    world.north_platform = Platform.objects.create(
        customer=world.north_customer, name="MX-2.0T", kind="vehicle"
    )
    world.north_project = project_create(
        actor=world.north_rep,
        customer=world.north_customer,
        name="Matrix project",
        platform=world.north_platform,
    )
    # Another customer's platform, offered to no form of the North customer's projects.
    world.south_customer = Customer.objects.create(
        name="矩阵南方动力", customer_type="engine", region=world.south
    )
    world.south_platform = Platform.objects.create(
        customer=world.south_customer, name="MX-SOUTH", kind="engine"
    )
    world.north_stage = world.north_project.stages.first()
    world.north_visit = visit_create(
        actor=world.north_rep,
        customer=world.north_customer,
        visit_date=today - timedelta(days=1),
        purpose="技术交流",
    )
    world.north_plan = plan_create(
        actor=world.north_rep,
        customer=world.north_customer,
        year=today.year,
        resources_money=Decimal("1000"),
    )
    world.north_file = CustomerFile.objects.create(
        customer=world.north_customer, file=ContentFile(b"hello", name="m.txt"), name="m.txt"
    )
    world.north_attachment = VisitAttachment.objects.create(
        visit=world.north_visit, file=ContentFile(b"hi", name="a.txt"), name="a.txt"
    )
    world.north_action = world.north_plan.actions.create(
        description="x", owner=world.north_rep, due_date=today
    )


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


ROWS = [
    Row("customers:customer-list"),
    Row("customers:customer-export"),
    Row("customers:customer-create", expect=CREATORS),
    Row("customers:customer-detail", kwargs=pk("north_customer"), expect=NORTH_SEES),
    Row(
        "customers:customer-edit",
        kwargs=pk("north_customer"),
        expect={**only(200, "north_rep", "north_manager", "mktadmin"), **NORTH_SEES},
    ),
    Row(
        "customers:customer-classify",
        kwargs=pk("north_customer"),
        expect={**only(200, "north_rep", "north_manager", "mktadmin", "director"), **NORTH_SEES},
    ),
    Row(
        "customers:survey-create",
        kwargs=pk("north_customer"),
        expect={**only(200, "north_rep", "north_manager", "mktadmin"), **NORTH_SEES},
    ),
    Row("customers:customer-file-upload", kwargs=pk("north_customer"), method="get", default=405),
    Row("customers:customer-file", kwargs=pk("north_file"), expect=NORTH_SEES),
    Row("customers:visit-list"),
    Row("customers:visit-export"),
    Row("customers:visit-create", expect=only(200, "north_rep", "north_manager", "east_manager")),
    # A rep's visits are their own; finance does not read visit reports.
    Row(
        "customers:visit-detail",
        kwargs=pk("north_visit"),
        expect={"east_manager": 404, "tech": 404, "finance": 404},
    ),
    Row(
        "customers:visit-edit",
        kwargs=pk("north_visit"),
        expect={**only(200, "north_rep"), "east_manager": 404, "tech": 404, "finance": 404},
    ),
    Row("customers:visit-step-done", kwargs=pk("north_visit"), method="get", default=405),
    Row(
        "customers:visit-attachment",
        kwargs=pk("north_attachment"),
        expect={"east_manager": 404, "tech": 404, "finance": 404},
    ),
    Row("customers:project-list"),
    Row("customers:project-export"),
    Row("customers:project-funnel"),
    # A project needs a customer the person may change: the East manager has none in this world.
    Row("customers:project-create", expect={**CREATORS, "east_manager": 403}),
    Row("customers:project-detail", kwargs=pk("north_project"), expect=NORTH_SEES),
    Row(
        "customers:project-edit",
        kwargs=pk("north_project"),
        expect={**only(200, "north_rep", "north_manager"), **NORTH_SEES},
    ),
    Row("customers:project-status", kwargs=pk("north_project"), method="get", default=405),
    Row(
        "customers:project-stage-edit",
        kwargs=pk("north_stage"),
        expect={**only(200, "north_rep", "north_manager"), **NORTH_SEES},
    ),
    Row("customers:grid"),
    Row("customers:plan-list"),
    Row("customers:plan-create", expect=CREATORS),
    Row("customers:plan-detail", kwargs=pk("north_plan"), expect=NORTH_SEES),
    Row(
        "customers:plan-edit",
        kwargs=pk("north_plan"),
        expect={**only(200, "north_rep", "north_manager", "mktadmin"), **NORTH_SEES},
    ),
    Row("customers:plan-action-add", kwargs=pk("north_plan"), method="get", default=405),
    Row("customers:plan-action-status", kwargs=pk("north_action"), method="get", default=405),
]


def _project_form_fields():
    return {
        "name": text(),
        "platform": ids(lambda w: [w.north_platform.pk, w.south_platform.pk]),
        "new_platform_name": text(),
        "new_platform_kind": choice(["vehicle", "engine"]),
        "owner": ids(lambda w: [w.north_rep.pk, w.east_manager.pk]),
        "expected_litres": number(),
        "started_on": text(),
    }


def _project_guard(w):
    # No project may point at another customer's platform; nothing outside the North
    # customer's archive and projects changes.
    return [
        DevelopmentProject.objects.exclude(platform__isnull=True).exclude(
            platform__customer_id=F("customer_id")
        ),
        DevelopmentProject.objects.exclude(customer=w.north_customer),
        Platform.objects.exclude(customer=w.north_customer),
    ]


HOSTILE_FORMS = [
    HostileForm(
        "customers: new project, picking or typing a platform",
        persona="north_rep",
        url=lambda w: f"/customers/projects/new/?customer={w.north_customer.pk}",
        fields=_project_form_fields(),
        guard=_project_guard,
    ),
    HostileForm(
        "customers: edit a project's platform",
        persona="north_manager",
        url=("customers:project-edit", lambda w: [w.north_project.pk]),
        fields=_project_form_fields(),
        guard=_project_guard,
    ),
]


ACTIONS = [
    ActionRow("customers.customer_create", allowed=FRONT_END | {"mktadmin"}),
    ActionRow(
        "customers.customer_change",
        allowed=FRONT_END | {"mktadmin"},
        on=lambda w: w.north_customer,
        allowed_on={"north_rep", "north_manager", "mktadmin"},
    ),
    ActionRow("customers.customer_any_region", allowed={"mktadmin"}),
    ActionRow("customers.customer_own", allowed=FRONT_END),
    ActionRow("customers.plan_action_own", allowed={"tech", "director", "mktadmin"}),
    ActionRow(
        "customers.customer_classify",
        allowed=FRONT_END | {"mktadmin", "director"},
        on=lambda w: w.north_customer,
        allowed_on={"north_rep", "north_manager", "mktadmin", "director"},
    ),
    ActionRow("customers.visit_log", allowed=FRONT_END),
    ActionRow("customers.visit_read", allowed=FRONT_END | {"mktadmin"} | COMPANY_WIDE),
    ActionRow(
        "customers.visit_change",
        allowed=FRONT_END,
        on=lambda w: w.north_visit,
        allowed_on={"north_rep"},
    ),
    ActionRow("customers.project_create", allowed=FRONT_END | {"mktadmin"}),
    ActionRow(
        "customers.project_change",
        allowed=FRONT_END | {"tech"},
        on=lambda w: w.north_project,
        allowed_on={"north_rep", "north_manager"},
    ),
    ActionRow("customers.plan_create", allowed=FRONT_END | {"mktadmin"}),
    ActionRow(
        "customers.plan_change",
        allowed=FRONT_END | {"mktadmin"},
        on=lambda w: w.north_plan,
        allowed_on={"north_rep", "north_manager", "mktadmin"},
    ),
]
