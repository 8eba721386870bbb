"""Benchmark organisation: 3 regions and about 60 people per unit of scale (60 at scale 1, 600 at
scale 10: a company ten times the size has ten times the people): per region one manager and
15 reps at scale 1; the general manager, executive, director, finance and marketing admin once;
9 tech support engineers per unit of scale; the reps make up the rest. Below scale 1 the
organisation stays the size of scale 1's (62 people).

Usernames: bench_<region>_manager, bench_<region>_rep<k>, bench_director, bench_finance, …
"""

from django.contrib.auth.hashers import make_password

from bench.registry import BENCH_PASSWORD, BenchContext
from regions.models import Assignment, Region, User
from regions.roles import Role

ORDER = 10
REGIONS = [("north", "华北", "North"), ("east", "华东", "East"), ("south", "华南", "South")]
REPS_PER_REGION = 15
PEOPLE_PER_UNIT = 60
TECHS_PER_UNIT = 9
COMPANY = [
    ("bench_gm", Role.GENERAL_MANAGER),
    ("bench_exec", Role.EXECUTIVE),
    ("bench_director", Role.DIRECTOR),
    ("bench_finance", Role.FINANCE),
    ("bench_mktadmin", Role.MARKETING_ADMIN),
]


def generate(ctx: BenchContext) -> None:
    from django.utils import timezone

    password = make_password(BENCH_PASSWORD)
    regions = ctx.bulk(Region, [Region(code=c, name=n, name_en=e) for c, n, e in REGIONS])
    people = [User(username=u, role=r, password=password, display_name=u) for u, r in COMPANY]
    techs = ctx.n(TECHS_PER_UNIT, minimum=TECHS_PER_UNIT)
    people += [
        User(
            username=f"bench_tech{k}",
            role=Role.TECH_SUPPORT,
            password=password,
            display_name=f"tech {k}",
        )
        for k in range(1, techs + 1)
    ]
    reps_per_region = max(
        REPS_PER_REGION,
        (ctx.n(PEOPLE_PER_UNIT) - len(COMPANY) - techs - len(REGIONS)) // len(REGIONS),
    )
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
        for k in range(1, reps_per_region + 1):
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
