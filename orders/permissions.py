"""Who sees and who may do what with orders and sales actuals (SPEC §3, §12)."""

from django.utils.translation import gettext_lazy as _

from access import Action, Policy
from pricing.models import Quote
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import (
    Order,
    OrderImport,
    OrderLine,
    SalesCustomerMonth,
    SalesMonth,
    SalesRepMonth,
)

FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
# Marketing admin records and imports orders; finance and the company-wide roles read all of
# them. A rep sees the orders they own, a region manager their region's. Tech support has no
# business with sales figures.
READERS = COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.FINANCE}
RECORDERS = {Role.MARKETING_ADMIN}


def _sales_policy(region_field: str, owner_field: str, **change) -> Policy:
    return Policy(
        region_field=region_field,
        owner_fields=(owner_field,),
        see_all=READERS,
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
        change_own=(),
        **change,
    )


POLICIES = {
    Order: _sales_policy("region", "owner", change_all=RECORDERS),
    # A line is seen by whoever sees its order; the monthly fact by the same rule on its own
    # region and rep columns, so the actuals and the lines behind them always agree.
    OrderLine: _sales_policy("order__region", "order__owner"),
    SalesMonth: _sales_policy("region", "rep"),
    SalesRepMonth: _sales_policy("region", "rep"),
    SalesCustomerMonth: _sales_policy("region", "rep"),
    # The history of ERP imports: the people who import, and the company-wide roles.
    OrderImport: Policy(region_field=None, see_all=RECORDERS | COMPANY_WIDE_ROLES),
}

ACTIONS = [
    Action(
        "orders.order_view",
        roles=READERS | FRONT_END,
        label=_("See orders and sales"),
    ),
    Action(
        "orders.order_create",
        roles=RECORDERS,
        label=_("Record an order"),
        refusal=_("Only marketing admin records orders."),
    ),
    Action(
        "orders.order_change",
        roles=RECORDERS,
        model=Order,
        row="change",
        label=_("Change an order (lines, deliveries, status)"),
        refusal=_("Only marketing admin changes orders."),
    ),
    Action(
        "orders.order_cancel",
        roles=RECORDERS,
        model=Order,
        row="change",
        label=_("Cancel an order"),
        refusal=_("Only marketing admin cancels orders."),
    ),
    # A won quote becomes an order in one step, from the quote's page.
    Action(
        "orders.order_from_quote",
        roles=RECORDERS,
        model=Quote,
        label=_("Turn a won quote into an order"),
        refusal=_("Only marketing admin turns a won quote into an order."),
    ),
    Action(
        "orders.import_run",
        roles=RECORDERS,
        label=_("Import orders from the ERP"),
        refusal=_("Only marketing admin imports orders from the ERP."),
    ),
    # The ERP pushes its orders through the API (orders.push): created or replaced on the ERP
    # order number. Its service account may do nothing else with orders.
    Action(
        "orders.order_push",
        roles={Role.ERP_SERVICE, Role.MARKETING_ADMIN},
        label=_("Push orders from the ERP"),
        refusal=_("Only the ERP and marketing admin push orders."),
    ),
    Action(
        "orders.sales_home",
        roles=FRONT_END,
        label=_("Follow my sales this month on the home page"),
    ),
]
