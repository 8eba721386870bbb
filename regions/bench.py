"""Benchmark organisation: 3 regions and 60 people at every scale (people do not grow with
volume): per region one manager and 15 reps; company roles as in the demo.

Usernames: bench_<region>_manager, bench_<region>_rep<k>, bench_director, bench_finance, …
"""

from django.contrib.auth.hashers import make_password

from bench.registry import BENCH_PASSWORD, BenchContext
from regions.models import Assignment, Region, User
from regions.roles import Role

ORDER = 10
REGIONS = [("north", "华北", "North"), ("east", "华东", "East"), ("south", "华南", "South")]
REPS_PER_REGION = 15
COMPANY = [
    ("bench_gm", Role.GENERAL_MANAGER),
    ("bench_exec", Role.EXECUTIVE),
    ("bench_director", Role.DIRECTOR),
    ("bench_finance", Role.FINANCE),
    ("bench_mktadmin", Role.MARKETING_ADMIN),
    ("bench_tech1", Role.TECH_SUPPORT),
    ("bench_tech2", Role.TECH_SUPPORT),
    ("bench_tech3", Role.TECH_SUPPORT),
    ("bench_tech4", Role.TECH_SUPPORT),
    ("bench_tech5", Role.TECH_SUPPORT),
    ("bench_tech6", Role.TECH_SUPPORT),
    ("bench_tech7", Role.TECH_SUPPORT),
    ("bench_tech8", Role.TECH_SUPPORT),
    ("bench_tech9", Role.TECH_SUPPORT),
]


def generate(ctx: BenchContext) -> None:
    from django.utils import timezone

    password = make_password(BENCH_PASSWORD)
    regions = ctx.bulk(Region, [Region(code=c, name=n, name_en=e) for c, n, e in REGIONS])
    people = [User(username=u, role=r, password=password, display_name=u) for u, r in COMPANY]
    for region in regions:
        people.append(
            User(
                username=f"bench_{region.code}_manager",
                role=Role.REGION_MANAGER,
                region=region,
                password=password,
                display_name=f"{region.code} manager",
            )
        )
        for k in range(1, REPS_PER_REGION + 1):
            people.append(
                User(
                    username=f"bench_{region.code}_rep{k}",
                    role=Role.SALES_REP,
                    region=region,
                    password=password,
                    display_name=f"{region.code} rep {k}",
                )
            )
    people = ctx.bulk(User, people)
    people = list(User.objects.filter(username__startswith="bench_"))  # ids on every backend
    now = timezone.now()
    Assignment.objects.bulk_create(
        [Assignment(person=p, role=p.role, region_id=p.region_id, started_at=now) for p in people]
    )
    ctx.data["regions"] = {r.code: r.pk for r in Region.objects.all()}
    ctx.data["people"] = {p.username: p.pk for p in people}
    ctx.data["reps"] = {
        code: [p.pk for p in people if p.role == Role.SALES_REP and p.region_id == pk]
        for code, pk in ctx.data["regions"].items()
    }
    ctx.data["managers"] = {
        code: next(p.pk for p in people if p.role == Role.REGION_MANAGER and p.region_id == pk)
        for code, pk in ctx.data["regions"].items()
    }


def pages(ctx: BenchContext):
    from bench.registry import Page

    return [
        Page("core: home (rep)", "bench_north_rep1", "/"),
        Page("core: home (manager)", "bench_north_manager", "/"),
        Page("core: home (director)", "bench_director", "/"),
        Page("approvals: queue (manager)", "bench_north_manager", "/approvals/"),
        Page("approvals: queue (director)", "bench_director", "/approvals/"),
        Page("approvals: my submissions (rep)", "bench_north_rep1", "/approvals/mine/"),
    ]
