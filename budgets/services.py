"""Writes for budgets and expenses. Each public function is one transaction.

The budget rule (SPEC §9), enforced on submit and again on approval of every claim:

* Each expense line is charged to one budget line (`charge_target`):
  - a line that served a development project → that project's budget for the line's year and
    category (project budgets are annual);
  - otherwise → the claim's region (or, for people without a region, the claim's department)
    budget for the line's category and calendar month.
  Only approved budgets count; a spend with no approved budget line is refused.
* For each budget line the claim touches, with the line locked (`select_for_update`, in pk order):
  available = plan + supplements approved on or before the earliest date this claim spends on
  that line; committed = lines of other submitted claims; spent = lines of other approved or
  paid claims. The claim is refused when committed + spent + this claim > available.
  Every writer of committed/spent takes the same row lock first, so two claims cannot both take
  the last of a budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_open, approval_refresh
from core.bounds import BUDGET_LINE_MAX, CLAIM_LINES_MAX
from core.money import ZERO, money
from core.submissions import create_once

from .models import (
    COMMITTED,
    EDITABLE,
    SPENT,
    Budget,
    BudgetLine,
    CashAdvance,
    CostCategory,
    Department,
    ExpenseClaim,
    ExpenseLine,
    Receipt,
    Scope,
    Status,
    Supplement,
)

RECEIPT_CURRENCIES = {code for code, _label in ExpenseLine.RECEIPT_CURRENCIES}


def fmt(value) -> str:
    return f"{money(value or 0):,.2f}"


def _months(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


# --- budgets -----------------------------------------------------------------------------------


@transaction.atomic
def budget_create(
    *,
    year: int,
    scope: str,
    owner,
    actor,
    region=None,
    department=None,
    project=None,
    submission_key: str = "",
) -> Budget:
    """A draft budget with a zero line for every active category (× month when phased)."""
    access.require(actor, "budgets.budget_create")
    if scope == Scope.DEPARTMENT and not access.can(actor, "budgets.budget_department"):
        raise ValidationError(_("Only the marketing admin drafts department budgets."))
    if scope == Scope.PROJECT:
        if project is None:
            raise ValidationError({"project": _("Choose the development project.")})
        region, department = project.region, None
    elif scope == Scope.REGION:
        if region is None:
            raise ValidationError({"region": _("Choose the region.")})
        department, project = None, None
    elif scope == Scope.DEPARTMENT:
        if department is None:
            raise ValidationError({"department": _("Choose the department.")})
        region, project = None, None
    else:
        raise ValidationError(_("Unknown budget holder."))
    exists = Budget.objects.filter(
        year=year,
        scope=scope,
        region=region if scope == Scope.REGION else None,
        department=department,
        project=project,
    )
    if scope == Scope.PROJECT:
        exists = Budget.objects.filter(year=year, scope=scope, project=project)
    from core.submissions import already_created

    repeat = already_created(actor=actor, key=submission_key)
    if isinstance(repeat, Budget):  # the same form sent again
        return repeat
    if exists.exists():
        raise ValidationError(
            _("There is already a %(year)s budget for this holder.") % {"year": year}
        )
    budget = Budget(
        year=year,
        scope=scope,
        region=region,
        department=department,
        project=project,
        owner=owner,
        created_by=actor,
    )
    budget.full_clean()

    def create():
        budget.save()
        categories = list(CostCategory.objects.filter(is_active=True))
        months = _months(year) if budget.phased else [None]
        BudgetLine.objects.bulk_create(
            [BudgetLine(budget=budget, category=c, month=m) for c in categories for m in months]
        )
        approval_open(document=budget, actor=actor)
        return budget

    return create_once(actor=actor, key=submission_key, create=create)[0]


@transaction.atomic
def budget_lines_set(*, budget: Budget, amounts: dict[int, Decimal], actor) -> Budget:
    """Set line amounts ({line pk: amount}) of a draft or returned budget."""
    access.require(actor, "budgets.budget_change", budget)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if not budget.is_editable:
        raise ValidationError(
            _("An approved or submitted budget cannot be changed; request a supplement.")
        )
    for pk, amount in amounts.items():
        if amount is None or not amount.is_finite() or amount < 0:
            raise ValidationError(_("Budget amounts cannot be negative."))
        if amount > BUDGET_LINE_MAX:
            raise ValidationError(
                _("A budget line is at most %(max)s CNY.") % {"max": fmt(BUDGET_LINE_MAX)}
            )
        BudgetLine.objects.filter(pk=pk, budget=budget).update(amount=money(amount))
    approval_refresh(document=budget)
    return budget


@transaction.atomic
def budget_set_from_plan(
    *, region, year: int, owner, amounts: dict[tuple[int, date], Decimal], actor
) -> Budget:
    """The region's budget for the year becomes exactly an approved plan's expense budget
    (SPEC §9: derived from the sales plan, approved with it — one source, no retyping).

    Called by planning inside the plan's approval (the authority table decided it, so no role
    check here). `amounts` is {(category pk, first of month): amount}; every line of the
    region's budget for the year is set to its amount, or zero where the plan has none; the
    budget is approved. Supplements approved before stay on their lines, as their own layer."""
    # Ordered by pk: the default ordering joins the nullable holders, which PostgreSQL cannot
    # lock (FOR UPDATE on the nullable side of an outer join).
    budget = (
        Budget.objects.select_for_update()
        .filter(year=year, scope=Scope.REGION, region=region)
        .order_by("pk")
        .first()
    )
    if budget is None:
        budget = Budget(
            year=year,
            scope=Scope.REGION,
            region=region,
            owner=owner,
            created_by=actor,
            status=Status.APPROVED,
        )
        budget.full_clean()
        budget.save()
    elif budget.status != Status.APPROVED:
        Budget.objects.filter(pk=budget.pk).update(status=Status.APPROVED)
    existing = {(line.category_id, line.month): line for line in budget.lines.all()}
    categories = {pk for pk, _month in amounts} | set(
        CostCategory.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    new_lines, changed = [], []
    for category_id in sorted(categories):
        for month in _months(year):
            amount = money(amounts.get((category_id, month), ZERO))
            if amount < 0:
                raise ValidationError(_("Budget amounts cannot be negative."))
            line = existing.get((category_id, month))
            if line is None:
                new_lines.append(
                    BudgetLine(budget=budget, category_id=category_id, month=month, amount=amount)
                )
            elif line.amount != amount:
                line.amount = amount
                changed.append(line)
    BudgetLine.objects.bulk_create(new_lines)
    BudgetLine.objects.bulk_update(changed, ["amount"])
    budget.status = Status.APPROVED
    return budget


def budget_total(budget: Budget) -> Decimal:
    return budget.lines.aggregate(t=Sum("amount"))["t"] or ZERO


# --- Excel import of budgets --------------------------------------------------------------------


def budget_import(*, upload, actor, year: int) -> int:
    """Import budget amounts for one year from Excel. Columns: holder (region code, department
    code or project number), category code, month (1–12, or empty for a project), amount.
    Every row is checked; if any is wrong nothing is saved and every bad row is named.
    Draft budgets are created when missing; approved or submitted ones are refused."""
    access.require(actor, "budgets.budget_import")
    from customers.models import DevelopmentProject
    from imports import Column, ImportRefused, parse_decimal, parse_text, read_table
    from regions.models import Region

    def parse_month_number(value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = int(float(str(value).strip()))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a month number (1–12)") % {"value": str(value)[:20]}
            )
        if not 1 <= number <= 12:
            raise ValueError(
                _("“%(value)s” is not a month number (1–12)") % {"value": str(value)[:20]}
            )
        return number

    columns = [
        Column(
            "holder",
            _("Budget holder"),
            aliases=["预算主体", "holder code"],
            parse=lambda v: parse_text(v, max_length=40),
        ),
        Column(
            "category",
            _("Category"),
            aliases=["费用类别", "category code"],
            parse=lambda v: parse_text(v, max_length=30),
        ),
        Column("month", _("Month"), aliases=["月份"], parse=parse_month_number, required=False),
        Column(
            "amount",
            _("Amount"),
            aliases=["金额", "预算"],
            parse=lambda v: parse_decimal(v, places=2),
        ),
    ]
    table = read_table(upload, columns=columns)
    regions = {r.code: r for r in Region.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in CostCategory.objects.all()}
    project_ids = {str(pk) for pk in DevelopmentProject.objects.values_list("pk", flat=True)}
    locked = {
        (b.scope, b.region_id if b.scope == Scope.REGION else None, b.department_id, b.project_id)
        for b in Budget.objects.filter(year=year).exclude(status__in=EDITABLE)
    }
    errors = table.errors  # the parse errors; table.error() adds to them
    parsed = []
    seen = {}
    for record in table.rows:
        holder = record["holder"]
        if holder in regions:
            key = (Scope.REGION, regions[holder].pk, None, None)
        elif holder in departments:
            key = (Scope.DEPARTMENT, None, departments[holder].pk, None)
        elif holder.lstrip("#") in project_ids:
            key = (Scope.PROJECT, None, None, int(holder.lstrip("#")))
        else:
            table.error(
                record.row_number,
                _("Budget holder"),
                _("“%(value)s” is not a region, department or project") % {"value": holder},
            )
            continue
        category = categories.get(record["category"])
        if category is None:
            table.error(
                record.row_number,
                _("Category"),
                _("“%(value)s” is not a cost category") % {"value": record["category"]},
            )
            continue
        month = record["month"]
        if key[0] == Scope.PROJECT and month is not None:
            table.error(
                record.row_number,
                _("Month"),
                _("a project budget is annual; leave the month empty"),
            )
            continue
        if key[0] != Scope.PROJECT and month is None:
            table.error(record.row_number, _("Month"), _("is empty"))
            continue
        if record["amount"] < 0:
            table.error(record.row_number, _("Amount"), _("cannot be negative"))
            continue
        if record["amount"] > BUDGET_LINE_MAX:
            table.error(
                record.row_number,
                _("Amount"),
                _("is more than %(max)s CNY") % {"max": fmt(BUDGET_LINE_MAX)},
            )
            continue
        if key in locked:
            table.error(
                record.row_number,
                _("Budget holder"),
                _("the %(year)s budget of %(holder)s is already submitted or approved")
                % {"year": year, "holder": holder},
            )
            continue
        cell = (key, category.pk, month)
        if cell in seen:
            table.error(record.row_number, "", _("repeats row %(row)s") % {"row": seen[cell]})
            continue
        seen[cell] = record.row_number
        parsed.append((key, category, month, record["amount"]))
    if errors:
        raise ImportRefused([str(e) for e in errors])
    with transaction.atomic():
        budgets = {}
        for key, category, month, amount in parsed:
            if key not in budgets:
                scope, region_id, department_id, project_id = key
                budget = Budget.objects.filter(
                    year=year,
                    scope=scope,
                    region_id=region_id if scope == Scope.REGION else None,
                    department_id=department_id,
                    project_id=project_id,
                ).first()
                if scope == Scope.PROJECT:
                    budget = Budget.objects.filter(
                        year=year, scope=scope, project_id=project_id
                    ).first()
                if budget is None:
                    project = (
                        DevelopmentProject.objects.filter(pk=project_id).first()
                        if project_id
                        else None
                    )
                    region = Region.objects.filter(pk=region_id).first() if region_id else None
                    department = (
                        Department.objects.filter(pk=department_id).first()
                        if department_id
                        else None
                    )
                    owner = (
                        project.owner
                        if project
                        else department.owner
                        if department and department.owner
                        else _region_manager(region)
                        if region
                        else None
                    ) or actor
                    budget = budget_create(
                        year=year,
                        scope=scope,
                        owner=owner,
                        actor=actor,
                        region=region,
                        department=department,
                        project=project,
                    )
                budgets[key] = budget
            budget = budgets[key]
            line_month = date(year, month, 1) if month else None
            BudgetLine.objects.update_or_create(
                budget=budget,
                category=category,
                month=line_month,
                defaults={"amount": money(amount)},
            )
        for budget in budgets.values():
            approval_refresh(document=budget)
    return len(parsed)


def _region_manager(region):
    return access.people_who_can("budgets.region_budget_own", region=region).order_by("pk").first()


# --- supplements -------------------------------------------------------------------------------


@transaction.atomic
def supplement_create(
    *,
    requester,
    line: BudgetLine,
    amount: Decimal,
    reason: str,
    planned_date: date,
    submission_key: str = "",
) -> Supplement:
    if line.budget.status != Status.APPROVED:
        raise ValidationError(_("A supplement can only raise a line of an approved budget."))
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    supplement = Supplement(
        requester=requester,
        line=line,
        region=line.budget.region,
        amount=money(amount),
        reason=(reason or "").strip(),
        planned_date=planned_date,
    )
    supplement.full_clean()

    def create():
        supplement.save()
        approval_open(document=supplement, actor=requester)
        return supplement

    return create_once(actor=requester, key=submission_key, create=create)[0]


def supplement_on_approve(supplement: Supplement) -> None:
    """Inside the approval's transaction, after the approval mechanism moved the supplement to
    approved: date it and raise the line (under its row lock), keeping the layer."""
    line = BudgetLine.objects.select_for_update().get(pk=supplement.line_id)
    Supplement.objects.filter(pk=supplement.pk).update(approved_on=timezone.localdate())
    BudgetLine.objects.filter(pk=line.pk).update(supplement=F("supplement") + supplement.amount)


# --- expense claims ----------------------------------------------------------------------------


@transaction.atomic
def claim_create(
    *, claimant, title: str, department=None, advance=None, corrects=None, submission_key=""
) -> ExpenseClaim:
    """A draft claim. Sent twice with the same form's `submission_key` (two quick clicks, Back
    and send again), it creates one claim: the second gets the first's."""
    region = claimant.region if claimant.region_id else None
    if region is None and department is None:
        raise ValidationError(
            {"department": _("You have no region: choose the department to charge.")}
        )
    if region is not None:
        department = None
    if advance is not None and (
        advance.person_id != claimant.pk or advance.status != Status.APPROVED
    ):
        raise ValidationError({"advance": _("Only your own approved advance can be settled.")})
    if corrects is not None and corrects.status != Status.PAID:
        raise ValidationError(_("Only a paid claim is corrected by a new claim."))
    claim = ExpenseClaim(
        claimant=claimant,
        region=region,
        department=department,
        title=(title or "").strip(),
        advance=advance,
        corrects=corrects,
    )
    claim.full_clean()

    def create():
        claim.save()
        approval_open(document=claim, actor=claimant)
        return claim

    return create_once(actor=claimant, key=submission_key, create=create)[0]


