"""Writes of the pricing app: the monthly cost roll-up, strategies and quotes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from approvals.services import approval_open, approval_submit, authority_covers
from core.bulk import bulk_update_values
from core.submissions import create_once
from customers.models import CustomerType

from . import calc
from .models import (
    METALS,
    OPEN_QUOTE_STATUSES,
    REPRICED_QUOTE_STATUSES,
    AdjustmentStatus,
    CompetitorPrice,
    FormulaVersion,
    MarketUpload,
    MetalPrice,
    PriceAdjustment,
    PricingStrategy,
    ProductCost,
    Quote,
    QuoteCount,
    QuoteRevision,
    QuoteStatus,
    RevisionKind,
    StandardCost,
    current_month,
)

QUOTE_DOCUMENT = "pricing.quote"
STRATEGY_DOCUMENT = "pricing.strategy"
ADJUSTMENT_DOCUMENT = "pricing.adjustment"


# ---------------------------------------------------------------- roll-up


def current_formulas(product_ids=None) -> dict[int, FormulaVersion]:
    """The newest formula version of each product, in one query."""
    newest = (
        FormulaVersion.objects.filter(product=OuterRef("product"))
        .order_by("-version")
        .values("pk")[:1]
    )
    qs = FormulaVersion.objects.filter(pk=Subquery(newest))
    if product_ids is not None:
        qs = qs.filter(product_id__in=product_ids)
    return {f.product_id: f for f in qs}


def monthly_cost_rollup(*, month: date) -> int:
    """Standard cost of every product with costs in the month's current upload:
    Σ metal content × price (CNY/g) + substrate + manufacturing.

    A constant number of queries whatever the number of products; the month's rows are
    replaced in one transaction, so running it twice gives the same rows and a crash half-way
    leaves the previous rows untouched (a re-run then writes correct totals). Returns the
    number of products costed."""
    upload = MarketUpload.objects.filter(month=month, is_current=True).first()
    if upload is None:
        return 0
    prices = dict(MetalPrice.objects.filter(upload=upload).values_list("metal", "cny_per_g"))
    costs = list(
        ProductCost.objects.filter(upload=upload).values_list(
            "product_id", "substrate", "manufacturing"
        )
    )
    formulas = current_formulas([c[0] for c in costs]) if len(costs) < 5000 else current_formulas()
    now = timezone.now()
    rows = []
    for product_id, substrate, manufacturing in costs:
        formula = formulas.get(product_id)
        if formula is None:
            continue
        parts = calc.standard_cost(formula.content(), prices, substrate, manufacturing)
        rows.append(
            StandardCost(
                product_id=product_id,
                month=month,
                formula=formula,
                upload=upload,
                computed_at=now,
                **parts,
            )
        )
    with transaction.atomic():
        StandardCost.objects.filter(month=month).delete()
        StandardCost.objects.bulk_create(rows, batch_size=2000)
        # Quotes follow the newest month up to the current one: data for a later month (refused
        # at upload, but possibly in the database) neither re-prices nor blocks the current one.
        latest = StandardCost.objects.filter(month__lte=current_month()).aggregate(m=Max("month"))[
            "m"
        ]
        if latest == month:
            quotes_reprice_metal(month=month, upload=upload)
            quotes_flag_below_floor(month=month)
    return len(rows)


def quote_metal_snapshot(snapshot: dict, *, formula, upload, prices: dict, costs: dict) -> dict:
    """The quote's snapshot with the metal part (month, rate, CNY/g, grams, cost per metal) taken
    from another month's upload; substrate, manufacturing and markup are kept."""
    moved = dict(snapshot)
    moved.update(
        {
            "month": upload.month.isoformat(),
            "usd_cny": str(upload.usd_cny),
            "fx_source": upload.fx_source,
            "metals": {
                m: {
                    "cny_per_g": str(prices[m].cny_per_g),
                    "price": str(prices[m].price),
                    "unit": prices[m].unit,
                    "source": prices[m].source,
                    "grams": str(getattr(formula, f"{m}_g")),
                    "cost": str(costs[m]),
                }
                for m in METALS
            },
        }
    )
    return moved


