"""Writes of marketing planning (SPEC §5). Each public function is one transaction and starts
by asking the access layer.

The balancing rule: the director's split of the annual company target to regions and months
must add up to the target in every measure (litres, revenue, margin), to the cent; a split that
does not is refused with the figures (target, split, difference) and nothing is saved.

A region plan's targets are edited while it is a draft (or returned); approved, it is issued
and read-only. Mid-year changes go through an adjustment, which writes the plan's next version
on approval; version 1 (the original) stays.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_open, approval_refresh
from core.money import ZERO, money
from core.submissions import create_once

from .models import (
    CUSTOMERS_MAX,
    LITRES_MAX,
    PEOPLE_MAX,
    REVENUE_MAX,
    TEXT_MAX,
    YEAR_MAX,
    YEAR_MIN,
    Adjustment,
    AdjustmentLine,
    CompanyTarget,
    Milestone,
    PlanBudgetLine,
    PlanLine,
    RegionPlan,
    RegionTarget,
    RollingTarget,
    RollingTargetYear,
    Status,
    TargetMonth,
    TargetVersion,
)

MEASURES = ("litres", "revenue", "margin")
PLAN_MEASURES = ("litres", "revenue")
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


def months_of(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def fmt(value) -> str:
    return f"{money(value or 0):,.2f}"


def _check_year(year: int) -> None:
    if not YEAR_MIN <= int(year) <= YEAR_MAX:
        raise ValidationError(
            _("The year must be between %(low)s and %(high)s.")
            % {"low": YEAR_MIN, "high": YEAR_MAX}
        )


def _check_figure(value, *, label: str, low=ZERO, high=LITRES_MAX) -> Decimal:
    """A figure within its business bound, or a refusal naming it."""
    if value is None:
        return ZERO
    value = Decimal(value)
    if not value.is_finite() or value < low or value > high:
        raise ValidationError(
            _("%(label)s must be between %(low)s and %(high)s (it is %(value)s).")
            % {"label": label, "low": fmt(low), "high": fmt(high), "value": value}
        )
    return money(value)


# --- three-year rolling target -----------------------------------------------------------------


@transaction.atomic
def rolling_create(*, actor, base_year: int, note: str, years: dict[int, dict]) -> RollingTarget:
    """A new version of the three-year rolling target, drawn up in `base_year` for base_year …
    base_year + 2 (`years`: {year: {litres, revenue, margin, customers_developed}}). A version
    is never changed afterwards: next year's revision is the next version."""
    access.require(actor, "planning.rolling_set")
    _check_year(base_year)
    if RollingTarget.objects.filter(base_year=base_year).exists():
        raise ValidationError(
            _("The %(year)s version of the rolling target exists already; it is not changed.")
            % {"year": base_year}
        )
    expected = [base_year, base_year + 1, base_year + 2]
    if sorted(years) != expected:
        raise ValidationError(_("Give the figures of the three years from the base year."))
    version = RollingTarget(base_year=base_year, note=(note or "")[:TEXT_MAX], created_by=actor)
    version.full_clean()
    version.save()
    rows = []
    for year in expected:
        figures = years[year]
        customers = int(figures.get("customers_developed") or 0)
        if not 0 <= customers <= CUSTOMERS_MAX:
            raise ValidationError(_("The number of customers developed is out of range."))
        row = RollingTargetYear(
            version=version,
            year=year,
            litres=_check_figure(figures.get("litres"), label=_("Volume (L)")),
            revenue=_check_figure(figures.get("revenue"), label=_("Revenue"), high=REVENUE_MAX),
            margin=_check_figure(
                figures.get("margin"), label=_("Gross margin"), low=-REVENUE_MAX, high=REVENUE_MAX
            ),
            customers_developed=customers,
        )
        row.full_clean()
        rows.append(row)
    RollingTargetYear.objects.bulk_create(rows)
    return version


# --- annual company target and its split --------------------------------------------------------