def _editable_claim(claim: ExpenseClaim, actor) -> ExpenseClaim:
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    access.require(actor, "budgets.claim_change", claim)
    if not claim.is_editable:
        raise ValidationError(
            _("This claim is %(status)s and can no longer be changed.")
            % {"status": claim.get_status_display()}
        )
    return claim


def _claim_total_refresh(claim: ExpenseClaim) -> None:
    total = claim.lines.aggregate(t=Sum("amount"))["t"] or ZERO
    ExpenseClaim.objects.filter(pk=claim.pk).update(total=total)
    claim.total = total
    approval_refresh(document=claim)


@transaction.atomic
def claim_line_add(
    *,
    claim: ExpenseClaim,
    actor,
    date: date,
    category: CostCategory,
    amount: Decimal,
    currency: str = "CNY",
    description: str = "",
    project=None,
    customer=None,
    visit=None,
    receipts=(),
) -> ExpenseLine:
    claim = _editable_claim(claim, actor)
    if claim.lines.count() >= CLAIM_LINES_MAX:
        # The stored total stays within its column: at most CLAIM_LINES_MAX bounded lines.
        raise ValidationError(
            _("A claim has at most %(count)s lines: start another claim for the rest.")
            % {"count": CLAIM_LINES_MAX}
        )
    currency = (currency or "CNY").strip().upper()
    if currency not in RECEIPT_CURRENCIES:
        raise ValidationError(
            {
                "currency": _(
                    "Enter amounts in CNY or USD: finance publishes only the USD rate, so convert "
                    "a receipt in another currency at the rate on your card or bank statement and "
                    "note the original amount in the description."
                )
            }
        )
    if amount is None or amount == 0 or (amount < 0 and claim.corrects_id is None):
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("A claim is for money already spent; the date cannot be in the future.")}
        )
    for target in (project, customer, visit):
        # The form offers only what the claimant sees; the rule holds for every other caller too.
        if target is not None and not access.allowed(actor, target):
            raise PermissionDenied(
                _("You can only charge a project, customer or visit you can see.")
            )
    if visit is not None:
        customer = customer or visit.customer
        project = project or visit.project
    conversion = {}
    if currency == "CNY":
        amount = money(amount)
    else:
        amount, conversion = _convert_to_cny(
            amount=money(amount), currency=currency, on=date, actor=actor
        )
    line = ExpenseLine(
        claim=claim,
        date=date,
        category=category,
        amount=amount,
        currency="CNY",
        **conversion,
        description=(description or "").strip(),
        project=project,
        customer=customer,
        visit=visit,
    )
    line.month = date.replace(day=1)
    line.full_clean()
    line.save()
    for upload in receipts:
        Receipt.objects.create(line=line, file=upload, name=upload.name[:200])
    _claim_total_refresh(claim)
    return line