def quotes_reprice_metal(*, month: date, upload: MarketUpload | None = None) -> list[int]:
    """Re-price every agreed or won quote with the metal pass-through clause to this month's
    metal cost: metal = the quote's formula content × the month's CNY/g; the value-added part
    (unit price − metal cost) is kept, so new price = old price − old metal + new metal. List,
    floor and ceiling move by the same amount. Each change is a QuoteRevision (one per quote and
    month); owners are e-mailed once, after commit, about the quotes whose price moved.

    Idempotent: a quote already moved by this upload is left alone; after a corrected upload of
    the month the quote is re-priced again from the revision's starting point, never from the
    already-moved price. Quotes priced at a later month are left alone, and a month after the
    current one re-prices nothing. Returns the ids of the quotes whose price changed. A constant
    number of queries whatever the number of quotes."""
    if month > current_month():
        return []
    upload = upload or MarketUpload.objects.filter(month=month, is_current=True).first()
    if upload is None:
        return []
    prices = {p.metal: p for p in MetalPrice.objects.filter(upload=upload)}
    if any(m not in prices for m in METALS):
        return []
    cny_per_g = {m: prices[m].cny_per_g for m in METALS}
    eligible = {"metal_clause": True, "status__in": REPRICED_QUOTE_STATUSES, "month__lte": month}
    with transaction.atomic():
        quotes = list(
            Quote.objects.select_for_update(of=("self",))
            .filter(**eligible)
            .select_related("formula")
            .order_by("pk")
        )
        revisions = {
            r.quote_id: r
            for r in QuoteRevision.objects.filter(
                kind=RevisionKind.METAL,
                month=month,
                **{f"quote__{k}": v for k, v in eligible.items()},
            )
        }
        now = timezone.now()
        changed_quotes, new_revisions, corrected, notify = [], [], [], defaultdict(list)
        for quote in quotes:
            revision = revisions.get(quote.pk)
            if revision is None:
                if quote.month == month and quote.upload_id == upload.pk:
                    continue  # priced at this month's data already
                start_metal, start_price, start_snapshot = (
                    quote.metal_cost,
                    quote.unit_price,
                    quote.snapshot,
                )
            else:
                if revision.upload_id == upload.pk:
                    continue  # this upload has been applied
                # From the revision's starting point, plus any change of the value-added part
                # since (a price adjustment applied after the revision).
                start_metal = revision.old_metal_cost
                start_price = (
                    revision.old_unit_price
                    + (quote.unit_price - quote.metal_cost)
                    - (revision.new_unit_price - revision.new_metal_cost)
                )
                start_snapshot = revision.old_snapshot
            costs = calc.metal_costs(quote.formula.content(), cny_per_g)
            new_metal = sum(costs.values(), Decimal("0"))
            new_price = start_price - start_metal + new_metal
            moved = new_price != quote.unit_price
            delta = new_metal - quote.metal_cost
            quote.list_price += delta
            quote.floor_price += delta
            quote.ceiling_price += delta
            quote.metal_cost = new_metal
            quote.unit_price = new_price
            quote.discount_percent = max(
                calc.discount_percent(quote.list_price, new_price), Decimal("0")
            )
            quote.snapshot = quote_metal_snapshot(
                start_snapshot, formula=quote.formula, upload=upload, prices=prices, costs=costs
            )
            if revision is None:
                if new_price != start_price:
                    new_revisions.append(
                        QuoteRevision(
                            quote=quote,
                            kind=RevisionKind.METAL,
                            month=month,
                            upload=upload,
                            old_month=quote.month,
                            old_upload_id=quote.upload_id,
                            old_snapshot=start_snapshot,
                            old_metal_cost=start_metal,
                            new_metal_cost=new_metal,
                            old_unit_price=start_price,
                            new_unit_price=new_price,
                        )
                    )
            else:
                revision.upload = upload
                revision.new_metal_cost = new_metal
                revision.new_unit_price = new_price
                revision.updated_at = now
                corrected.append(revision)
            quote.month = month
            quote.upload = upload
            quote.updated_at = now
            changed_quotes.append(quote)
            if moved:
                notify[quote.owner_id].append(quote.pk)
        bulk_update_values(
            Quote,
            changed_quotes,
            [
                "metal_cost",
                "unit_price",
                "list_price",
                "floor_price",
                "ceiling_price",
                "discount_percent",
                "snapshot",
                "month",
                "upload",
                "updated_at",
            ],
        )
        QuoteRevision.objects.bulk_create(new_revisions, batch_size=1000)
        bulk_update_values(
            QuoteRevision, corrected, ["upload", "new_metal_cost", "new_unit_price", "updated_at"]
        )
        if notify:
            from .notifications import repriced_notify_task

            for owner_id, pks in notify.items():
                repriced_notify_task.delay_on_commit(owner_id, pks, month.isoformat())
    return [pk for pks in notify.values() for pk in pks]


