"""Benchmark rows for the customers app (issue 3's scale): at scale 1, 2,000 customers with
two contacts and a platform each, 200 development projects (each about its customer's platform;
their money is the budgets generator's project budgets) with their ten stages, a classification
per customer for the current year, and 20,000 visits (each with its approval record, mostly
approved) spread over the last year; at scale 10 ten times that.

Pages: the customer list (a rep), the visit list (a region manager), a customer page, the
log-visit form, the project funnel (the director) and the classification grid (a region
manager). Logging a visit (GET + POST through the view) is timed as a job over 20 visits.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bench.registry import BenchContext, Job, Page

ORDER = 20
TYPES = ["oem", "engine", "exhaust", "aftermarket"]
STANDARDS = ["cn5", "cn6a", "cn6b", "cn_nr4", "euro6"]
CLASSES = ["A", "B", "C", "D"]


def generate(ctx: BenchContext) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from approvals.models import ApprovalRequest
    from regions.models import Region, User

    from .models import (
        STAGE_ORDER,
        Contact,
        Customer,
        CustomerScore,
        DevelopmentProject,
        Platform,
        ProjectStage,
        Visit,
        search_key,
    )
    from .services import score_cells_rebuild

    rng = ctx.rng
    today = timezone.localdate()
    now = timezone.now()
    regions = list(Region.objects.order_by("code"))
    reps = {
        r.pk: list(User.objects.filter(region=r, role="sales_rep").order_by("username"))
        for r in regions
    }
    managers = {r.pk: User.objects.filter(region=r, role="region_manager").first() for r in regions}

    n_customers = ctx.n(2000)
    customers = []
    for i in range(n_customers):
        region = regions[i % len(regions)]
        owner = reps[region.pk][(i // len(regions)) % len(reps[region.pk])]
        name, name_en = f"基准客户{i:06d}汽车有限公司", f"Bench Motor {i:06d}"
        klass = CLASSES[rng.randrange(4)]
        customers.append(
            Customer(
                name=name,
                name_en=name_en,
                search_name=search_key(f"{name} {name_en}"),
                customer_type=TYPES[i % 4],
                region=region,
                owner=owner,
                emission_standard=STANDARDS[i % 5],
                annual_volume=rng.randrange(1000, 300000),
                catalyst_demand_litres=Decimal(rng.randrange(1000, 900000)),
                incumbent_supplier="巴斯夫",
                our_share=Decimal(rng.randrange(0, 40)),
                customer_class=klass,
                last_visit_date=today - timedelta(days=rng.randrange(0, 200)),
            )
        )
    customers = ctx.copy(Customer, customers)
    ctx.data["customer_ids"] = [c.pk for c in customers]

    ctx.copy(
        Contact,
        [
            Contact(
                customer_id=c.pk,
                name=f"联系人{k}",
                title="经理",
                decision_role=role,
                phone="13800000000",
            )
            for c in customers
            for k, role in enumerate(("decision_maker", "technical"))
        ],
    )
    platforms = ctx.copy(
        Platform,
        [
            Platform(
                customer_id=c.pk,
                name=f"P-{c.pk}",
                kind="vehicle",
                annual_volume=c.annual_volume // 2,
            )
            for c in customers
        ],
    )
    platform_of = {p.customer_id: p.pk for p in platforms}
    year = today.year
    scores = []
    for c in customers:
        high_a, high_l = c.customer_class in ("A", "B"), c.customer_class in ("A", "C")
        scores.append(
            CustomerScore(
                customer_id=c.pk,
                year=year,
                customer_class=c.customer_class,
                attractiveness=Decimal(rng.randrange(50, 100) if high_a else rng.randrange(0, 50)),
                likelihood=Decimal(rng.randrange(50, 100) if high_l else rng.randrange(0, 50)),
            )
        )
    ctx.copy(CustomerScore, scores)
    score_cells_rebuild()

    projects = []
    for k in range(ctx.n(200)):
        c = customers[rng.randrange(len(customers))]
        projects.append(
            DevelopmentProject(
                customer_id=c.pk,
                region_id=c.region_id,
                name=f"基准项目{k:05d}",
                platform_id=platform_of[c.pk],
                owner_id=c.owner_id,
                stage=STAGE_ORDER[rng.randrange(len(STAGE_ORDER))],
                started_on=today - timedelta(days=rng.randrange(30, 700)),
            )
        )
    projects = ctx.copy(DevelopmentProject, projects)
    stages = []
    for p in projects:
        current = STAGE_ORDER.index(p.stage)
        for index, stage in enumerate(STAGE_ORDER):
            planned = p.started_on + timedelta(days=60 * index)
            stages.append(
                ProjectStage(
                    project_id=p.pk,
                    stage=stage,
                    planned_date=planned,
                    owner_id=p.owner_id,
                    actual_date=min(today, planned + timedelta(days=rng.randrange(-5, 20)))
                    if index <= current
                    else None,
                )
            )
    ctx.copy(ProjectStage, stages)

    visits = []
    for _ in range(ctx.n(20000)):
        c = customers[rng.randrange(len(customers))]
        d = today - timedelta(days=rng.randrange(0, 365))
        visits.append(
            Visit(
                customer_id=c.pk,
                region_id=c.region_id,
                rep_id=c.owner_id,
                visit_date=d,
                purpose="技术交流",
                people_met="王总, 李工",
                key_needs="降低贵金属用量",
                competitor_news="竞争对手降价",
                next_steps="提交方案",
                next_step_due=d + timedelta(days=7),
                next_step_done=d < today - timedelta(days=14),
            )
        )
    visits = ctx.copy(Visit, visits)
    visit_type = ContentType.objects.get_for_model(Visit)
    approvals = []
    for v in visits:
        recent = v.visit_date > today - timedelta(days=7)
        approvals.append(
            ApprovalRequest(
                document_type="customers.visit",
                content_type_id=visit_type.pk,
                object_id=v.pk,
                title=f"Visit {v.pk}",
                url=f"/customers/visits/{v.pk}/",
                region_id=v.region_id,
                submitter_id=v.rep_id,
                state="submitted" if recent else "approved",
                approver_role="region_manager",
                approver_region_id=v.region_id,
                submitted_at=now,
                decided_at=None if recent else now,
                decided_by_id=None if recent else managers[v.region_id].pk,
                revision=1,
            )
        )
    ctx.copy(ApprovalRequest, approvals)
    north = next(r.pk for r in regions if r.code == "north")
    ctx.data["customers_sample"] = next(c.pk for c in customers if c.region_id == north)


def pages(ctx: BenchContext) -> list[Page]:
    customer = ctx.data.get("customers_sample")
    return [
        Page("customers: customer list", "bench_north_rep1", "/customers/"),
        Page(
            "customers: customer list, search",
            "bench_north_manager",
            "/customers/?q=bench%20motor%200012",
        ),
        Page("customers: customer list (director)", "bench_director", "/customers/"),
        Page("customers: visit list", "bench_north_manager", "/customers/visits/"),
        Page("customers: visit list (director)", "bench_director", "/customers/visits/"),
        Page("customers: customer page", "bench_north_manager", f"/customers/{customer}/"),
        Page("customers: log-visit form", "bench_north_rep1", "/customers/visits/new/"),
        Page("customers: project funnel", "bench_director", "/customers/projects/funnel/"),
        Page("customers: project list", "bench_north_manager", "/customers/projects/"),
        Page("customers: project list (director)", "bench_director", "/customers/projects/"),
        Page("customers: classification grid", "bench_north_manager", "/customers/grid/"),
        Page("customers: classification grid (director)", "bench_director", "/customers/grid/"),
    ]


def _log_visits(ctx: BenchContext, count: int = 20) -> int:
    """GET the form and POST a visit, `count` times, through the whole Django stack."""
    from django.test import Client
    from django.utils import timezone

    from regions.models import User

    from .models import Customer

    rep = User.objects.get(username="bench_north_rep1")
    customer = Customer.objects.filter(owner=rep).order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(rep)
    for k in range(count):
        assert client.get("/customers/visits/new/").status_code == 200
        response = client.post(
            "/customers/visits/new/",
            {
                "customer": customer.pk,
                "visit_date": timezone.localdate().isoformat(),
                "purpose": "基准拜访",
                "next_steps": "跟进",
                "next_step_due": timezone.localdate().isoformat(),
                "submission_key": f"bench-{k}",
            },
        )
        assert response.status_code == 302, response.status_code
    return count


def jobs(ctx: BenchContext) -> list[Job]:
    return [Job("customers: log 20 visits (GET form + POST, through the view)", _log_visits)]
