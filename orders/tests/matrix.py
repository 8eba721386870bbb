from tests.hostile import HostileForm, choice, ids, money, number, text
from tests.matrix import COMPANY_WIDE, FRONT_END, ActionRow, Row, only

READERS = COMPANY_WIDE | {"mktadmin", "finance"}


def build(world):
    from datetime import date

    from orders.tests.factories import customer, order, priced_product
    from pricing.models import Quote
    from pricing.tests.factories import quote

    world.orders_product = priced_product(world.finance)
    world.orders_north_customer = customer(world.north, name="北岳订单客户", owner=world.north_rep)
    # Out of the North people's scope. Not East: customers' rows expect the East manager to
    # have no customer of their own in this world.
    world.orders_south_customer = customer(world.south, name="南岭订单客户")
    world.orders_north_order = order(
        world.mktadmin, world.orders_north_customer, world.orders_product
    )
    world.orders_cancel_order = order(
        world.mktadmin, world.orders_north_customer, world.orders_product, month=date(2026, 2, 1)
    )
    world.orders_south_order = order(
        world.mktadmin, world.orders_south_customer, world.orders_product
    )
    world.orders_won_quote = quote(
        world.north_rep, world.pricing_product, customer_obj=world.orders_north_customer
    )
    Quote.objects.filter(pk=world.orders_won_quote.pk).update(status="won")
    world.orders_won_quote.refresh_from_db()


_NORTH_ORDER_VIEWERS = {"east_manager": 404, "tech": 404}
# Changing an order: marketing admin; the North people see it (403), others do not (404).
_CHANGERS = {**only(200, "mktadmin"), "east_manager": 404, "tech": 404}
_SALES = {"tech": 403}


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


ROWS = [
    Row("orders:order-list", expect=_SALES),
    Row("orders:order-export", expect=_SALES),
    Row("orders:order-create", expect=only(200, "mktadmin")),
    Row("orders:order-detail", kwargs=_pk("orders_north_order"), expect=_NORTH_ORDER_VIEWERS),
    Row("orders:order-edit", kwargs=_pk("orders_north_order"), expect=_CHANGERS),
    Row(
        "orders:order-cancel",
        kwargs=_pk("orders_cancel_order"),
        method="post",
        data=lambda w: {"reason": "Customer withdrew"},
        expect={**_CHANGERS, "mktadmin": 302},
    ),
    Row("orders:order-cancel", kwargs=_pk("orders_cancel_order"), default=405),
    Row(
        "orders:order-from-quote",
        kwargs=lambda w: {"quote_pk": w.orders_won_quote.pk},
        expect=_CHANGERS,
    ),
    Row("orders:import", expect=only(200, "mktadmin")),
    Row("orders:sales", expect=_SALES),
    Row("orders:sales", expect=_SALES, query="rows=customer&measure=litres&month_from=2026-01"),
    Row("orders:sales-export", expect=_SALES),
    Row("orders:sales-lines", expect=_SALES, query="month=2026-03&key=1"),
]


def _orders_guard(w):
    from orders.models import Order, OrderLine

    return [
        Order.objects.exclude(pk=w.orders_north_order.pk),
        OrderLine.objects.exclude(order=w.orders_north_order),
    ]


def _nothing_changes(w):
    from orders.models import Order, OrderImport, OrderLine

    return [Order.objects.all(), OrderLine.objects.all(), OrderImport.objects.all()]


def _existing_orders(w):
    """Orders that were there before: a new order may be made, none of these may change."""
    from orders.models import Order, OrderLine

    return [
        Order.objects.filter(pk__lte=w.orders_south_order.pk),
        OrderLine.objects.filter(order__pk__lte=w.orders_south_order.pk),
    ]


def _line_fields(w):
    return {
        "lines-TOTAL_FORMS": number(),
        "lines-INITIAL_FORMS": number(),
        "lines-0-product": ids(lambda w: [w.orders_product.pk]),
        "lines-0-quantity": number(),
        "lines-0-unit_price": money(),
        "lines-0-requested_month": text(),
        "lines-0-delivered_month": text(),
        "lines-1-quantity": number(),
    }


HOSTILE_FORMS = [
    # A rep may not record orders at all: nothing changes, whatever is posted.
    HostileForm(
        "orders: record an order as a rep",
        persona="north_rep",
        url="orders:order-create",
        fields={"customer": ids(lambda w: [w.orders_north_customer.pk]), **_line_fields(None)},
        guard=_nothing_changes,
    ),
    HostileForm(
        "orders: record an order",
        persona="mktadmin",
        url="orders:order-create",
        fields={
            "customer": ids(lambda w: [w.orders_north_customer.pk, w.orders_south_customer.pk]),
            "owner": ids(lambda w: [w.north_rep.pk, w.east_manager.pk]),
            "order_date": text(),
            "customer_po": text(),
            "currency": choice(["CNY", "USD", "usd", "XXX"]),
            "fx_rate": money(),
            "notes": text(),
            **_line_fields(None),
        },
        guard=_existing_orders,
    ),
    HostileForm(
        "orders: change an order's lines",
        persona="mktadmin",
        url=("orders:order-edit", lambda w: [w.orders_north_order.pk]),
        fields={
            "currency": choice(["CNY", "EUR"]),
            "fx_rate": money(),
            "customer_po": text(),
            **_line_fields(None),
        },
        guard=_orders_guard,
    ),
    HostileForm(
        "orders: cancel",
        persona="north_manager",
        url=("orders:order-cancel", lambda w: [w.orders_north_order.pk, w.orders_south_order.pk]),
        fields={"reason": text()},
        guard=_nothing_changes,
    ),
    HostileForm(
        "orders: order from a won quote",
        persona="mktadmin",
        url=(
            "orders:order-from-quote",
            lambda w: [w.orders_won_quote.pk, w.pricing_north_quote.pk],
        ),
        fields={
            "order_date": text(),
            "requested_month": text(),
            "quantity": number(),
            "customer_po": text(),
        },
        guard=_existing_orders,
    ),
    HostileForm(
        "orders: ERP import without a file",
        persona="mktadmin",
        url="orders:import",
        fields={"file": text()},
        guard=_nothing_changes,
    ),
]

ACTIONS = [
    ActionRow("orders.order_view", allowed=READERS | FRONT_END),
    ActionRow("orders.order_create", allowed={"mktadmin"}),
    ActionRow(
        "orders.order_change",
        allowed={"mktadmin"},
        on=lambda w: w.orders_north_order,
        allowed_on={"mktadmin"},
    ),
    ActionRow(
        "orders.order_cancel",
        allowed={"mktadmin"},
        on=lambda w: w.orders_south_order,
        allowed_on={"mktadmin"},
    ),
    ActionRow(
        "orders.order_from_quote",
        allowed={"mktadmin"},
        on=lambda w: w.pricing_north_quote,
        allowed_on={"mktadmin"},
    ),
    ActionRow("orders.import_run", allowed={"mktadmin"}),
    ActionRow("orders.sales_home", allowed=FRONT_END),
]