# The first key of the PostgreSQL advisory locks that serialise the recount of a region's open
# quotes (the second is the region's id).
_QUOTE_COUNT_LOCK = 0x0C0A7E


def quote_counts_refresh(*, region_ids=None) -> int:
    """Recount the open quotes (QuoteCount) of the regions (every region when None): one
    grouped count read on the (status, region) index, in the caller's transaction. On
    PostgreSQL each region's recount holds an advisory lock to the end of the transaction, so
    two writes in one region recount one after the other and the later sees the earlier's
    quote. Idempotent; returns the number of rows written."""
    from regions.models import Region

    ids = sorted(
        set(region_ids) if region_ids is not None else Region.objects.values_list("pk", flat=True)
    )
    if not ids:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for region_id in ids:  # in id order, so two writers never deadlock
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s, %s)", [_QUOTE_COUNT_LOCK, region_id]
                    )
        grouped = (
            Quote.objects.filter(status__in=OPEN_QUOTE_STATUSES, region_id__in=ids)
            .values("region_id", "status", "below_floor")
            .annotate(total=Count("status"))
            .order_by()
        )
        now = timezone.now()
        rows = [
            QuoteCount(
                region_id=r["region_id"],
                status=r["status"],
                below_floor=r["below_floor"],
                n=r["total"],
                counted_at=now,
            )
            for r in grouped
        ]
        QuoteCount.objects.filter(region_id__in=ids).delete()
        QuoteCount.objects.bulk_create(rows)
    return len(rows)


def quotes_flag_below_floor(*, month: date) -> int:
    """Open quotes whose price is under the floor at this month's cost are flagged and their
    owners told (one e-mail per owner, after commit). Quotes back above the floor are cleared."""
    strategy = strategy_current()
    if strategy is None:
        return 0
    costs = {c.product_id: c for c in StandardCost.objects.filter(month=month)}
    open_quotes = list(
        Quote.objects.filter(status__in=OPEN_QUOTE_STATUSES, product_id__in=costs.keys()).only(
            "pk", "owner_id", "product_id", "unit_price", "below_floor"
        )
    )
    flagged, cleared = [], []
    for quote in open_quotes:
        cost = costs[quote.product_id]
        value_added = cost.total - cost.metal_cost
        floor = (
            cost.metal_cost + value_added + calc.money(value_added * strategy.floor_markup / 100)
        )
        if quote.unit_price < floor:
            flagged.append(quote.pk)
        elif quote.below_floor:
            cleared.append(quote.pk)
    newly = list(
        Quote.objects.filter(pk__in=flagged, below_floor=False).values_list("pk", flat=True)
    )
    Quote.objects.filter(pk__in=flagged).update(below_floor=True, below_floor_month=month)
    Quote.objects.filter(pk__in=cleared).update(below_floor=False, below_floor_month=None)
    if flagged or cleared:
        quote_counts_refresh()
    if newly:
        from .notifications import below_floor_notify_task

        owners = defaultdict(list)
        for pk, owner_id in Quote.objects.filter(pk__in=newly).values_list("pk", "owner_id"):
            owners[owner_id].append(pk)
        for owner_id, pks in owners.items():
            below_floor_notify_task.delay_on_commit(owner_id, pks, month.isoformat())
    return len(flagged)