def _convert_to_cny(*, amount: Decimal, currency: str, on: date, actor) -> tuple[Decimal, dict]:
    """A receipt amount in USD converted to CNY at finance's USD→CNY rate for the month of the
    spend (`selectors.usd_cny_rate`: that month's current market-data upload, else the latest
    earlier month's), rounded half up to the cent. Returns the CNY amount and the fields that
    record the conversion on the line. Refused when finance has uploaded no rate at all."""
    from .selectors import usd_cny_rate

    found = usd_cny_rate(user=actor, on=on)
    if found is None:
        raise ValidationError(
            {
                "currency": _(
                    "There is no USD→CNY rate for %(month)s or any earlier month: finance has not "
                    "uploaded the monthly market data. Enter the amount in CNY at the rate on your "
                    "card or bank statement, or add the line once finance has uploaded the rate."
                )
                % {"month": on.strftime("%Y-%m")}
            }
        )
    rate, month = found
    converted = money(amount * rate)
    if converted == 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    return converted, {
        "original_currency": currency,
        "original_amount": amount,
        "fx_rate": rate,
        "fx_month": month,
    }


@transaction.atomic
def claim_line_delete(*, line: ExpenseLine, actor) -> None:
    claim = _editable_claim(line.claim, actor)
    ExpenseLine.objects.filter(pk=line.pk, claim=claim).delete()
    _claim_total_refresh(claim)


