"""Benchmark rows for information management: the plan (four scheduled rows), every collector's
forms for 52 weeks × scale (weekly competitor prices and monthly customer news for every rep,
monthly technology notes for tech support, quarterly market data for marketing admin), one
entry in each form handed in (about 9 in 10; 1 in 8 of them late), and a digest per month.

From the context it uses only the regions generator's "people" key.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bench.registry import BenchContext, Job, Page

ORDER = 70
PLAN = [
    ("competitor", "竞争对手报价", "sales_rep", "weekly", 2),
    ("customer_news", "客户动态", "sales_rep", "monthly", 5),
    ("competitor", "竞争对手技术动态", "tech_support", "monthly", 5),
    ("market", "市场数据", "marketing_admin", "quarterly", 10),
]


def generate(ctx: BenchContext) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from .models import Digest, Entry, InformationForm, PlanItem
    from .periods import month_end, periods_between

    rng = ctx.rng
    today = timezone.localdate()
    start = today - timedelta(weeks=ctx.n(52))
    people = list(
        get_user_model()
        .objects.filter(pk__in=list(ctx.data["people"].values()))
        .values_list("pk", "role", "region_id")
    )
    items = ctx.bulk(
        PlanItem,
        [
            PlanItem(
                kind=kind,
                title=title,
                collector_role=role,
                channel="visits",
                frequency=frequency,
                grace_days=grace,
                consolidator_role="marketing_admin",
                analyst_role="marketing_director",
            )
            for kind, title, role, frequency, grace in PLAN
        ],
    )
    items = list(PlanItem.objects.order_by("pk"))
    forms = []
    for item in items:
        collectors = [p for p in people if p[1] == item.collector_role]
        for period_start, period_end in periods_between(item.frequency, start, today):
            due = period_end + timedelta(days=item.grace_days)
            for person_id, _role, region_id in collectors:
                handed_in = None
                if due < today and rng.random() < 0.9:
                    handed_in = due + timedelta(days=rng.choice([0] * 7 + [3]))
                elif due >= today and rng.random() < 0.3:
                    handed_in = today
                forms.append(
                    InformationForm(
                        plan_item_id=item.pk,
                        kind=item.kind,
                        person_id=person_id,
                        region_id=region_id,
                        period_start=period_start,
                        period_end=period_end,
                        due_on=due,
                        submitted_at=(
                            timezone.make_aware(datetime.combine(handed_in, time(17)))
                            if handed_in
                            else None
                        ),
                        submitted_on=handed_in,
                    )
                )
    forms = ctx.copy(InformationForm, forms)
    entries = []
    for index, form in enumerate(forms):
        if form.submitted_on is None:
            continue
        entries.append(
            Entry(
                form_id=form.pk,
                kind=form.kind,
                author_id=form.person_id,
                region_id=form.region_id,
                reported_on=form.submitted_on,
                title=f"情报 {index} 巴斯夫 降价" if index % 5 == 0 else f"客户动态 {index}",
                body="Pd/Rh 配比下调，涂层减薄。" * 3,
                source="拜访",
                competitor="巴斯夫" if form.kind == "competitor" else "",
                metric="乘用车产量" if form.kind == "market" else "",
                value=6_800_000 if form.kind == "market" else None,
                for_analysis=index % 11 == 0,
            )
        )
    entries = ctx.copy(Entry, entries)
    admin = ctx.data["people"]["bench_mktadmin"]
    month = today.replace(day=1)
    digests = []
    while month > start:
        month = (month - timedelta(days=1)).replace(day=1)
        digests.append(
            Digest(
                month=month,
                title=f"{month:%Y-%m} 情报简报",
                summary="摘要",
                published_at=timezone.now(),
                published_by_id=admin,
            )
        )
    ctx.bulk(Digest, digests)
    for digest in Digest.objects.all():
        Entry.objects.filter(
            for_analysis=True,
            reported_on__gte=digest.month,
            reported_on__lte=month_end(digest.month),
        ).update(digest=digest)
    ctx.data["information_digest_id"] = (
        Digest.objects.order_by("-month").values_list("pk", flat=True).first()
    )


def pages(ctx: BenchContext) -> list[Page]:
    result = [
        Page("information: my forms (rep)", "bench_north_rep1", "/information/?mine=1"),
        Page("information: region forms (manager)", "bench_north_manager", "/information/"),
        Page(
            "information: missing forms (marketing admin)",
            "bench_mktadmin",
            "/information/?status=missing",
        ),
        Page(
            "information: late and missing (manager)", "bench_north_manager", "/information/late/"
        ),
        Page(
            "information: consolidation (marketing admin)",
            "bench_mktadmin",
            "/information/consolidation/",
        ),
        Page(
            "information: search (rep)",
            "bench_north_rep1",
            "/information/search/?q=%E5%B7%B4%E6%96%AF%E5%A4%AB",
        ),
        Page("information: digests (rep)", "bench_north_rep1", "/information/digests/"),
    ]
    digest = ctx.data.get("information_digest_id")
    if digest:
        result.append(
            Page("information: digest (rep)", "bench_north_rep1", f"/information/digests/{digest}/")
        )
    return result


def jobs(ctx: BenchContext) -> list[Job]:
    def lateness(_ctx):
        from django.utils import timezone

        from .selectors import late_forms

        today = timezone.localdate()
        return late_forms(month_from=today.replace(month=1, day=1), month_to=today)

    def generate_today(_ctx):
        from .services import forms_generate_today

        return forms_generate_today()

    return [
        Job("information: late_forms, year to date, everyone", lateness),
        Job("information: daily form generation (idempotent re-run)", generate_today),
    ]