# ---------------------------------------------------------------- strategy


def strategy_current(on: date | None = None) -> PricingStrategy | None:
    on = on or timezone.localdate()
    return (
        PricingStrategy.objects.filter(approved_at__isnull=False, valid_from__lte=on)
        .order_by("-valid_from", "-approved_at")
        .first()
    )


@transaction.atomic
def strategy_create(*, actor, submission_key: str = "", **fields) -> PricingStrategy:
    access.require(actor, "pricing.strategy_create")
    strategy = PricingStrategy(created_by=actor, **fields)
    strategy.full_clean()

    def create():
        strategy.save()
        approval_open(document=strategy, actor=actor)
        return strategy

    return create_once(actor=actor, key=submission_key, create=create)[0]


# ---------------------------------------------------------------- quotes


def latest_cost(product) -> StandardCost | None:
    """The product's newest standard cost up to the current month."""
    return (
        StandardCost.objects.filter(product=product, month__lte=current_month())
        .select_related("upload", "formula")
        .order_by("-month")
        .first()
    )


def quote_suggest(*, customer, product):
    """(standard cost, strategy, Suggestion) for this customer and product, from the newest
    month costed and the strategy in force; ValidationError if either is missing."""
    cost = latest_cost(product)
    if cost is None:
        raise ValidationError(
            _("%(product)s has no standard cost yet: finance has not uploaded its monthly costs.")
            % {"product": product.code}
        )
    strategy = strategy_current()
    if strategy is None:
        raise ValidationError(_("No approved pricing strategy is in force."))
    suggestion = calc.suggest(
        metal_cost=cost.metal_cost,
        value_added=cost.total - cost.metal_cost,
        strategy=strategy,
        customer_class=customer.customer_class,
        lifecycle=product.lifecycle,
        aftermarket=customer.customer_type == CustomerType.AFTERMARKET,
    )
    return cost, strategy, suggestion


def _next_number() -> str:
    year = timezone.localdate().year
    last = Quote.objects.filter(number__startswith=f"Q{year}-").aggregate(m=Max("number"))["m"]
    seq = int(last.split("-")[1]) + 1 if last else 1
    return f"Q{year}-{seq:05d}"


def quote_create(
    *,
    actor,
    customer,
    product,
    quantity: int,
    unit_price=None,
    project=None,
    metal_clause: bool = False,
    submission_key: str = "",
) -> Quote:
    """Price a quote from the month's cost and the strategy. Within the actor's authority band
    the price is agreed at once; below it the quote goes to the approver the authority table
    names. Metal is never discounted: a price under the metal pass-through is refused."""
    access.require(actor, "pricing.quote_create")
    if not access.allowed(actor, customer):
        raise PermissionDenied(_("You can only quote customers you can see."))
    access.require(actor, "pricing.quote_create", customer)
    if quantity is None or int(quantity) <= 0:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    cost, strategy, s = quote_suggest(customer=customer, product=product)
    price = calc.money(unit_price) if unit_price not in (None, "") else s.list_price
    if price < s.metal_cost:
        raise ValidationError(
            {
                "unit_price": _(
                    "The price %(price)s is below the metal pass-through %(metal)s; metal is never "
                    "discounted."
                )
                % {"price": price, "metal": s.metal_cost}
            }
        )
    discount = max(calc.discount_percent(s.list_price, price), Decimal("0"))
    within = authority_covers(
        actor=actor, document_type=QUOTE_DOCUMENT, region=customer.region, amount=discount
    )
    prices = {p.metal: p for p in MetalPrice.objects.filter(upload=cost.upload)}
    snapshot = {
        "month": cost.month.isoformat(),
        "usd_cny": str(cost.upload.usd_cny),
        "fx_source": cost.upload.fx_source,
        "formula_version": cost.formula.version,
        "metals": {
            m: {
                "cny_per_g": str(prices[m].cny_per_g),
                "price": str(prices[m].price),
                "unit": prices[m].unit,
                "source": prices[m].source,
                "grams": str(getattr(cost.formula, f"{m}_g")),
                "cost": str(getattr(cost, f"{m}_cost")),
            }
            for m in METALS
            if m in prices
        },
        "substrate": str(cost.substrate),
        "manufacturing": str(cost.manufacturing),
        "markup": str(s.markup),
    }

    def create():
        quote = Quote(
            number=_next_number(),
            customer=customer,
            project=project,
            region=customer.region,
            owner=actor,
            product=product,
            formula=cost.formula,
            strategy=strategy,
            upload=cost.upload,
            month=cost.month,
            quantity=int(quantity),
            metal_cost=s.metal_cost,
            value_added=s.value_added,
            markup_percent=s.markup_percent,
            list_price=s.list_price,
            floor_price=s.floor_price,
            ceiling_price=s.ceiling_price,
            unit_price=price,
            discount_percent=discount,
            snapshot=snapshot,
            metal_clause=metal_clause,
            # Beyond the band it is a draft until submitted; the approval moves it to pending.
            status=QuoteStatus.AGREED if within else QuoteStatus.DRAFT,
            below_floor=price < s.floor_price,
            below_floor_month=cost.month if price < s.floor_price else None,
        )
        quote.full_clean()
        quote.save()
        if not within:
            approval_open(document=quote, actor=actor)
            approval_submit(document=quote, actor=actor)  # recounts (the handler's hook)
        else:
            quote_counts_refresh(region_ids=[quote.region_id])
        return quote

    with transaction.atomic():
        return create_once(actor=actor, key=submission_key, create=create)[0]