def charge_target(*, claim: ExpenseClaim, line: ExpenseLine) -> BudgetLine:
    """The approved budget line an expense line is charged to (see the module docstring)."""
    lines = BudgetLine.objects.filter(budget__status=Status.APPROVED, category_id=line.category_id)
    if line.project_id:
        target = lines.filter(
            budget__scope=Scope.PROJECT,
            budget__project_id=line.project_id,
            budget__year=line.date.year,
            month__isnull=True,
        ).first()
        holder = line.project
    elif claim.region_id:
        target = lines.filter(
            budget__scope=Scope.REGION,
            budget__region_id=claim.region_id,
            month=line.date.replace(day=1),
        ).first()
        holder = claim.region
    else:
        target = lines.filter(
            budget__scope=Scope.DEPARTMENT,
            budget__department_id=claim.department_id,
            month=line.date.replace(day=1),
        ).first()
        holder = claim.department
    if target is None:
        raise ValidationError(
            _(
                "No approved budget for %(holder)s · %(category)s · %(period)s: spending that was "
                "not budgeted is not reimbursed."
            )
            % {
                "holder": holder,
                "category": line.category,
                "period": line.date.year if line.project_id else line.date.strftime("%Y-%m"),
            }
        )
    return target


@dataclass
class CheckFigure:
    line: BudgetLine
    budget: Decimal
    committed: Decimal
    spent: Decimal
    this: Decimal

    @property
    def used(self) -> Decimal:
        """What other claims use of the budget line: committed and spent."""
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal:
        """What the budget line has left before this claim."""
        return self.budget - self.used

    @property
    def remaining_after(self) -> Decimal:
        """What the budget line has left once this claim is counted (negative: over budget)."""
        return self.remaining - self.this

    @property
    def over(self) -> Decimal:
        """By how much this claim takes the budget line over (0 when it fits)."""
        return ZERO if self.fits else -self.remaining_after

    @property
    def fits(self) -> bool:
        return self.this <= 0 or self.used + self.this <= self.budget