@transaction.atomic
def target_save(
    *, actor, year: int, target: CompanyTarget | None = None, **fields
) -> CompanyTarget:
    """Create or change the annual company target with its strategy and resource plan."""
    access.require(actor, "planning.target_set")
    _check_year(year)
    if target is None:
        if CompanyTarget.objects.filter(year=year).exists():
            raise ValidationError(
                _("There is already a %(year)s company target; change it instead.") % {"year": year}
            )
        target = CompanyTarget(year=year, created_by=actor)
    else:
        target = CompanyTarget.objects.select_for_update().get(pk=target.pk)
    target.litres = _check_figure(fields.get("litres"), label=_("Volume (L)"))
    target.revenue = _check_figure(fields.get("revenue"), label=_("Revenue"), high=REVENUE_MAX)
    target.margin = _check_figure(
        fields.get("margin"), label=_("Gross margin"), low=-REVENUE_MAX, high=REVENUE_MAX
    )
    target.customers_developed = int(fields.get("customers_developed") or 0)
    target.resource_money = _check_figure(
        fields.get("resource_money"), label=_("Resources: money"), high=REVENUE_MAX
    )
    people = int(fields.get("resource_people") or 0)
    if not 0 <= people <= PEOPLE_MAX:
        raise ValidationError(_("The number of people is out of range."))
    target.resource_people = people
    for name in ("strategy_price", "strategy_brand", "strategy_cooperation", "resource_note"):
        setattr(target, name, (fields.get(name) or "")[:TEXT_MAX])
    target.full_clean()
    target.save()
    return target


def _spread(total: Decimal, keys: list, weights: dict | None = None) -> dict:
    """Split `total` over `keys` in proportion to `weights` (equal without), to the cent; the
    rounding difference goes to the last key so the parts add up exactly."""
    if not keys:
        return {}
    weights = weights or {}
    weight_total = sum((Decimal(weights.get(k) or 0) for k in keys), ZERO)
    parts = {}
    for key in keys:
        if weight_total > 0:
            share = Decimal(weights.get(key) or 0) / weight_total
        else:
            share = Decimal(1) / len(keys)
        parts[key] = money(total * share)
    parts[keys[-1]] += total - sum(parts.values(), ZERO)
    return parts


def split_propose(*, user, target: CompanyTarget, regions) -> dict[tuple[int, date], dict]:
    """A proposed split of the target to regions by month: in proportion to last year's
    actuals per region and month (orders) where there are any, else equal months and regions.
    Adds up to the target exactly. Read-only."""
    regions = list(regions)
    months = months_of(target.year)
    keys = [(r.pk, m) for r in regions for m in months]
    weights = _last_year_weights(user=user, target=target, regions=regions)
    proposal: dict[tuple[int, date], dict] = {key: {} for key in keys}
    for measure in MEASURES:
        parts = _spread(getattr(target, measure), keys, weights.get(measure))
        for key, value in parts.items():
            proposal[key][measure] = value
    return proposal


def _last_year_weights(*, user, target, regions) -> dict[str, dict]:
    """{measure: {(region pk, this year's month): last year's actual}} from the orders app's
    actuals, or {} when there are none (or no orders app)."""
    try:
        from orders import selectors as orders_selectors
    except ImportError:
        return {}
    previous = target.year - 1
    rows = orders_selectors.actuals(
        user=user,
        month_from=date(previous, 1, 1),
        month_to=date(previous, 12, 1),
        group_by=("month", "region"),
        regions=[r.pk for r in regions],
    )
    weights: dict[str, dict] = defaultdict(dict)
    for row in rows:
        key = (row["region_id"], row["month"].replace(year=target.year))
        for measure in MEASURES:
            weights[measure][key] = max(row.get(measure) or ZERO, ZERO)
    return weights


def split_sums(cells: dict[tuple[int, date], dict]) -> dict[str, Decimal]:
    return {m: sum((c.get(m) or ZERO for c in cells.values()), ZERO) for m in MEASURES}


def split_imbalance(*, target: CompanyTarget, cells) -> list[dict]:
    """The measures whose split does not add up to the target: [{measure, target, split,
    difference}] (empty when balanced)."""
    sums = split_sums(cells)
    return [
        {
            "measure": measure,
            "target": getattr(target, measure),
            "split": sums[measure],
            "difference": sums[measure] - getattr(target, measure),
        }
        for measure in MEASURES
        if money(sums[measure]) != money(getattr(target, measure))
    ]


def measure_label(measure: str) -> str:
    return {
        "litres": _("Volume (L)"),
        "revenue": _("Revenue (CNY)"),
        "margin": _("Gross margin (CNY)"),
    }[measure]


