"""The price realisation roll-up and the monthly operations report (SPEC §12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

import access
from access import CompanyReader

from .models import MonthlyReport, PriceFact, PriceRegionFact
from .selectors import REALISED_STATUSES, Period

MONEY_SUM = DecimalField(max_digits=24, decimal_places=4)
CENT = Decimal("0.01")


def _value(price: str):
    return ExpressionWrapper(F(price) * F("quantity"), output_field=MONEY_SUM)


def price_facts_rollup(*, months: list[date] | None = None) -> int:
    """Realised quotes (agreed or won) per cost month × region × owner × customer class ×
    product lifecycle stage, summed in SQL and stored in PriceFact. The months' rows are
    deleted and inserted again in one transaction: a re-run gives the same rows, a crash
    leaves the previous ones. Without `months`, every month that has quotes. Returns the
    number of rows stored."""
    from pricing.models import Quote

    quotes = Quote.objects.filter(status__in=REALISED_STATUSES)
    if months is not None:
        months = sorted({m.replace(day=1) for m in months})
        quotes = quotes.filter(month__in=months)
    rows = (
        quotes.values(
            "month", "region_id", "owner_id", "customer__customer_class", "product__lifecycle"
        )
        .annotate(
            n=Count("pk"),
            qty=Sum("quantity"),
            realised=Sum(_value("unit_price")),
            list_value=Sum(_value("list_price")),
            floor_value=Sum(_value("floor_price")),
            below=Count("pk", filter=Q(below_floor=True)),
        )
        .order_by()
    )
    now = timezone.now()
    cent = Decimal("0.01")
    facts = [
        PriceFact(
            month=r["month"].replace(day=1),
            region_id=r["region_id"],
            owner_id=r["owner_id"],
            lifecycle=r["product__lifecycle"] or "",
            customer_class=r["customer__customer_class"] or "",
            quotes=r["n"],
            quantity=r["qty"] or 0,
            realised=Decimal(r["realised"] or 0).quantize(cent),
            list_value=Decimal(r["list_value"] or 0).quantize(cent),
            floor_value=Decimal(r["floor_value"] or 0).quantize(cent),
            below_floor=r["below"],
            computed_at=now,
        )
        for r in rows
    ]
    # The same figures summed over owners (PriceRegionFact), added up here from the rows above.
    regional: dict[tuple, PriceRegionFact] = {}
    for f in facts:
        key = (f.month, f.region_id, f.customer_class, f.lifecycle)
        row = regional.get(key)
        if row is None:
            regional[key] = PriceRegionFact(
                month=f.month,
                region_id=f.region_id,
                customer_class=f.customer_class,
                lifecycle=f.lifecycle,
                quotes=f.quotes,
                quantity=f.quantity,
                realised=f.realised,
                list_value=f.list_value,
                floor_value=f.floor_value,
                below_floor=f.below_floor,
                computed_at=now,
            )
            continue
        for name in ("quotes", "quantity", "realised", "list_value", "floor_value", "below_floor"):
            setattr(row, name, getattr(row, name) + getattr(f, name))
    with transaction.atomic():
        for model in (PriceFact, PriceRegionFact):
            old = model.objects.all() if months is None else model.objects.filter(month__in=months)
            old.delete()
        PriceFact.objects.bulk_create(facts, batch_size=2000)
        PriceRegionFact.objects.bulk_create(regional.values(), batch_size=2000)
    return len(facts)


# --- the monthly operations report -----------------------------------------------------------


# Who the stored report is read as: the whole company (every row); each scope's report then
# narrows to its region by filter. The access layer's one company-wide reader.
ReportReader = CompanyReader


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def _budget_rows(rows: list[dict], key: str) -> list[dict]:
    return [
        {
            "name": r.get(f"{key}__name") or "—",
            "name_en": r.get(f"{key}__name_en") or "",
            "total": _decimal(r["total"]),
            "committed": _decimal(r["committed"] or 0),
            "spent": _decimal(r["spent"] or 0),
            "remaining": _decimal(r["remaining"]),
            "percent": _decimal(r["percent"]),
        }
        for r in rows
    ]


def _price_row(r: dict, **names) -> dict:
    return {
        **names,
        "quotes": r["quotes"],
        "quantity": r["quantity"],
        "realised": _decimal(r["realised"]),
        "list_value": _decimal(r["list_value"]),
        "floor_value": _decimal(r["floor_value"]),
        "vs_list": _decimal(r["vs_list"]),
        "vs_floor": _decimal(r["vs_floor"]),
        "below_floor": r["below_floor"],
    }


def report_data(*, month: date, region=None) -> dict:
    """Every section of the month's report for one scope, language-neutral (codes, names in
    both languages, amounts as decimal strings), from the same selectors as the dashboard."""
    from . import selectors

    reader = ReportReader()
    region_id = region.pk if region else None
    data: dict = {"month": f"{month:%Y-%m}", "sections": {}, "as_of": {}}

    from regions.models import Region

    regions = list(Region.objects.order_by("code"))
    sales = {}
    for kind in ("month", "year"):
        figures = selectors.sales(
            user=reader, period=Period(kind, month), regions=regions, region_id=region_id
        )
        named = {r.pk: r for r in regions}
        sales[kind] = [
            {
                "name": named[r["region_id"]].name if r["region_id"] in named else "—",
                "name_en": named[r["region_id"]].name_en if r["region_id"] in named else "",
                "litres": _decimal(r["litres"]),
                "revenue": _decimal(r["revenue"]),
                "margin": _decimal(r["margin"]),
            }
            for r in figures["by_region"]
        ]
    data["sections"]["sales"] = sales

    funnel = selectors.funnel(user=reader, region_code=region.code if region else "")
    data["sections"]["development"] = [
        {"stage": r.stage, "count": r.count, "late": r.late} for r in funnel["rows"]
    ]

    budget = {}
    for kind in ("month", "year"):
        figures = selectors.budget(user=reader, period=Period(kind, month), region_id=region_id)
        budget[kind] = {
            "by_region": _budget_rows(figures["by_region"], "region"),
            "by_category": _budget_rows(figures["by_category"], "category"),
        }
        if figures["as_of"]:
            data["as_of"]["budget"] = figures["as_of"].isoformat()
    data["sections"]["budget"] = budget

    prices = selectors.prices(user=reader, period=Period("month", month), region_id=region_id)
    data["sections"]["prices"] = {
        "by_class": [_price_row(r, key=r["key"]) for r in prices["by_class"]],
        "by_lifecycle": [_price_row(r, key=r["key"]) for r in prices["by_lifecycle"]],
        "totals": _price_row(prices["totals"]),
    }
    if prices["as_of"]:
        data["as_of"]["prices"] = prices["as_of"].isoformat()

    named = {r.pk: r for r in regions}
    data["sections"]["targets"] = {
        kind: _target_rows(
            selectors.sales_vs_target(
                user=reader, period=Period(kind, month), regions=regions, region_id=region_id
            ),
            named,
        )
        for kind in ("month", "year")
    }

    kpis = selectors.kpi_ranking(user=reader, month=month, region_id=region_id)
    data["sections"]["kpis"] = {
        "month": f"{kpis['month']:%Y-%m}" if kpis["month"] else None,
        "regions": [
            {
                "name": r["region__name"],
                "name_en": r["region__name_en"] or "",
                "score": _decimal(r["score"]),
            }
            for r in kpis["regions"]
        ],
        "people": [
            {
                "rank": r["rank"],
                "name": r["name"],
                "role": r["role"] or "",
                "region": r["region__name"] or "",
                "region_en": r["region__name_en"] or "",
                "score": _decimal(r["score"]),
            }
            for r in kpis["top"]
        ],
        "ranked": kpis["ranked"],
    }

    info = selectors.intelligence(user=reader, month=month, region_id=region_id)
    data["sections"]["intelligence"] = {
        "counts": [
            {
                "kind": r["kind"],
                "region": r["region__name"] or "",
                "region_en": r["region__name_en"] or "",
                "entries": r["entries"],
                "marked": r["marked"],
            }
            for r in info["counts"]
        ],
        "latest": [
            {
                "date": f"{e.reported_on:%Y-%m-%d}",
                "kind": e.kind,
                "region": e.region.name if e.region_id else "",
                "region_en": (e.region.name_en or "") if e.region_id else "",
                "title": e.title,
                "marked": e.for_analysis,
            }
            for e in info["latest"]
        ],
        "digest": info["digest"].title if info["digest"] else None,
    }
    return data


def _target_rows(figures: dict, named: dict) -> list[dict]:
    """A sales-against-target table for the report: each region, then the total."""
    rows = []
    for r in [*figures["by_region"], figures["totals"]]:
        region = named.get(r["key"])
        rows.append(
            {
                "total": r["key"] == "total",
                "name": region.name if region else "—",
                "name_en": region.name_en if region else "",
                **{
                    f"{part}_{measure}": _decimal(r[part][measure].quantize(CENT))
                    for part in ("original", "current", "actual")
                    for measure in ("litres", "revenue")
                },
                "actual_margin": _decimal(r["actual"]["margin"].quantize(CENT)),
                "litres_percent": _decimal(r["litres_percent"]),
                "revenue_percent": _decimal(r["revenue_percent"]),
            }
        )
    return rows


def _scopes():
    from regions.models import Region

    return [None, *Region.objects.order_by("code")]


def report_generate(*, month: date, actor=None, notify: bool = True) -> list[MonthlyReport]:
    """The month's report for the company and for each region. A scope whose figures are the
    same as its current version keeps it (a re-run or a redelivered task changes nothing); one
    whose figures changed gets a new version, which becomes current while the earlier one
    stays. Each new version is e-mailed to its readers (services.report_recipients). Returns
    the versions created."""
    if actor is not None:
        access.require(actor, "dashboard.report_generate")
    month = month.replace(day=1)
    created = []
    for region in _scopes():
        scope_key = f"region-{region.pk}" if region else "company"
        data = report_data(month=month, region=region)
        with transaction.atomic():
            current = (
                MonthlyReport.objects.select_for_update()
                .filter(month=month, scope_key=scope_key, is_current=True)
                .first()
            )
            if current is not None and current.data.get("sections") == data["sections"]:
                continue
            last = (
                MonthlyReport.objects.filter(month=month, scope_key=scope_key)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
            if current is not None:
                current.is_current = False
                current.save(update_fields=["is_current"])
            report = MonthlyReport.objects.create(
                month=month,
                region=region,
                scope_key=scope_key,
                version=(last or 0) + 1,
                is_current=True,
                data=data,
                generated_at=timezone.now(),
                generated_by=actor,
            )
        created.append(report)
        if notify:
            from .notifications import report_ready

            report_ready(report)
    return created


def report_recipients(report: MonthlyReport):
    """Who receives a report by e-mail: the people who may receive it whose scope it is (the
    company's report to those without a region, a region's to that region's)."""
    people = access.people_who_can("dashboard.report_receive").filter(is_active=True)
    if report.region_id:
        return people.filter(region_id=report.region_id)
    return people.filter(region__isnull=True)


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
