"""Small builders for the planning tests: a company target with a balanced split, a region
plan with targets, an issued plan (through the whole approval chain)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from approvals.models import State
from approvals.services import approval_decide, approval_for, approval_submit
from tests.factories import approver_for

from .. import services
from ..models import RegionPlan


def company_target(director, *, year: int, litres="1200", revenue="120000", margin="24000"):
    return services.target_save(
        actor=director,
        year=year,
        litres=Decimal(litres),
        revenue=Decimal(revenue),
        margin=Decimal(margin),
        customers_developed=3,
        strategy_price="Competitive quotes for A customers",
    )


def plan_with_lines(manager, *, year: int, cells: dict) -> RegionPlan:
    """A draft plan of the manager's region with {(customer or None, month number): (litres,
    revenue)} targets."""
    plan = services.plan_create(actor=manager, year=year)
    services.plan_lines_set(
        plan=plan,
        actor=manager,
        cells={
            (getattr(c, "pk", c), date(year, m, 1)): {
                "litres": Decimal(litres),
                "revenue": Decimal(revenue),
            }
            for (c, m), (litres, revenue) in cells.items()
        },
    )
    return plan


def approve_through(document) -> None:
    """Every step of the document's chain approved by whoever the authority table names."""
    request = approval_for(document)
    while request.state == State.SUBMITTED:
        request = approval_decide(request=request, actor=approver_for(request), decision="approve")


def issue(plan: RegionPlan) -> RegionPlan:
    approval_submit(document=plan, actor=plan.author)
    approve_through(plan)
    plan.refresh_from_db()
    return plan