@transaction.atomic
def split_save(*, target: CompanyTarget, actor, cells: dict[tuple[int, date], dict]) -> int:
    """Save the split of the target to regions by month ({(region pk, month): {litres, revenue,
    margin}}). Refused, with the figures, unless every measure adds up to the target."""
    access.require(actor, "planning.target_set")
    target = CompanyTarget.objects.select_for_update().get(pk=target.pk)
    months = set(months_of(target.year))
    clean: dict[tuple[int, date], dict] = {}
    for (region_id, month), figures in cells.items():
        if month not in months:
            raise ValidationError(_("A month outside the target's year."))
        clean[(region_id, month)] = {
            "litres": _check_figure(figures.get("litres"), label=_("Volume (L)")),
            "revenue": _check_figure(figures.get("revenue"), label=_("Revenue"), high=REVENUE_MAX),
            "margin": _check_figure(
                figures.get("margin"), label=_("Gross margin"), low=-REVENUE_MAX, high=REVENUE_MAX
            ),
        }
    gaps = split_imbalance(target=target, cells=clean)
    if gaps:
        raise ValidationError(
            [
                _(
                    "%(measure)s does not balance: the target is %(target)s, the split adds up "
                    "to %(split)s (difference %(difference)s)."
                )
                % {
                    "measure": measure_label(gap["measure"]),
                    "target": fmt(gap["target"]),
                    "split": fmt(gap["split"]),
                    "difference": fmt(gap["difference"]),
                }
                for gap in gaps
            ]
        )
    RegionTarget.objects.filter(target=target).delete()
    RegionTarget.objects.bulk_create(
        RegionTarget(target=target, region_id=region_id, month=month, **figures)
        for (region_id, month), figures in sorted(clean.items())
    )
    return len(clean)


# --- region plans -------------------------------------------------------------------------------


def plan_create(*, actor, year: int, note: str = "", submission_key: str = "") -> RegionPlan:
    """A draft plan of the actor's own region for the year."""
    access.require(actor, "planning.plan_create")
    _check_year(year)

    def create():
        if (
            RegionPlan.objects.filter(region_id=actor.region_id, year=year)
            .exclude(status=Status.REJECTED)
            .exists()
        ):
            raise ValidationError(
                _("There is already a %(year)s plan for your region.") % {"year": year}
            )
        plan = RegionPlan(
            region=actor.region, year=year, author=actor, note=(note or "")[:TEXT_MAX]
        )
        plan.full_clean()
        plan.save()
        approval_open(document=plan, actor=actor)
        return plan

    with transaction.atomic():
        plan, _created = create_once(actor=actor, key=submission_key, create=create)
    return plan


def _editable_plan(plan: RegionPlan, actor) -> RegionPlan:
    access.require(actor, "planning.plan_change", plan)
    plan = RegionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError(
            _("A submitted or issued plan cannot be changed; request an adjustment instead.")
        )
    return plan


def _target_cells(*, region, year: int, cells: dict) -> list[tuple]:
    """Check {(customer pk or None, month): {litres, revenue}} cells of a region's year:
    customers of the region, months of the year, figures within bounds. [(customer, month,
    litres, revenue)], zero cells left out."""
    from customers.models import Customer

    months = set(months_of(year))
    customer_ids = {c for c, _m in cells if c is not None}
    customers = {c.pk: c for c in Customer.objects.filter(pk__in=customer_ids, region=region)}
    if len(customers) != len(customer_ids):
        raise ValidationError(_("A plan's customers must be customers of its region."))
    rows = []
    for (customer_id, month), figures in cells.items():
        if month not in months:
            raise ValidationError(_("A month outside the plan's year."))
        litres = _check_figure(figures.get("litres"), label=_("Volume (L)"))
        revenue = _check_figure(figures.get("revenue"), label=_("Revenue"), high=REVENUE_MAX)
        if litres or revenue:
            rows.append((customers.get(customer_id), month, litres, revenue))
    return rows


@transaction.atomic
def plan_lines_set(*, plan: RegionPlan, actor, cells: dict) -> int:
    """Replace a draft plan's targets ({(customer pk or None, month): {litres, revenue}})."""
    plan = _editable_plan(plan, actor)
    rows = _target_cells(region=plan.region, year=plan.year, cells=cells)
    PlanLine.objects.filter(plan=plan).delete()
    PlanLine.objects.bulk_create(
        PlanLine(
            plan=plan,
            version=1,
            region=plan.region,
            customer=customer,
            rep_id=customer.owner_id if customer else None,
            month=month,
            litres=litres,
            revenue=revenue,
        )
        for customer, month, litres, revenue in rows
    )
    target_month_rebuild(plan=plan)
    approval_refresh(document=plan)
    return len(rows)


