"""Benchmark rows for technical support: support requests in every state (2,000 at scale 1),
technical data for 1,000 of the customers' platforms, stage deliverables (1,500) and 300 library
entries.

Reads the customers and projects already in the database (the customers generator runs
first, ORDER 20); when there are none (this app benchmarked alone) it creates a minimal set
of its own. From the context it uses only the regions generator's "regions", "reps" and
"people" keys.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bench.registry import BenchContext, Job, Page

ORDER = 30
STATES = ["new"] * 15 + ["accepted"] * 15 + ["delivered"] * 20 + ["rated"] * 50
TYPES = ["tech_exchange", "training", "test", "samples", "other"]
STANDARDS = ["cn6a", "cn6b", "cn_nr4", "euro6"]


def _ensure_customers(ctx: BenchContext) -> tuple[list[tuple], list[tuple]]:
    from customers.models import Customer, DevelopmentProject, Stage

    customers = list(Customer.objects.values_list("pk", "region_id"))
    if not customers:
        rng = ctx.rng
        region_ids = list(ctx.data["regions"].values())
        reps = [pk for ids in ctx.data["reps"].values() for pk in ids]
        rows = []
        for i in range(ctx.n(600, minimum=30)):
            region_id = region_ids[i % len(region_ids)]
            rows.append(
                Customer(
                    name=f"基准客户 {i:05d}",
                    name_en=f"Bench customer {i:05d}",
                    search_name=f"bench{i:05d}",
                    customer_type="oem",
                    region_id=region_id,
                    owner_id=rng.choice(reps),
                )
            )
        ctx.bulk(Customer, rows)
        customers = list(Customer.objects.values_list("pk", "region_id"))
    projects = list(
        DevelopmentProject.objects.values_list("pk", "customer_id", "region_id", "stage")
    )
    if not projects:
        owners = {pk: owner for pk, owner in Customer.objects.values_list("pk", "owner_id")}
        rows = []
        for i, (customer_id, region_id) in enumerate(customers[: ctx.n(60, minimum=10)]):
            rows.append(
                DevelopmentProject(
                    customer_id=customer_id,
                    region_id=region_id,
                    name=f"Bench project {i}",
                    owner_id=owners[customer_id] or ctx.data["people"]["bench_director"],
                    stage=list(Stage)[i % len(Stage)].value,
                )
            )
        ctx.bulk(DevelopmentProject, rows)
        projects = list(
            DevelopmentProject.objects.values_list("pk", "customer_id", "region_id", "stage")
        )
    return customers, projects


def generate(ctx: BenchContext) -> None:
    from django.utils import timezone

    from customers.models import STAGE_ORDER, Platform

    from .models import (
        DELIVERABLE_STAGES,
        EngineClass,
        LibraryItem,
        PlatformInfo,
        StageDeliverable,
        SupportRequest,
    )

    rng = ctx.rng
    customers, projects = _ensure_customers(ctx)
    people = ctx.data["people"]
    techs = [pk for name, pk in people.items() if name.startswith("bench_tech")]
    region_code = {pk: code for code, pk in ctx.data["regions"].items()}
    reps = ctx.data["reps"]
    now = timezone.now()
    today = timezone.localdate()

    # Technical data for one archive platform of each of the first customers (the customers
    # generator lists one platform per customer; alone, this app adds the platforms itself).
    wanted = customers[: ctx.n(1000)]
    region_of = dict(wanted)
    have = {}
    for platform_id, customer_id in (
        Platform.objects.filter(customer_id__in=region_of, tech_info__isnull=True)
        .order_by("pk")
        .values_list("pk", "customer_id")
    ):
        have.setdefault(customer_id, platform_id)
    missing = [
        Platform(customer_id=c, name=f"P-{c}", kind="vehicle") for c in region_of if c not in have
    ]
    for platform in ctx.copy(Platform, missing):
        have[platform.customer_id] = platform.pk
    platforms = []
    for i, (customer_id, platform_id) in enumerate(have.items()):
        platforms.append(
            PlatformInfo(
                platform_id=platform_id,
                region_id=region_of[customer_id],
                engine_model=f"E{i % 97:02d}",
                displacement_litres=Decimal(rng.choice(["1.50", "2.00", "4.20", "12.90"])),
                ecu="Bosch",
                emission_standard=rng.choice(STANDARDS),
                constraints="Back pressure ≤ 25 kPa",
            )
        )
    ctx.copy(PlatformInfo, platforms)

    project_of = {}
    for project_id, customer_id, _region, _stage in projects:
        project_of.setdefault(customer_id, project_id)
    requests = []
    for i in range(ctx.n(2000)):
        customer_id, region_id = customers[rng.randrange(len(customers))]
        state = STATES[i % len(STATES)]
        age = rng.randint(0, 365)
        created = now - timedelta(days=age)
        fields = {}
        if state != "new":
            tech = rng.choice(techs)
            fields.update(
                assignee_id=tech, accepted_by_id=tech, accepted_at=created + timedelta(days=1)
            )
        if state in ("delivered", "rated"):
            fields.update(
                delivery_notes="Report delivered", delivered_at=created + timedelta(days=5)
            )
        if state == "rated":
            fields.update(
                rating=rng.choice([2, 3, 4, 4, 5, 5]),
                rating_comment="",
                rated_at=created + timedelta(days=6),
            )
        requests.append(
            SupportRequest(
                region_id=region_id,
                requester_id=rng.choice(reps[region_code[region_id]]),
                customer_id=customer_id,
                project_id=project_of.get(customer_id),
                request_type=TYPES[i % len(TYPES)],
                need=f"Bench need {i}",
                wanted_by=today
                + timedelta(
                    days=rng.randint(-60, 30) if state in ("new", "accepted") else -age + 10
                ),
                state=state,
                **fields,
            )
        )
    ctx.copy(SupportRequest, requests)

    deliverables = []
    stage_values = [s.value for s in DELIVERABLE_STAGES]
    for i in range(ctx.n(1500)):
        project_id, _customer, region_id, stage = projects[i % len(projects)]
        reached = [
            s for s in stage_values if STAGE_ORDER.index(s) <= STAGE_ORDER.index(stage)
        ] or stage_values[:1]
        deliverables.append(
            StageDeliverable(
                project_id=project_id,
                region_id=region_id,
                stage=rng.choice(reached),
                title=f"Deliverable {i}",
                note="",
                delivered_on=today - timedelta(days=rng.randint(0, 700)),
                recorded_by_id=rng.choice(techs),
            )
        )
    ctx.copy(StageDeliverable, deliverables)
    # The library does not grow with sales volume: a few hundred entries at any scale.
    classes = [c.value for c in EngineClass]
    library = []
    for i in range(300):
        kind = ("solution", "statement", "training")[i % 3]
        solution = kind == "solution"
        library.append(
            LibraryItem(
                kind=kind,
                title=f"Library entry {i}",
                engine_class=classes[i % len(classes)] if solution else "",
                emission_standard=STANDARDS[i % len(STANDARDS)] if solution else "",
                recommended_formula="Pd/Rh 5:1, 60 g/ft3" if solution else "",
                body="Standard text " * 20,
                updated_by_id=techs[i % len(techs)],
            )
        )
    ctx.bulk(LibraryItem, library)
    rep1 = people["bench_north_rep1"]
    mine = (
        SupportRequest.objects.filter(requester_id=rep1)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    ctx.data["support_request_detail_id"] = (
        mine or SupportRequest.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    ctx.data["deliverable_project_id"] = projects[0][0]


def pages(ctx: BenchContext) -> list[Page]:
    detail = ctx.data.get("support_request_detail_id")
    result = [
        Page("techsupport: queue, new (tech)", "bench_tech1", "/techsupport/?tab=new"),
        Page("techsupport: queue, mine (tech)", "bench_tech1", "/techsupport/?tab=mine"),
        Page("techsupport: queue, overdue (tech)", "bench_tech1", "/techsupport/?tab=overdue"),
        Page("techsupport: my requests (rep)", "bench_north_rep1", "/techsupport/requests/?mine=1"),
        Page(
            "techsupport: region requests (manager)",
            "bench_north_manager",
            "/techsupport/requests/",
        ),
        Page("techsupport: requests (director)", "bench_director", "/techsupport/requests/"),
        Page("techsupport: platform tech info (tech)", "bench_tech1", "/techsupport/platforms/"),
        Page(
            "techsupport: library search (rep)",
            "bench_north_rep1",
            "/techsupport/library/?q=entry&kind=solution",
        ),
    ]
    if detail:
        result.append(
            Page(
                "techsupport: request detail (rep)",
                "bench_north_rep1",
                f"/techsupport/requests/{detail}/",
            )
        )
    return result


def jobs(ctx: BenchContext) -> list[Job]:
    def ratings(_ctx):
        from django.utils import timezone

        from .selectors import support_rating_summary

        today = timezone.localdate()
        return support_rating_summary(date_from=today - timedelta(days=365), date_to=today)

    return [Job("techsupport: ratings per person and region, one year", ratings)]
