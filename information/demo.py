"""Demo information management: a plan with every kind of information, three months of forms
(most handed in on time, some late, some missing), entries in them (competitor prices in
pricing's list), last month's digest published. Idempotent: nothing is added once the plan
has rows."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

ORDER = 70

PLAN = [
    # kind, title, collector, channel, frequency, grace days
    ("customer_news", "客户动态（产量、新项目、人事）", "sales_rep", "visits", "monthly", 5),
    ("competitor", "竞争对手报价", "sales_rep", "visits", "weekly", 2),
    ("competitor", "竞争对手技术动态", "tech_support", "association", "monthly", 5),
    ("policy", "排放法规与补贴政策", "marketing_admin", "authorities", "on_event", 0),
    ("policy", "汽车产业政策季报", "marketing_admin", "authorities", "quarterly", 10),
    ("market", "汽车与催化剂市场数据", "marketing_admin", "association", "quarterly", 10),
]
COMPETITORS = ["巴斯夫", "庄信万丰", "优美科", "威孚力达"]
NEWS = ["计划扩产 20%", "新平台定点在即", "采购负责人更换", "国六b项目推迟"]


def seed(*, out) -> None:
    from customers.models import Customer
    from pricing.models import CompetitorPrice
    from regions.models import User

    from .models import Digest, Entry, InformationForm, Kind, PlanItem
    from .periods import month_end
    from .services import forms_generate

    if PlanItem.objects.exists():
        out.write("  information: already seeded")
        return
    director = User.objects.filter(username="director").first()
    mktadmin = User.objects.filter(username="mktadmin").first()
    managers = list(User.objects.filter(username__in=["north_manager", "east_manager"]))
    for kind, title, collector, channel, frequency, grace in PLAN:
        item = PlanItem.objects.create(
            kind=kind,
            title=title,
            collector_role=collector,
            channel=channel,
            frequency=frequency,
            grace_days=grace,
            consolidator_role="marketing_admin",
            analyst_role="marketing_director",
            updated_by=mktadmin,
        )
        item.recipients.set([p for p in [director, *managers] if p])

    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=62)).replace(day=1)
    forms_generate(start=start, end=today)

    customers: dict[int, list] = {}
    for customer in Customer.objects.order_by("pk"):
        customers.setdefault(customer.region_id, []).append(customer)
    entries = []
    for index, form in enumerate(
        InformationForm.objects.filter(due_on__lt=today).select_related("person").order_by("pk")
    ):
        if index % 9 == 4:
            continue  # missing
        handed_in = form.due_on + timedelta(days=2) if index % 7 == 3 else form.due_on
        handed_in = min(handed_in, today)
        InformationForm.objects.filter(pk=form.pk).update(
            submitted_at=timezone.make_aware(datetime.combine(handed_in, time(17))),
            submitted_on=handed_in,
        )
        regional = customers.get(form.region_id) or [None]
        customer = regional[index % len(regional)]
        entry = Entry(
            form=form,
            kind=form.kind,
            author=form.person,
            region=form.region,
            reported_on=handed_in,
            source="拜访" if form.kind != Kind.MARKET else "中国汽车工业协会",
        )
        if form.kind == Kind.CUSTOMER_NEWS and customer:
            entry.customer = customer
            entry.title = f"{customer.name}{NEWS[index % len(NEWS)]}"
        elif form.kind == Kind.COMPETITOR:
            competitor = COMPETITORS[index % len(COMPETITORS)]
            entry.competitor = competitor
            entry.product = "TWC-国六b"
            entry.title = f"{competitor}最新报价与配方"
            entry.body = "Pd/Rh 配比下调，涂层减薄"
            if customer and form.person.region_id:
                entry.customer = customer
                entry.competitor_price = CompetitorPrice.objects.create(
                    customer=customer,
                    region=customer.region,
                    competitor=competitor,
                    price=Decimal(760 + (index % 9) * 15),
                    formula_notes="Pd/Rh 配比下调",
                    observed_on=handed_in,
                    source="客户采购部",
                    recorded_by=form.person,
                )
        elif form.kind == Kind.POLICY:
            entry.title = "国七排放标准征求意见稿"
            entry.emission_standard = "euro7"
            entry.effective_on = today.replace(month=1, day=1) + timedelta(days=730)
        elif form.kind == Kind.MARKET:
            entry.title = "季度汽车产量"
            entry.metric = "乘用车产量"
            entry.value = Decimal("6800000")
            entry.unit = "辆"
        else:
            entry.title = NEWS[index % len(NEWS)]
        entries.append(entry)
    Entry.objects.bulk_create(entries)

    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    chosen = Entry.objects.filter(
        reported_on__gte=last_month, reported_on__lte=month_end(last_month)
    )
    picked = list(chosen.order_by("pk").values_list("pk", flat=True)[::3][:12])
    if picked and mktadmin:
        digest = Digest.objects.create(
            month=last_month,
            title=f"{last_month:%Y-%m} 市场情报简报",
            summary="竞争对手在华北降价约 5%；两家客户计划扩产。",
            published_at=timezone.now(),
            published_by=mktadmin,
        )
        Entry.objects.filter(pk__in=picked).update(for_analysis=True, digest=digest)
    out.write(
        f"  information: {PlanItem.objects.count()} plan rows, "
        f"{InformationForm.objects.count()} forms, {Entry.objects.count()} entries"
    )