@transaction.atomic
def plan_budget_set(*, plan: RegionPlan, actor, amounts: dict[tuple[int, date], Decimal]) -> int:
    """Replace a draft plan's expense budget ({(category pk, month): amount})."""
    from budgets.models import CostCategory

    plan = _editable_plan(plan, actor)
    months = set(months_of(plan.year))
    known = set(CostCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    rows = []
    for (category_id, month), amount in amounts.items():
        if category_id not in known or month not in months:
            raise ValidationError(_("An unknown cost category or a month outside the year."))
        amount = _check_figure(amount, label=_("Budget"), high=REVENUE_MAX)
        if amount:
            rows.append(
                PlanBudgetLine(plan=plan, category_id=category_id, month=month, amount=amount)
            )
    PlanBudgetLine.objects.filter(plan=plan).delete()
    PlanBudgetLine.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def milestone_add(*, plan: RegionPlan, actor, project, stage: str, baseline_date=None) -> Milestone:
    """A development milestone: the project reaches the stage by the date. Without a date, the
    stage's planned date on the project is taken; either way it is saved as the baseline."""
    from customers.models import ProjectStage, Stage

    plan = _editable_plan(plan, actor)
    if project.region_id != plan.region_id:
        raise ValidationError(_("The project is not one of this region's."))
    if stage not in Stage.values:
        raise ValidationError(_("Unknown stage."))
    if baseline_date is None:
        planned = ProjectStage.objects.filter(project=project, stage=stage).first()
        baseline_date = planned.planned_date if planned else None
    if baseline_date is None:
        raise ValidationError(
            {"baseline_date": _("Give the date, or plan the stage's date on the project first.")}
        )
    if baseline_date.year != plan.year:
        raise ValidationError({"baseline_date": _("The date must fall in the plan's year.")})
    if Milestone.objects.filter(plan=plan, project=project, stage=stage).exists():
        raise ValidationError(_("This stage of this project is in the plan already."))
    milestone = Milestone(plan=plan, project=project, stage=stage, baseline_date=baseline_date)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor) -> None:
    _editable_plan(milestone.plan, actor)
    milestone.delete()


def plan_totals(*, plan: RegionPlan, version: int | None = None) -> dict:
    """Litres and revenue of a plan (its current version by default). One query."""
    figures = PlanLine.objects.filter(plan=plan, version=version or plan.current_version).aggregate(
        litres=Sum("litres"), revenue=Sum("revenue")
    )
    return {m: figures[m] or ZERO for m in PLAN_MEASURES}


def plan_preview(*, plan: RegionPlan) -> dict:
    totals = plan_totals(plan=plan)
    budget = PlanBudgetLine.objects.filter(plan=plan).aggregate(t=Sum("amount"))["t"] or ZERO
    return {**totals, "budget": budget, "milestones": plan.milestones.count()}


def plan_on_submit(plan: RegionPlan) -> None:
    if not PlanLine.objects.filter(plan=plan).exists():
        raise ValidationError(_("Enter the plan's targets before submitting it."))


def plan_on_approve(plan: RegionPlan, *, actor) -> None:
    """Issued: read-only from now on; its expense budget becomes the region's budget exactly;
    everyone it gives a target is told."""
    from budgets.services import budget_set_from_plan

    RegionPlan.objects.filter(pk=plan.pk).update(issued_at=timezone.now())
    amounts = {
        (line.category_id, line.month): line.amount
        for line in PlanBudgetLine.objects.filter(plan=plan)
    }
    budget_set_from_plan(
        region=plan.region, year=plan.year, owner=plan.author, amounts=amounts, actor=actor
    )
    target_month_rebuild(plan=plan)
    _announce(plan, template="planning/email_plan_issued.txt", context={"plan": plan})