def _check_figures(
    *,
    lines_by_claim: dict[int, list[ExpenseLine]],
    targets: dict[int, int],
    budget_lines: dict[int, BudgetLine],
) -> dict[int, list[CheckFigure]]:
    """Each claim's figures against each budget line it is charged to (the arithmetic of the
    budget rule, in one place: budget_check and claim_previews both read it).

    `targets` maps an expense line's pk to the budget line it is charged to; `budget_lines`
    holds those rows (already read, and locked by budget_check). Three queries whatever the
    number of claims: what every claim uses of those budget lines, what the given claims use
    themselves (taken out again: a claim is not compared with itself), and the approved
    supplements."""
    ids = sorted(budget_lines)
    sums = {
        "committed": Sum("amount", filter=Q(claim__status__in=COMMITTED)),
        "spent": Sum("amount", filter=Q(claim__status__in=SPENT)),
    }
    usage = {
        row["budget_line_id"]: row
        for row in ExpenseLine.objects.filter(budget_line_id__in=ids)
        .values("budget_line_id")
        .annotate(**sums)
        .order_by()
    }
    own = {
        (row["budget_line_id"], row["claim_id"]): row
        for row in ExpenseLine.objects.filter(
            budget_line_id__in=ids, claim_id__in=list(lines_by_claim)
        )
        .values("budget_line_id", "claim_id")
        .annotate(**sums)
        .order_by()
    }
    supplements: dict[int, list[tuple[date, Decimal]]] = {}
    for line_id, approved_on, amount in Supplement.objects.filter(
        line_id__in=ids, status=Status.APPROVED, approved_on__isnull=False
    ).values_list("line_id", "approved_on", "amount"):
        supplements.setdefault(line_id, []).append((approved_on, amount))

    result: dict[int, list[CheckFigure]] = {}
    for claim_id, lines in lines_by_claim.items():
        figures = []
        for line_id in sorted({targets[line.pk] for line in lines if line.pk in targets}):
            mine = [line for line in lines if targets.get(line.pk) == line_id]
            earliest = min(line.date for line in mine)
            # Plan + supplements approved on or before the earliest date this claim spends on it.
            covered = sum(
                (amount for on, amount in supplements.get(line_id, ()) if on <= earliest), ZERO
            )
            mine_used = own.get((line_id, claim_id), {})
            totals = usage.get(line_id, {})
            figures.append(
                CheckFigure(
                    line=budget_lines[line_id],
                    budget=budget_lines[line_id].amount + covered,
                    committed=(totals.get("committed") or ZERO)
                    - (mine_used.get("committed") or ZERO),
                    spent=(totals.get("spent") or ZERO) - (mine_used.get("spent") or ZERO),
                    this=sum((line.amount for line in mine), ZERO),
                )
            )
        result[claim_id] = figures
    return result


@dataclass
class Headroom:
    """What a set of budget lines has left for spending not yet claimed: plan + approved
    supplements − committed (submitted claims) − spent (approved or paid claims)."""

    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed - self.spent


def budget_headroom(*, lines, lock: bool = False) -> Headroom:
    """The headroom of these budget lines (a queryset of BudgetLine), by the same arithmetic as
    the claim check, for a planner who reserves budget before it is spent (brand promotion
    plans). With lock=True the lines are locked in pk order first (inside a transaction), as
    every writer of committed/spent does. Two queries."""
    query = lines.order_by("pk")
    rows = list(query.select_for_update(of=("self",)) if lock else query)
    ids = [line.pk for line in rows]
    used = ExpenseLine.objects.filter(budget_line_id__in=ids).aggregate(
        committed=Sum("amount", filter=Q(claim__status__in=COMMITTED)),
        spent=Sum("amount", filter=Q(claim__status__in=SPENT)),
    )
    return Headroom(
        budget=sum((line.amount + line.supplement for line in rows), ZERO),
        committed=used["committed"] or ZERO,
        spent=used["spent"] or ZERO,
    )


def _budget_lines(ids, *, lock: bool) -> dict[int, BudgetLine]:
    query = (
        BudgetLine.objects.filter(pk__in=sorted(ids))
        .select_related(
            "budget", "category", "budget__region", "budget__department", "budget__project"
        )
        .order_by("pk")
    )
    return {line.pk: line for line in (query.select_for_update(of=("self",)) if lock else query)}