@transaction.atomic
def quote_record_outcome(
    *,
    quote: Quote,
    actor,
    outcome: str,
    reaction: str = "",
    competitor: str = "",
    competitor_price=None,
) -> Quote:
    access.require(actor, "pricing.quote_outcome", quote)
    if outcome not in (QuoteStatus.WON, QuoteStatus.LOST):
        raise ValidationError({"outcome": _("Choose won or lost.")})
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status != QuoteStatus.AGREED:
        raise ValidationError(
            _("Only a quote whose price is agreed can be won or lost (this one is: %(s)s).")
            % {"s": locked.get_status_display()}
        )
    locked.status = outcome
    locked.customer_reaction = reaction
    locked.competitor = competitor
    locked.competitor_price = competitor_price
    locked.full_clean()
    locked.save()
    quote_counts_refresh(region_ids=[locked.region_id])  # agreed is open, won and lost are not
    return locked


# ---------------------------------------------------------------- price adjustments (调价申请)


def _require_adjustable(quote: Quote) -> None:
    if quote.status not in REPRICED_QUOTE_STATUSES:
        raise ValidationError(
            _("Only an agreed or won quote's price can be adjusted (this one is: %(s)s).")
            % {"s": quote.get_status_display()}
        )


def _adjustment_check(*, quote: Quote, price: Decimal, exclude_pk=None) -> None:
    _require_adjustable(quote)
    if price <= 0:
        raise ValidationError({"unit_price": _("The price must be more than zero.")})
    if price < quote.metal_cost:
        raise ValidationError(
            {
                "unit_price": _(
                    "The price %(price)s is below the metal pass-through %(metal)s; metal is never "
                    "discounted."
                )
                % {"price": price, "metal": quote.metal_cost}
            }
        )
    pending = PriceAdjustment.objects.filter(quote=quote, status=AdjustmentStatus.PENDING)
    if exclude_pk:
        pending = pending.exclude(pk=exclude_pk)
    if pending.exists():
        raise ValidationError(_("This quote already has a price adjustment waiting for approval."))


