"""Permission-matrix rows for every API endpoint and the token page (see tests/matrix.py).

Each ApiRow is requested through the session and with every persona's API token, the ERP's
service account included: it reads products, costs, metal prices and the market uploads, and
nothing else. A row a persona cannot see answers 404 ("its existence is not revealed"); an
endpoint whose action the persona lacks answers 403 before any row is looked up."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tests.hostile import HostileForm, choice, ids, text
from tests.matrix import EVERYONE, ActionRow, ApiRow, Row

# What each row's expectation starts from.
NORTH_CUSTOMER = {"east_manager": 404, "tech": 404}
NORTH_VISIT = {"east_manager": 404, "tech": 403, "finance": 403}
VISIT_READ_LIST = {"tech": 403, "finance": 403}
QUOTE_READ_LIST = {"tech": 403}
NORTH_QUOTE = {"east_manager": 404, "tech": 403}
PRICES = {"tech": 403, "erp": 200}
NORTH_CLAIM = {"east_manager": 404, "tech": 404}


def build(world):
    from approvals.services import approval_open, approval_submit
    from budgets.models import CostCategory, ExecutionFigure, Scope
    from customers.models import Contact
    from pricing.models import MetalPrice, StandardCost
    from tests.testapp.models import Memo

    from ..services import token_issue_for_service

    world.north_contact = Contact.objects.create(
        customer=world.north_customer, name="Matrix contact", decision_role="technical"
    )
    world.north_figure = ExecutionFigure.objects.create(
        month=timezone.localdate().replace(day=1),
        period="month",
        scope=Scope.REGION,
        region=world.north,
        category=CostCategory.objects.order_by("pk").first(),
        budget=Decimal("1000"),
        computed_at=timezone.now(),
    )
    world.api_price = MetalPrice.objects.filter(upload=world.pricing_upload).first()
    world.api_cost = StandardCost.objects.filter(product=world.pricing_product).first()
    # An East memo waiting for the East manager (decided once in the matrix), and a North draft
    # that only its author may submit.
    east = Memo.objects.create(
        title="API east", region=world.east, amount=10, author=world.east_rep
    )
    approval_open(document=east, actor=world.east_rep)
    world.api_east_approval = approval_submit(document=east, actor=world.east_rep)
    draft = Memo.objects.create(
        title="API draft", region=world.north, amount=10, author=world.north_rep
    )
    world.api_north_draft = approval_open(document=draft, actor=world.north_rep)
    # An order the ERP pushed (every push after the first replaces it: 200).
    from orders.push import order_push

    world.erp_order, _created = order_push(actor=world.mktadmin, **_erp_order_args(world))
    world.north_rep_token, _secret = token_issue_for_service(
        user=world.north_rep, name="Matrix", days=30
    )


def _erp_order_args(world):
    from orders.push import PushedLine

    return {
        "erp_number": "MATRIX-ERP-1",
        "customer_id": world.orders_north_customer.pk,
        "order_date": date(2026, 3, 2),
        "lines": [
            PushedLine(
                product_code=world.orders_product.code,
                quantity=10,
                unit_price=Decimal("900"),
                requested_month=date(2026, 3, 1),
            )
        ],
    }


def _erp_push_body(world):
    return {
        "customer": world.orders_north_customer.pk,
        "order_date": "2026-03-02",
        "lines": [
            {
                "product_code": world.orders_product.code,
                "quantity": 12,
                "unit_price": "900.00",
                "requested_month": "2026-03-01",
            }
        ],
    }


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _visit(w):
    return {
        "customer": w.north_customer.pk,
        "visit_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "purpose": "Matrix",
    }


ROWS = [
    # --- customers
    ApiRow("api:customer-list"),
    ApiRow("api:customer-detail", kwargs=pk("north_customer"), expect=NORTH_CUSTOMER),
    ApiRow("api:contact-list"),
    ApiRow("api:contact-detail", kwargs=pk("north_contact"), expect=NORTH_CUSTOMER),
    ApiRow("api:platform-list"),
    ApiRow("api:platform-detail", kwargs=pk("north_platform"), expect=NORTH_CUSTOMER),
    ApiRow("api:project-list"),
    ApiRow("api:project-detail", kwargs=pk("north_project"), expect=NORTH_CUSTOMER),
    ApiRow("api:project-stage-list"),
    ApiRow("api:project-stage-detail", kwargs=pk("north_stage"), expect=NORTH_CUSTOMER),
    ApiRow("api:visit-list", expect=VISIT_READ_LIST),
    ApiRow("api:visit-detail", kwargs=pk("north_visit"), expect=NORTH_VISIT),
    # Logging a visit: reps and managers, of a customer they see (the East manager does not
    # see the North customer: 400, nothing saved).
    ApiRow(
        "api:visit-list",
        method="post",
        data=_visit,
        default=403,
        expect={"north_rep": 201, "north_manager": 201, "east_manager": 400},
    ),
    # --- pricing
    ApiRow("api:quote-list", expect=QUOTE_READ_LIST),
    ApiRow("api:quote-detail", kwargs=pk("pricing_north_quote"), expect=NORTH_QUOTE),
    ApiRow("api:product-list", expect=PRICES),
    ApiRow("api:product-detail", kwargs=pk("pricing_product"), expect=PRICES),
    ApiRow("api:monthly-cost-list", expect=PRICES),
    ApiRow("api:monthly-cost-detail", kwargs=pk("api_cost"), expect=PRICES),
    ApiRow("api:market-price-list", expect=PRICES),
    ApiRow("api:market-price-detail", kwargs=pk("api_price"), expect=PRICES),
    ApiRow("api:market-upload-list", expect=PRICES),
    ApiRow("api:market-upload-detail", kwargs=pk("pricing_upload"), expect=PRICES),
    # Uploading the month's file: finance only (no file: 400, nothing saved).
    ApiRow("api:market-upload-list", method="post", default=403, expect={"finance": 400}),
    # --- budgets
    ApiRow("api:budget-list"),
    ApiRow("api:budget-detail", kwargs=pk("north_budget"), expect=NORTH_CUSTOMER),
    ApiRow("api:execution-list"),
    ApiRow("api:execution-detail", kwargs=pk("north_figure"), expect=NORTH_CUSTOMER),
    ApiRow("api:claim-list"),
    ApiRow("api:claim-detail", kwargs=pk("north_claim"), expect=NORTH_CLAIM),
    # --- approvals
    ApiRow("api:approval-list"),
    ApiRow(
        "api:approval-detail",
        kwargs=pk("north_approval"),
        expect={"east_manager": 404, "tech": 404, "finance": 404},
    ),
    # Only the author submits their draft; whoever else sees it is refused (403).
    ApiRow(
        "api:approval-submit",
        kwargs=pk("api_north_draft"),
        method="post",
        default=403,
        expect={"north_rep": 200, "east_manager": 404, "tech": 404, "finance": 404},
    ),
    # The East manager decides (the first persona to reach it); after that, whoever sees it is
    # told it has been decided (400); those who do not see it get 404.
    ApiRow(
        "api:approval-decide",
        kwargs=pk("api_east_approval"),
        method="post",
        data=lambda w: {"decision": "approve"},
        default=400,
        expect={
            "north_rep": 404,
            "north_manager": 404,
            "east_manager": 200,
            "tech": 404,
            "finance": 404,
        },
    ),
    # --- orders and actuals: the ERP pushes, and reads nothing
    ApiRow("api:order-list", expect={"tech": 403}),
    ApiRow(
        "api:order-detail",
        kwargs=pk("orders_north_order"),
        expect={"east_manager": 404, "tech": 403},
    ),
    ApiRow(
        "api:actuals-list", query="month_from=2026-01-01&month_to=2026-12-01", expect={"tech": 403}
    ),
    ApiRow(
        "api:erp-order-detail",
        kwargs=lambda w: {"erp_number": w.erp_order.erp_number},
        method="put",
        data=_erp_push_body,
        content_type="application/json",
        default=403,
        expect={"mktadmin": 200, "erp": 200},
    ),
    # --- schema, documentation, tokens
    ApiRow("api:schema", expect={"erp": 200}),
    Row("api:docs"),
    Row("api:token-list"),
    Row(
        "api:token-revoke",
        kwargs=pk("north_rep_token"),
        method="post",
        default=404,
        expect={"north_rep": 302},
        anonymous=302,
    ),
]

ACTIONS = [
    # Declared in orders/permissions.py; its row is here, next to the endpoint that uses it.
    ActionRow("orders.order_push", allowed={"mktadmin", "erp"}),
    ActionRow("api.token_manage", allowed=EVERYONE),
    ActionRow(
        "api.customer_read",
        allowed=EVERYONE,
        on=lambda w: w.north_customer,
        allowed_on=EVERYONE - {"east_manager", "tech"},
    ),
    ActionRow(
        "api.project_read",
        allowed=EVERYONE,
        on=lambda w: w.north_project,
        allowed_on=EVERYONE - {"east_manager", "tech"},
    ),
    ActionRow(
        "api.budget_read",
        allowed=EVERYONE,
        on=lambda w: w.north_budget,
        allowed_on=EVERYONE - {"east_manager", "tech"},
    ),
    ActionRow(
        "api.claim_read",
        allowed=EVERYONE,
        on=lambda w: w.north_claim,
        allowed_on=EVERYONE - {"east_manager", "tech"},
    ),
    ActionRow(
        "api.approval_use",
        allowed=EVERYONE,
        on=lambda w: w.north_approval,
        allowed_on=EVERYONE - {"east_manager", "tech", "finance"},
    ),
]


def _visits_outside(w):
    from customers.models import Visit

    return Visit.objects.exclude(rep=w.north_rep)


def _tokens_of_others(w):
    from api.models import ApiToken

    return ApiToken.objects.exclude(user=w.north_rep)


def _approvals_not_mine(w):
    from approvals.models import ApprovalRequest

    return ApprovalRequest.objects.all()


HOSTILE_FORMS = [
    HostileForm(
        "api: make a token",
        persona="north_rep",
        url="api:token-list",
        fields={"name": text(), "days": choice(["30", "90", "365", "0", "-1", "100000", "x"])},
        guard=_tokens_of_others,
    ),
    HostileForm(
        "api: log a visit",
        persona="north_rep",
        url="api:visit-list",
        fields={
            "customer": ids(lambda w: [w.north_customer.pk, w.south_customer.pk]),
            "visit_date": text(),
            "purpose": text(),
            "key_needs": text(),
            "next_step_due": text(),
            "project": ids(lambda w: [w.north_project.pk]),
        },
        guard=_visits_outside,
    ),
    HostileForm(
        "api: decide an approval",
        persona="north_rep",
        url=(
            "api:approval-decide",
            lambda w: [w.north_approval.pk, w.api_east_approval.pk, w.api_north_draft.pk],
        ),
        fields={"decision": choice(["approve", "reject", "return", "x"]), "reason": text()},
        guard=_approvals_not_mine,
    ),
]