def budget_check(*, claim: ExpenseClaim, lock: bool = True) -> list[CheckFigure]:
    """Charge every line, lock the budget lines touched (pk order) and compare. Raises
    ValidationError naming every line that does not fit, with the figures."""
    lines = list(claim.lines.select_related("category", "project"))
    if not lines:
        raise ValidationError(_("Add at least one expense line before submitting."))
    targets = {line.pk: charge_target(claim=claim, line=line) for line in lines}
    budget_lines = _budget_lines({t.pk for t in targets.values()}, lock=lock)
    figures = _check_figures(
        lines_by_claim={claim.pk: lines},
        targets={pk: target.pk for pk, target in targets.items()},
        budget_lines=budget_lines,
    )[claim.pk]
    errors = [
        _(
            "Over budget: %(line)s — budget %(budget)s, committed %(committed)s, spent "
            "%(spent)s, this claim %(this)s (%(over)s CNY over). Only a supplemental "
            "budget request approved before the spend can cover it."
        )
        % {
            "line": figure.line,
            "budget": fmt(figure.budget),
            "committed": fmt(figure.committed),
            "spent": fmt(figure.spent),
            "this": fmt(figure.this),
            "over": fmt(figure.over),
        }
        for figure in figures
        if not figure.fits
    ]
    if errors:
        raise ValidationError(errors)
    for line in lines:
        if line.budget_line_id != targets[line.pk].pk:
            ExpenseLine.objects.filter(pk=line.pk).update(budget_line=targets[line.pk])
    return figures


@dataclass
class ClaimPreview:
    """What an approver sees of a claim in the queue: its lines and how it stands against the
    budget lines it is charged to."""

    lines: list[ExpenseLine]
    figures: list[CheckFigure]

    @property
    def fits(self) -> bool:
        return all(figure.fits for figure in self.figures)


def claim_previews(*, claims) -> dict[int, ClaimPreview]:
    """Read-only: each claim's lines and its figures as budget_check computes them (same
    arithmetic, _check_figures), without locking or charging anything, for the lines as they
    were charged at submission (ExpenseLine.budget_line). Five queries for any number of claims:
    the approval queue shows a page of them at once."""
    ids = [claim.pk for claim in claims]
    lines_by_claim: dict[int, list[ExpenseLine]] = {pk: [] for pk in ids}
    for line in ExpenseLine.objects.filter(claim_id__in=ids).select_related("category"):
        lines_by_claim[line.claim_id].append(line)
    targets = {
        line.pk: line.budget_line_id
        for lines in lines_by_claim.values()
        for line in lines
        if line.budget_line_id
    }
    budget_lines = _budget_lines(set(targets.values()), lock=False) if targets else {}
    figures = (
        _check_figures(lines_by_claim=lines_by_claim, targets=targets, budget_lines=budget_lines)
        if targets
        else {}
    )
    return {
        pk: ClaimPreview(lines=lines, figures=figures.get(pk, []))
        for pk, lines in lines_by_claim.items()
    }


