"""Home-page panels: a front-end person's remaining budget this month; the claims waiting for
a manager's decision (or, for finance, waiting to be paid). Three queries each at most."""

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

import access
from approvals.selectors import approval_queue
from core.money import ZERO

from .models import COMMITTED, SPENT, BudgetLine, ExpenseLine, Status


def remaining_budget(user) -> dict | None:
    if not user.region_id:
        return None
    from .services import outstanding_advance

    month = timezone.localdate().replace(day=1)
    lines = BudgetLine.objects.filter(
        budget__status=Status.APPROVED,
        budget__scope="region",
        budget__region_id=user.region_id,
        month=month,
    )
    budget = lines.aggregate(a=Sum("amount"), s=Sum("supplement"))
    total = (budget["a"] or ZERO) + (budget["s"] or ZERO)
    used = lines.aggregate(t=Sum("used"))["t"] or ZERO
    from .services import warning_percents

    percent = (used / total * 100).quantize(Decimal("0.1")) if total else None
    warning = max(
        [p for p in warning_percents() if percent is not None and percent >= p], default=None
    )
    return {
        "month": month,
        "total": total,
        "used": used,
        "remaining": total - used,
        "percent": percent,
        "warning": warning,
        "advance": outstanding_advance(user),
    }


def pending_claims(user) -> dict | None:
    from .models import ExpenseClaim

    if access.can(user, "budgets.claim_pay"):
        to_pay = ExpenseClaim.objects.filter(status=Status.APPROVED)
        return {
            "finance": True,
            "count": to_pay.count(),
            "items": list(to_pay.select_related("claimant").order_by("pk")[:5]),
        }
    queue = approval_queue(user=user).filter(document_type="budgets.expense")
    return {"finance": False, "count": queue.count(), "items": list(queue[:5])}


def project_budget(user, project) -> dict | None:
    """The project's budget this year against what claims committed and spent (two queries)."""
    import access

    from .models import Budget

    budget = (
        access.visible(user, Budget).filter(project=project, year=timezone.localdate().year).first()
    )
    if budget is None:
        return None
    figures = BudgetLine.objects.filter(budget=budget).aggregate(
        a=Sum("amount"), s=Sum("supplement")
    )
    used = (
        ExpenseLine.objects.filter(budget_line__budget=budget)
        .values("claim__status")
        .annotate(t=Sum("amount"))
    )
    committed = sum((r["t"] for r in used if r["claim__status"] in COMMITTED), ZERO)
    spent = sum((r["t"] for r in used if r["claim__status"] in SPENT), ZERO)
    total = (figures["a"] or ZERO) + (figures["s"] or ZERO)
    return {
        "budget": budget,
        "total": total,
        "committed": committed,
        "spent": spent,
        "remaining": total - committed - spent,
        # Committed and spent above the budget: flagged on the project page and list.
        "over": committed + spent > total,
    }