def target_month_rebuild(*, plan: RegionPlan) -> int:
    """The plan's rows of the per-rep target fact (TargetMonth), original (version 1) and
    current, summed from its targets by one grouped query per version; the plan's earlier
    rows are replaced in the caller's transaction, so a re-run gives the same rows. Called
    whenever a plan's targets change: a draft's targets saved (consolidation reads drafts
    too), the plan issued, an adjustment's next version. Returns the number of rows written."""
    plan = RegionPlan.objects.get(pk=plan.pk)
    rows = []
    for which, version in (
        (TargetVersion.ORIGINAL, 1),
        (TargetVersion.CURRENT, plan.current_version),
    ):
        grouped = (
            PlanLine.objects.filter(plan=plan, version=version)
            .values("month", "region_id", "rep_id")
            .annotate(total_litres=Sum("litres"), total_revenue=Sum("revenue"))
            .order_by()
        )
        rows.extend(
            TargetMonth(
                plan=plan,
                which=which,
                month=row["month"],
                region_id=row["region_id"],
                rep_id=row["rep_id"],
                litres=row["total_litres"] or ZERO,
                revenue=row["total_revenue"] or ZERO,
            )
            for row in grouped
        )
    with transaction.atomic():
        TargetMonth.objects.filter(plan=plan).delete()
        TargetMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _announce(plan: RegionPlan, *, template: str, context: dict) -> None:
    """E-mail the plan's author (the region manager) and every rep it gives a target."""
    from django.contrib.auth import get_user_model

    from core.mail import mail_person_after_commit

    rep_ids = set(
        PlanLine.objects.filter(plan=plan, rep__isnull=False).values_list("rep_id", flat=True)
    )
    people = get_user_model().objects.filter(pk__in=rep_ids | {plan.author_id}, is_active=True)
    for person in people:
        mail_person_after_commit(person, template, context)


# --- adjustments --------------------------------------------------------------------------------


def adjustment_create(
    *, plan: RegionPlan, actor, reason: str, submission_key: str = ""
) -> Adjustment:
    """A draft adjustment of an issued plan."""
    access.require(actor, "planning.adjustment_create", plan)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the adjustment.")})

    def create():
        locked = RegionPlan.objects.select_for_update().get(pk=plan.pk)
        if not locked.is_issued:
            raise ValidationError(_("Only an issued plan can be adjusted."))
        if Adjustment.objects.filter(plan=locked, status__in=OPEN).exists():
            raise ValidationError(_("This plan already has an adjustment under way."))
        adjustment = Adjustment(
            plan=locked, region=locked.region, reason=reason[:TEXT_MAX], requested_by=actor
        )
        adjustment.full_clean()
        adjustment.save()
        approval_open(document=adjustment, actor=actor)
        return adjustment

    with transaction.atomic():
        adjustment, _created = create_once(actor=actor, key=submission_key, create=create)
    return adjustment


@transaction.atomic
def adjustment_lines_set(*, adjustment: Adjustment, actor, cells: dict) -> int:
    """Replace a draft adjustment's new figures ({(customer pk or None, month): {litres,
    revenue}}): the cells it changes, zero included (a target lowered to nothing)."""
    access.require(actor, "planning.adjustment_change", adjustment)
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if not adjustment.is_editable:
        raise ValidationError(_("A submitted or approved adjustment cannot be changed."))
    plan = adjustment.plan
    from customers.models import Customer

    months = set(months_of(plan.year))
    customer_ids = {c for c, _m in cells if c is not None}
    if Customer.objects.filter(pk__in=customer_ids, region=plan.region).count() != len(
        customer_ids
    ):
        raise ValidationError(_("A plan's customers must be customers of its region."))
    rows = []
    for (customer_id, month), figures in cells.items():
        if month not in months:
            raise ValidationError(_("A month outside the plan's year."))
        rows.append(
            AdjustmentLine(
                adjustment=adjustment,
                customer_id=customer_id,
                month=month,
                litres=_check_figure(figures.get("litres"), label=_("Volume (L)")),
                revenue=_check_figure(figures.get("revenue"), label=_("Revenue"), high=REVENUE_MAX),
            )
        )
    AdjustmentLine.objects.filter(adjustment=adjustment).delete()
    AdjustmentLine.objects.bulk_create(rows)
    return len(rows)


def adjustment_on_submit(adjustment: Adjustment) -> None:
    if not adjustment.lines.exists():
        raise ValidationError(_("Enter the new figures before submitting the adjustment."))
    if not adjustment.plan.is_issued:
        raise ValidationError(_("Only an issued plan can be adjusted."))