def budget_line_used_refresh(*, line_ids=None, year: int | None = None) -> int:
    """Set each budget line's `used` (its lines of submitted, approved and paid claims) from
    the claims, by one UPDATE … = (SELECT SUM …): the given lines, or every line of the year's
    budgets (the nightly roll-up). The given lines are locked first, in one order, so two
    claims leaving the same line at once are counted one after the other. Returns the number
    of lines set."""
    lines = BudgetLine.objects.all()
    if year is not None:
        lines = lines.filter(budget__year=year)
    if line_ids is not None:
        ids = sorted({pk for pk in line_ids if pk is not None})
        if not ids:
            return 0
        lines = lines.filter(pk__in=ids)
        list(lines.select_for_update().order_by("pk").values_list("pk", flat=True))
    used = (
        ExpenseLine.objects.filter(
            budget_line=OuterRef("pk"), claim__status__in=(*COMMITTED, *SPENT)
        )
        .values("budget_line")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return lines.update(used=Coalesce(Subquery(used), Value(ZERO), output_field=money))


def _claim_used_refresh(claim: ExpenseClaim) -> None:
    budget_line_used_refresh(
        line_ids=ExpenseLine.objects.filter(claim_id=claim.pk).values_list(
            "budget_line_id", flat=True
        )
    )


def claim_on_leave(claim: ExpenseClaim) -> None:
    """A claim rejected or returned: its lines no longer count against the budget."""
    _claim_used_refresh(claim)


def claim_on_submit(claim: ExpenseClaim) -> None:
    """Inside the approval's transaction, after the approval mechanism moved the claim to
    submitted (its row is locked): the advance it settles is approved and it fits the budget."""
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.advance_id and claim.advance.status != Status.APPROVED:
        raise ValidationError(_("The advance this claim settles is not approved."))
    budget_check(claim=claim)
    _claim_used_refresh(claim)


def claim_on_approve(claim: ExpenseClaim) -> None:
    """Inside the approval's transaction, after the approval mechanism moved the claim to
    approved: it still fits the budget, and it settles what is left of its advance."""
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    budget_check(claim=claim)
    settled = ZERO
    if claim.advance_id and claim.total > 0:
        advance = CashAdvance.objects.select_for_update().get(pk=claim.advance_id)
        already = (
            advance.claims.filter(status__in=SPENT)
            .exclude(pk=claim.pk)
            .aggregate(t=Sum("advance_settled"))["t"]
            or ZERO
        )
        settled = max(ZERO, min(claim.total, advance.amount - already))
    ExpenseClaim.objects.filter(pk=claim.pk).update(advance_settled=settled)
    _claim_used_refresh(claim)


@transaction.atomic
def claim_mark_paid(*, claim: ExpenseClaim, actor) -> ExpenseClaim:
    """Finance pays an approved claim, exactly once; a paid claim is final."""
    access.require(actor, "budgets.claim_pay", claim)
    changed = ExpenseClaim.objects.filter(pk=claim.pk, status=Status.APPROVED).update(
        status=Status.PAID, paid_at=timezone.now(), paid_by=actor
    )
    if changed != 1:
        raise ValidationError(_("Only an approved, unpaid claim can be marked paid."))
    claim.refresh_from_db()
    _claim_used_refresh(claim)
    return claim


@transaction.atomic
def claim_correct(*, claim: ExpenseClaim, actor) -> ExpenseClaim:
    """A correction of a paid claim is a new draft claim linked to it (negative lines allowed).
    It takes the corrected claim's title; pages show it as "Correction of …" in the reader's
    language (ExpenseClaim.display_title)."""
    access.require(actor, "budgets.claim_change", claim)
    return claim_create(
        claimant=actor,
        title=claim.title,
        department=claim.department,
        corrects=claim,
    )


# --- cash advances -----------------------------------------------------------------------------


@transaction.atomic
def advance_create(
    *, person, amount: Decimal, reason: str, planned_date: date, submission_key: str = ""
) -> CashAdvance:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    advance = CashAdvance(
        person=person,
        region=person.region,
        amount=money(amount),
        reason=(reason or "").strip(),
        planned_date=planned_date,
    )
    advance.full_clean()

    def create():
        advance.save()
        approval_open(document=advance, actor=person)
        return advance

    return create_once(actor=person, key=submission_key, create=create)[0]


def outstanding_advance(person) -> Decimal:
    """What a person still owes on approved cash advances: advanced minus what approved or paid
    claims settled and what bonuses repaid. The performance app deducts it from the next bonus
    (SPEC §10) through advance_repay."""
    return sum(outstanding_by_advance(person).values(), ZERO)


def outstanding_by_advance(person) -> dict[int, Decimal]:
    """{advance pk: what is still owed on it}, oldest advance first, only those with a
    balance."""
    from .models import AdvanceRepayment

    advances = list(
        CashAdvance.objects.filter(person=person, status__in=SPENT)
        .order_by("created_at", "pk")
        .values_list("pk", "amount")
    )
    claimed = dict(
        ExpenseClaim.objects.filter(advance__person=person, status__in=SPENT)
        .values("advance_id")
        .annotate(t=Sum("advance_settled"))
        .values_list("advance_id", "t")
    )
    repaid = dict(
        AdvanceRepayment.objects.filter(advance__person=person)
        .values("advance_id")
        .annotate(t=Sum("amount"))
        .values_list("advance_id", "t")
    )
    balances = {}
    for pk, amount in advances:
        left = amount - (claimed.get(pk) or ZERO) - (repaid.get(pk) or ZERO)
        if left > 0:
            balances[pk] = left
    return balances


@transaction.atomic
def advance_repay(*, person, amount: Decimal, reference: str, note: str = "") -> Decimal:
    """Settle up to `amount` of the person's outstanding advances (oldest first) by a
    deduction made elsewhere (a bonus line), recorded on each advance as an AdvanceRepayment
    with `reference`. Idempotent: a reference already recorded settles nothing again. Returns
    what the reference settled (this call or an earlier one)."""
    from .models import AdvanceRepayment

    # Lock the person's advances so two deductions at once cannot both take the same balance.
    list(CashAdvance.objects.select_for_update().filter(person=person).order_by("pk"))
    earlier = AdvanceRepayment.objects.filter(advance__person=person, reference=reference)
    if earlier.exists():
        return earlier.aggregate(t=Sum("amount"))["t"]
    left = money(amount)
    settled = ZERO
    for pk, balance in outstanding_by_advance(person).items():
        if left <= 0:
            break
        take = min(left, balance)
        AdvanceRepayment.objects.create(advance_id=pk, amount=take, reference=reference, note=note)
        left -= take
        settled += take
    return settled


def warning_percents() -> list[int]:
    return sorted(int(p) for p in getattr(settings, "BUDGET_WARNING_PERCENTS", (80, 100)))


# --- monthly execution roll-up -----------------------------------------------------------------


def _holder_keys(prefix: str) -> list[str]:
    return [f"{prefix}scope", f"{prefix}region_id", f"{prefix}department_id", f"{prefix}project_id"]


def budget_execution_rollup(*, month: date, notify: bool = True) -> int:
    """Budget vs committed vs spent per holder × category for `month` and the year to date,
    aggregated in SQL and stored in ExecutionFigure. The month's rows are deleted and
    re-inserted in one transaction, so a crash leaves the previous figures and a re-run gives
    the same figures. Returns the number of rows stored; then e-mails each budget owner once."""
    from .models import ExecutionFigure, Period

    month = month.replace(day=1)
    year_start = date(month.year, 1, 1)
    now = timezone.now()
    # Every budget line's "used" figure again from the claims: the services keep it on each
    # transition; this corrects anything written around them (a data fix, an import).
    budget_line_used_refresh(year=month.year)
    periods = {Period.MONTH: (month, month), Period.YTD: (year_start, month)}
    rows: dict[tuple, dict] = {}
    for period, (start, end) in periods.items():
        budget_rows = (
            BudgetLine.objects.filter(budget__year=month.year, budget__status=Status.APPROVED)
            .filter(Q(month__range=(start, end)) | Q(month__isnull=True))
            .values(
                "budget__scope",
                "budget__region_id",
                "budget__department_id",
                "budget__project_id",
                "category_id",
            )
            .annotate(budget=Sum("amount"), supplement=Sum("supplement"))
            .order_by()
        )
        spend_rows = (
            ExpenseLine.objects.filter(
                month__range=(start, end),
                budget_line__isnull=False,
                claim__status__in=(*COMMITTED, *SPENT),
            )
            .values(
                "budget_line__budget__scope",
                "budget_line__budget__region_id",
                "budget_line__budget__department_id",
                "budget_line__budget__project_id",
                "budget_line__category_id",
            )
            .annotate(
                committed=Sum("amount", filter=Q(claim__status__in=COMMITTED)),
                spent=Sum("amount", filter=Q(claim__status__in=SPENT)),
            )
            .order_by()
        )
        for row in budget_rows:
            key = (
                period,
                row["budget__scope"],
                row["budget__region_id"],
                row["budget__department_id"],
                row["budget__project_id"],
                row["category_id"],
            )
            entry = rows.setdefault(
                key, {"budget": ZERO, "supplement": ZERO, "committed": ZERO, "spent": ZERO}
            )
            entry["budget"] += row["budget"] or ZERO
            entry["supplement"] += row["supplement"] or ZERO
        for row in spend_rows:
            key = (
                period,
                row["budget_line__budget__scope"],
                row["budget_line__budget__region_id"],
                row["budget_line__budget__department_id"],
                row["budget_line__budget__project_id"],
                row["budget_line__category_id"],
            )
            entry = rows.setdefault(
                key, {"budget": ZERO, "supplement": ZERO, "committed": ZERO, "spent": ZERO}
            )
            entry["committed"] += row["committed"] or ZERO
            entry["spent"] += row["spent"] or ZERO
    figures = [
        ExecutionFigure(
            month=month,
            period=period,
            scope=scope,
            region_id=region_id,
            department_id=department_id,
            project_id=project_id,
            category_id=category_id,
            computed_at=now,
            **values,
        )
        for (
            period,
            scope,
            region_id,
            department_id,
            project_id,
            category_id,
        ), values in rows.items()
    ]
    with transaction.atomic():
        ExecutionFigure.objects.filter(month=month).delete()
        ExecutionFigure.objects.bulk_create(figures, batch_size=2000)
    if notify:
        budget_owner_notify(month=month)
    return len(figures)


def owner_summaries(*, month: date) -> list[dict]:
    """Per budget owner: their budgets' year-to-date figures from the stored roll-up."""
    from .models import ExecutionFigure, Period

    def figures(period):
        return {
            (row["scope"], row["region_id"], row["department_id"], row["project_id"]): row
            for row in ExecutionFigure.objects.filter(month=month, period=period)
            .values("scope", "region_id", "department_id", "project_id")
            .annotate(
                budget=Sum("budget"),
                supplement=Sum("supplement"),
                committed=Sum("committed"),
                spent=Sum("spent"),
            )
            .order_by()
        }

    def share(figure):
        total = (figure["budget"] or ZERO) + (figure["supplement"] or ZERO)
        used = (figure["committed"] or ZERO) + (figure["spent"] or ZERO)
        return total, ((used / total * 100) if total else ZERO).quantize(Decimal("0.1"))

    ytd, this_month = figures(Period.YTD), figures(Period.MONTH)
    budgets = (
        Budget.objects.filter(year=month.year, status=Status.APPROVED)
        .select_related("owner", "region", "department", "project")
        .order_by("owner_id", "scope", "pk")
    )
    by_owner: dict[int, dict] = {}
    empty = {"budget": ZERO, "supplement": ZERO, "committed": ZERO, "spent": ZERO}
    for budget in budgets:
        key = (budget.scope, budget.region_id, budget.department_id, budget.project_id)
        figure = ytd.get(key, empty)
        total, percent = share(figure)
        _month_total, month_percent = share(this_month.get(key, empty))
        entry = by_owner.setdefault(budget.owner_id, {"owner": budget.owner, "items": []})
        entry["items"].append(
            {
                "budget": budget,
                "total": total,
                "committed": figure["committed"] or ZERO,
                "spent": figure["spent"] or ZERO,
                "percent": percent,
                "month_percent": month_percent,
                "warning": max(
                    [p for p in warning_percents() if max(percent, month_percent) >= p],
                    default=None,
                ),
            }
        )
    return list(by_owner.values())


def budget_owner_notify(*, month: date) -> int:
    """E-mail each budget owner their execution summary, once per month (RollupNotice)."""
    from core.mail import mail_person

    from .models import RollupNotice

    sent = 0
    for summary in owner_summaries(month=month):
        owner = summary["owner"]
        if not owner.email:
            continue
        with transaction.atomic():
            notice, created = RollupNotice.objects.get_or_create(
                month=month, owner=owner, defaults={"sent_at": timezone.now()}
            )
            if not created:
                continue
            sent += mail_person(
                owner,
                "budgets/email_execution.txt",
                {"owner": owner, "month": month, "items": summary["items"]},
            )
    return sent
