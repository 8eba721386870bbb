"""Benchmark rows for pricing: 2,000 products × 60 months of market data and standard costs,
an approved strategy, authority bands and quotes; jobs: the monthly import, a row per product
(upload → validated → saved), a 100,000-row file (read and validated, refused for its unknown
codes), the monthly roll-up for every product and the monthly re-pricing of the quotes with the
metal pass-through clause."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from bench.registry import BenchContext, Job, Page

ORDER = 50
MONTHS = 60


def _month(index: int) -> date:
    year, month = divmod(index, 12)
    return date(2021 + year, month + 1, 1)


def _file(codes, month: date, *, rows: int | None = None) -> bytes:
    from openpyxl import Workbook

    text = month.strftime("%Y-%m")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Metals")
    ws.append(["Month", "Item", "Price", "Unit", "Source"])
    ws.append([text, "Pt", 221.5, "CNY/g", "SGE"])
    ws.append([text, "Pd", 1050, "USD/oz", "LBMA"])
    ws.append([text, "Rh", 4800, "USD/oz", "JM"])
    ws.append([text, "USD/CNY", 7.18, "CNY/USD", "PBOC"])
    costs = wb.create_sheet("Costs")
    costs.append(["Month", "Product code", "Substrate cost", "Manufacturing cost"])
    if rows is None:
        for i, code in enumerate(codes):
            costs.append([text, code, 150 + i % 300, "1,100.50" if i % 7 == 0 else 90 + i % 50])
    else:
        for i in range(rows):
            costs.append([text, f"STRESS-{i:06d}", 150 + i % 300, 90 + i % 50])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def generate(ctx: BenchContext) -> None:
    from django.utils import timezone

    from customers.models import Customer

    from . import calc
    from .models import (
        FormulaVersion,
        MarketUpload,
        MetalPrice,
        PriceUnit,
        PricingStrategy,
        Product,
        ProductCost,
        Quote,
        StandardCost,
    )

    rng = ctx.rng
    n = ctx.n(2000)
    stages = ["introduction", "growth", "maturity", "decline"]
    products = ctx.bulk(
        Product,
        [
            Product(
                code=f"BP-{i:05d}",
                name=f"Bench catalyst {i}",
                substrate_type="cordierite",
                substrate_dimensions="Ø118.4 × 127 mm",
                volume_l=Decimal(rng.randint(80, 450)) / 100,
                lifecycle=stages[i % 4],
            )
            for i in range(n)
        ],
    )
    products = list(Product.objects.filter(code__startswith="BP-").order_by("code"))
    formulas = [
        FormulaVersion(
            product=p,
            version=1,
            loading_unit="g_ft3",
            pt_loading=Decimal(rng.randint(0, 40)),
            pd_loading=Decimal(rng.randint(20, 140)),
            rh_loading=Decimal(rng.randint(0, 12)),
            valid_from=_month(0),
        )
        for p in products
    ]
    for f, p in zip(formulas, products, strict=True):
        for metal in ("pt", "pd", "rh"):
            setattr(
                f, f"{metal}_g", calc.content_g(getattr(f, f"{metal}_loading"), "g_ft3", p.volume_l)
            )
    ctx.bulk(FormulaVersion, formulas)
    formulas = {
        f.product_id: f for f in FormulaVersion.objects.filter(product__code__startswith="BP-")
    }
    contents = {pk: f.content() for pk, f in formulas.items()}
    finance = ctx.data["people"]["bench_finance"]
    now = timezone.now()
    for index in range(MONTHS):
        month = _month(index)
        fx = Decimal("7.10") + Decimal(index % 10) / 100
        upload = MarketUpload.objects.create(
            month=month, usd_cny=fx, uploaded_by_id=finance, product_count=n
        )
        raw = {
            "pt": (Decimal(210 + index % 25), PriceUnit.CNY_PER_G),
            "pd": (Decimal(950 + 5 * index), PriceUnit.USD_PER_OZ),
            "rh": (Decimal(4300 + 20 * index), PriceUnit.USD_PER_OZ),
        }
        cny = {m: calc.to_cny_per_g(p, u, fx) for m, (p, u) in raw.items()}
        MetalPrice.objects.bulk_create(
            [
                MetalPrice(
                    upload=upload,
                    month=month,
                    metal=m,
                    price=p,
                    unit=u,
                    source="bench",
                    cny_per_g=cny[m],
                )
                for m, (p, u) in raw.items()
            ]
        )
        costs, standards = [], []
        for i, p in enumerate(products):
            sub, man = Decimal(150 + i % 300), Decimal(90 + i % 50)
            costs.append(
                {"upload_id": upload.pk, "product_id": p.pk, "substrate": sub, "manufacturing": man}
            )
            f = formulas[p.pk]
            standards.append(
                {
                    "product_id": p.pk,
                    "month": month,
                    "formula_id": f.pk,
                    "upload_id": upload.pk,
                    "computed_at": now,
                    **calc.standard_cost(contents[p.pk], cny, sub, man),
                }
            )
        ctx.copy(ProductCost, costs)
        ctx.copy(StandardCost, standards)
    # Who approves quotes: the default authority rules (pricing migration 0007).
    strategy = PricingStrategy.objects.create(
        name="Bench strategy",
        valid_from=_month(0),
        markup_a=Decimal(28),
        markup_b=Decimal(22),
        markup_c=Decimal(15),
        markup_d=Decimal(10),
        step_growth=Decimal(2),
        step_maturity=Decimal(5),
        step_decline=Decimal(8),
        channel_markup=Decimal(6),
        floor_markup=Decimal(5),
        ceiling_extra=Decimal(10),
        created_by_id=ctx.data["people"]["bench_director"],
        approved_at=now,
    )
    # Customers: the customers generator's if present, else a few per region of our own.
    customers = list(Customer.objects.values_list("pk", "region_id", "customer_class")[:3000])
    if not customers:
        made = ctx.bulk(
            Customer,
            [
                Customer(
                    name=f"Bench pricing customer {code} {k}",
                    search_name=f"benchpricing{code}{k}",
                    customer_type="oem",
                    region_id=pk,
                    customer_class="ABCD"[k % 4],
                )
                for code, pk in ctx.data["regions"].items()
                for k in range(40)
            ],
        )
        customers = list(Customer.objects.values_list("pk", "region_id", "customer_class"))
        del made
    reps_by_region = {ctx.data["regions"][code]: pks for code, pks in ctx.data["reps"].items()}
    last = _month(MONTHS - 1)
    latest = {s.product_id: s for s in StandardCost.objects.filter(month=last)}
    upload_id = next(iter(latest.values())).upload_id
    # A fifth of the quotes carry the metal pass-through clause and are still at the month
    # before: the re-pricing job moves the agreed and won ones to the last month.
    previous_month = _month(MONTHS - 2)
    previous_upload = (
        MarketUpload.objects.filter(month=previous_month).values_list("pk", flat=True).first()
    )
    quotes = []
    statuses = ["draft", "pending", "agreed", "agreed", "won", "lost", "rejected"]
    for i in range(ctx.n(20000)):
        cust_pk, region_pk, klass = customers[i % len(customers)]
        p = products[rng.randrange(len(products))]
        cost = latest[p.pk]
        va = cost.total - cost.metal_cost
        s = calc.suggest(
            metal_cost=cost.metal_cost,
            value_added=va,
            strategy=strategy,
            customer_class=klass,
            lifecycle=p.lifecycle,
            aftermarket=False,
        )
        reps = reps_by_region.get(region_pk) or ctx.data["reps"]["north"]
        clause = i % 5 == 0
        quotes.append(
            Quote(
                number=f"QB-{i:07d}",
                customer_id=cust_pk,
                region_id=region_pk,
                owner_id=reps[i % len(reps)],
                product=p,
                formula_id=cost.formula_id,
                strategy=strategy,
                metal_clause=clause,
                upload_id=previous_upload if clause else upload_id,
                month=previous_month if clause else last,
                quantity=rng.randint(100, 50000),
                metal_cost=s.metal_cost,
                value_added=va,
                markup_percent=s.markup_percent,
                list_price=s.list_price,
                floor_price=s.floor_price,
                ceiling_price=s.ceiling_price,
                unit_price=s.list_price,
                snapshot={"month": last.isoformat()},
                status=statuses[i % len(statuses)],
            )
        )
    ctx.bulk(Quote, quotes)
    from .services import quote_counts_refresh

    quote_counts_refresh()  # the home page's open-quote counts, as the quote writes keep them
    codes = [p.code for p in products]
    ctx.data["pricing_file"] = _file(codes, _month(MONTHS))
    ctx.data["pricing_stress_file"] = _file(codes, _month(MONTHS), rows=100_000)
    ctx.data["pricing_quote"] = (
        Quote.objects.filter(number="QB-0000000").values_list("pk", flat=True).first()
    )
    ctx.data["pricing_upload"] = upload_id


def pages(ctx: BenchContext) -> list[Page]:
    quote = ctx.data.get("pricing_quote")
    result = [
        Page("pricing: quote list (rep)", "bench_north_rep1", "/pricing/quotes/"),
        Page("pricing: quote list (director)", "bench_director", "/pricing/quotes/"),
        Page(
            "pricing: quotes re-priced this month (director)",
            "bench_director",
            "/pricing/quotes/?repriced=on",
        ),
        Page("pricing: price history (finance)", "bench_finance", "/pricing/market/"),
        Page(
            "pricing: month's standard costs",
            "bench_finance",
            f"/pricing/market/{ctx.data.get('pricing_upload')}/",
        ),
        Page("pricing: product list", "bench_north_rep1", "/pricing/products/"),
    ]
    if quote:
        result.append(Page("pricing: quote page", "bench_director", f"/pricing/quotes/{quote}/"))
    return result


def _import_job(ctx: BenchContext, *, key="pricing_file"):
    from regions.models import User

    from .market import market_data_import

    content = ctx.data[key]
    actor = User.objects.get(username="bench_finance")
    result = market_data_import(
        upload=io.BytesIO(content), actor=actor, month=_month(MONTHS), confirm=True
    )
    return result.upload.product_count if result.ok else len(result.errors)


def _rollup_job(ctx: BenchContext):
    from .services import monthly_cost_rollup

    return monthly_cost_rollup(month=_month(MONTHS - 1))


def _reprice_job(ctx: BenchContext):
    from .services import quotes_reprice_metal

    return len(quotes_reprice_metal(month=_month(MONTHS - 1)))


def jobs(ctx: BenchContext) -> list[Job]:
    # Re-pricing first: the import below rolls up a newer month, which re-prices the same quotes
    # again (its figure includes that), after which there would be nothing left to measure.
    return [
        Job("pricing: re-price the quotes with the metal pass-through clause", _reprice_job),
        Job(
            "pricing: import the monthly file, a row per product (upload → validated → saved)",
            _import_job,
        ),
        Job(
            "pricing: read and validate a 100,000-row file (refused: unknown codes)",
            lambda ctx: _import_job(ctx, key="pricing_stress_file"),
        ),
        Job("pricing: monthly cost roll-up, every product", _rollup_job),
    ]