def adjustment_on_approve(adjustment: Adjustment, *, actor) -> None:
    """Write the plan's next version: the current targets with the adjusted cells replaced."""
    plan = RegionPlan.objects.select_for_update().get(pk=adjustment.plan_id)
    current, new = plan.current_version, plan.current_version + 1
    from customers.models import Customer

    cells = {
        (line.customer_id, line.month): line
        for line in PlanLine.objects.filter(plan=plan, version=current)
    }
    changes = {(line.customer_id, line.month): line for line in adjustment.lines.all()}
    owners = dict(
        Customer.objects.filter(pk__in=[c for c, _m in changes if c is not None]).values_list(
            "pk", "owner_id"
        )
    )
    rows = []
    for key in sorted(set(cells) | set(changes), key=lambda k: (k[0] or 0, k[1])):
        source = changes.get(key) or cells[key]
        if not (source.litres or source.revenue):
            continue
        rep_id = cells[key].rep_id if key in cells else owners.get(key[0])
        rows.append(
            PlanLine(
                plan=plan,
                version=new,
                region_id=plan.region_id,
                customer_id=key[0],
                rep_id=rep_id,
                month=key[1],
                litres=source.litres,
                revenue=source.revenue,
            )
        )
    PlanLine.objects.bulk_create(rows)
    RegionPlan.objects.filter(pk=plan.pk).update(current_version=new)
    plan.current_version = new
    target_month_rebuild(plan=plan)
    Adjustment.objects.filter(pk=adjustment.pk).update(version=new)
    adjustment.version = new
    _announce(
        plan,
        template="planning/email_adjustment_approved.txt",
        context={"plan": plan, "adjustment": adjustment, "version": new},
    )


# --- Excel import of a region plan's targets ----------------------------------------------------

OTHER_CUSTOMERS = {"", "其他客户", "其他", "othercustomers", "other", "others"}


def plan_import(*, plan: RegionPlan, upload, actor) -> int:
    """Replace a draft plan's targets from the Excel template (sheet "Targets"/"指标"; columns
    Customer — the customer's name or "#id", empty or "Other customers" for the rest — Month
    1–12, Volume (L), Revenue (CNY)). Every row is checked; if any is wrong nothing is saved
    and every bad row is named (sheet, row, column)."""
    access.require(actor, "planning.plan_change", plan)
    from django.utils.translation import pgettext_lazy

    from customers.models import Customer
    from imports import Column, ImportRefused, parse_decimal, parse_text, read_table

    if not plan.is_editable:
        raise ValidationError(
            _("A submitted or issued plan cannot be changed; request an adjustment instead.")
        )

    def parse_month_number(value):
        try:
            number = int(float(str(value).strip()))
        except ValueError:
            number = 0
        if not 1 <= number <= 12:
            raise ValueError(
                _("“%(value)s” is not a month number (1–12)") % {"value": str(value)[:20]}
            )
        return number

    def parse_figure(value, high):
        number = parse_decimal(value, places=2, required=False) or ZERO
        if number < 0 or number > high:
            raise ValueError(_("must be between 0 and %(high)s") % {"high": fmt(high)})
        return number

    columns = [
        Column(
            "customer",
            _("Customer"),
            aliases=["客户"],
            parse=lambda v: parse_text(v, max_length=200, required=False),
        ),
        Column("month", _("Month"), aliases=["月份"], parse=parse_month_number),
        Column(
            "litres",
            _("Volume (L)"),
            aliases=["销量", "销量升", "litres"],
            parse=lambda v: parse_figure(v, LITRES_MAX),
        ),
        Column(
            "revenue",
            _("Revenue (CNY)"),
            aliases=["销售收入", "销售收入元", "revenue"],
            parse=lambda v: parse_figure(v, REVENUE_MAX),
        ),
    ]
    table = read_table(
        upload,
        columns=columns,
        sheet=["Targets", "指标"],
        label=pgettext_lazy("workbook sheet", "Targets"),
    )
    customers = Customer.objects.filter(region=plan.region)
    by_name = {c.name.strip(): c.pk for c in customers}
    by_name.update({c.name_en.strip(): c.pk for c in customers if c.name_en})
    ids = {f"#{c.pk}": c.pk for c in customers}
    cells: dict = {}
    seen: dict = {}
    for record in table.rows:
        name = record["customer"]
        if name.replace(" ", "").lower() in OTHER_CUSTOMERS:
            customer_id = None
        else:
            customer_id = ids.get(name) or by_name.get(name)
            if customer_id is None:
                table.error(
                    record.row_number,
                    _("Customer"),
                    _("“%(value)s” is not a customer of this region") % {"value": name[:60]},
                )
                continue
        key = (customer_id, date(plan.year, record["month"], 1))
        if key in seen:
            table.error(record.row_number, "", _("repeats row %(row)s") % {"row": seen[key]})
            continue
        seen[key] = record.row_number
        cells[key] = {"litres": record["litres"], "revenue": record["revenue"]}
    if table.errors:
        raise ImportRefused([str(e) for e in table.errors])
    return plan_lines_set(plan=plan, actor=actor, cells=cells)
