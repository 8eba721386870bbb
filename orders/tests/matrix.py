from tests.matrix import COMPANY_WIDE, FRONT_END, ActionRow

READERS = COMPANY_WIDE | {"mktadmin", "finance"}


def build(world):
    from orders.tests.factories import customer, order, priced_product

    world.orders_product = priced_product(world.finance)
    world.orders_north_customer = customer(world.north, name="北岳订单客户", owner=world.north_rep)
    # Out of the North people's scope. Not East: customers' rows expect the East manager to
    # have no customer of their own in this world.
    world.orders_south_customer = customer(world.south, name="南岭订单客户")
    world.orders_north_order = order(
        world.mktadmin, world.orders_north_customer, world.orders_product
    )
    world.orders_south_order = order(
        world.mktadmin, world.orders_south_customer, world.orders_product
    )


ROWS = []

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

HOSTILE_FORMS = []