def adjustment_request(*, quote: Quote, actor, unit_price, reason: str) -> PriceAdjustment:
    """Ask for a new unit price on an agreed or won quote. Metal is never discounted. Within the
    actor's authority band (pricing.adjustment, discount below the quote's list price) the
    price changes at once, as a quote within band is agreed at once; otherwise the request goes
    to the approver the authority table names. One open request per quote."""
    access.require(actor, "pricing.quote_adjust", quote)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the new price.")})
    if unit_price in (None, ""):
        raise ValidationError({"unit_price": _("Enter the new unit price.")})
    price = calc.money(unit_price)
    with transaction.atomic():
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        _adjustment_check(quote=locked, price=price)
        if price == locked.unit_price:
            raise ValidationError(
                {"unit_price": _("The new price is the same as the current one.")}
            )
        discount = max(calc.discount_percent(locked.list_price, price), Decimal("0"))
        within = authority_covers(
            actor=actor,
            document_type=ADJUSTMENT_DOCUMENT,
            region=locked.region,
            amount=discount,
        )
        adjustment = PriceAdjustment(
            quote=locked,
            region=locked.region,
            requested_by=actor,
            metal_cost=locked.metal_cost,
            list_price=locked.list_price,
            old_unit_price=locked.unit_price,
            new_unit_price=price,
            discount_percent=discount,
            reason=reason,
        )
        adjustment.full_clean()
        adjustment.save()
        if within:
            adjustment_apply(adjustment=adjustment, actor=actor)
            adjustment.refresh_from_db()
        else:
            approval_open(document=adjustment, actor=actor)
            approval_submit(document=adjustment, actor=actor)
    return adjustment


def adjustment_resubmit_check(*, adjustment: PriceAdjustment) -> None:
    """On submission, after the approval mechanism moved the request to pending: the quote must
    still be adjustable at this price (a returned request sent again, long after)."""
    quote = Quote.objects.select_for_update().get(pk=adjustment.quote_id)
    _adjustment_check(quote=quote, price=adjustment.new_unit_price, exclude_pk=adjustment.pk)
    PriceAdjustment.objects.filter(pk=adjustment.pk).update(decided_at=None)


def adjustment_apply(*, adjustment: PriceAdjustment, actor) -> Quote:
    """Change the quote's unit price and record a revision (kind "adjustment"). If the metal
    clause moved the metal cost since the request, the agreed value-added part is kept: the
    price moves with the metal."""
    quote = Quote.objects.select_for_update().get(pk=adjustment.quote_id)
    _require_adjustable(quote)
    price = adjustment.new_unit_price + (quote.metal_cost - adjustment.metal_cost)
    QuoteRevision.objects.create(
        quote=quote,
        kind=RevisionKind.ADJUSTMENT,
        month=quote.month,
        upload=quote.upload,
        old_month=quote.month,
        old_upload=quote.upload,
        old_snapshot=quote.snapshot,
        old_metal_cost=quote.metal_cost,
        new_metal_cost=quote.metal_cost,
        old_unit_price=quote.unit_price,
        new_unit_price=price,
        note=adjustment.reason,
    )
    quote.unit_price = price
    quote.discount_percent = max(calc.discount_percent(quote.list_price, price), Decimal("0"))
    quote.below_floor = price < quote.floor_price
    quote.below_floor_month = quote.month if quote.below_floor else None
    quote.save(
        update_fields=[
            "unit_price",
            "discount_percent",
            "below_floor",
            "below_floor_month",
            "updated_at",
        ]
    )
    quote_counts_refresh(region_ids=[quote.region_id])
    PriceAdjustment.objects.filter(pk=adjustment.pk).update(
        status=AdjustmentStatus.APPLIED, decided_at=timezone.now()
    )
    return quote


def adjustment_close(*, adjustment: PriceAdjustment) -> None:
    """Rejected or returned (the approval mechanism has set the status): nothing changes on the
    quote; the request is dated."""
    PriceAdjustment.objects.filter(pk=adjustment.pk).update(decided_at=timezone.now())


@transaction.atomic
def competitor_price_record(
    *, actor, customer, submission_key: str = "", **fields
) -> CompetitorPrice:
    access.require(actor, "pricing.competitor_record", customer)
    row = CompetitorPrice(customer=customer, region=customer.region, recorded_by=actor, **fields)
    row.full_clean()

    def create():
        row.save()
        return row

    return create_once(actor=actor, key=submission_key, create=create)[0]
