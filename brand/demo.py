"""Demo brand management: last year's approved positioning and this year's draft, a toolkit of
four items (one in two versions), this year's promotion plan approved within the brand budget
with two of its three activities done, perception surveys over two years and an improvement
plan. Builds on the budgets demo (ORDER 60: the brand department's budget); idempotent."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

ORDER = 75
PDF = b"%PDF-1.4\n% demo\n"


def seed(*, out) -> None:
    from approvals.tasks import approval_notify_task

    with mock.patch.object(approval_notify_task, "delay_on_commit", lambda *args, **kwargs: None):
        _seed(out=out)


def _seed(*, out) -> None:
    from approvals.services import approval_decide, approval_for, approval_submit
    from customers.models import Customer
    from regions.models import User

    from . import services
    from .models import BrandSurvey, Positioning, PromotionPlan, ToolkitItem

    if Positioning.objects.exists():
        out.write("  brand: already seeded")
        return
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    admin, director, gm = people.get("mktadmin"), people.get("director"), people.get("gm")
    if not (admin and director and gm):
        return
    today = timezone.localdate()
    year = today.year

    positioning_values = {
        "statement": "以技术进步带来的低成本，品质稳定的民族品牌，服务周到。",
        "value_claims": "技术进步带来的低成本；品质稳定；民族品牌；服务周到",
        "customer_research": "2 年内调研 30 家主机厂：成本与交付稳定性最受关注。",
        "competitor_analysis": "外资品牌技术领先但价格高、响应慢。",
    }
    last = services.positioning_save(actor=admin, values={"year": year - 1, **positioning_values})
    approval_submit(document=last, actor=admin)
    approval_decide(request=approval_for(last), actor=gm, decision="approve", reason="")
    services.positioning_save(
        actor=admin,
        values={
            "year": year,
            **positioning_values,
            "statement": "国六b/国七时代：更低贵金属用量的稳定方案，本地服务 24 小时响应。",
        },
    )

    for kind, title, language in [
        ("statement", "标准陈述", "zh"),
        ("brochure", "企业画册", "zh"),
        ("product_sheet", "Product sheet: TWC for China 6b", "en"),
        ("case", "客户案例：某主机厂国六b匹配", "zh"),
    ]:
        item = services.toolkit_item_create(
            actor=admin,
            values={"kind": kind, "title": title, "language": language, "owner": admin},
            upload=ContentFile(PDF, name=f"{kind}.pdf"),
            note="首版",
        )
    services.toolkit_version_add(
        actor=admin, item=item, upload=ContentFile(PDF, name="case-v2.pdf"), note="补充测试数据"
    )

    plan = services.plan_create(actor=admin, year=year, title=f"{year} 年品牌推广计划")
    rep = people.get("north_rep1") or admin
    manager = people.get("north_manager") or director
    activities = [
        ("media_ad", "《汽车与配件》专业媒体广告", date(year, 1, 15), "曝光 5 万次", "8000", rep),
        ("conference", "国六b催化技术研讨会", date(year, 3, 20), "30 家客户到会", "15000", rep),
        ("training", "客户技术培训（华东）", date(year, 11, 10), "培训 40 人", "6000", manager),
    ]
    for kind, title, starts_on, effect, budget, owner in activities:
        services.activity_add(
            actor=admin,
            plan=plan,
            values={
                "kind": kind,
                "title": title,
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=1),
                "owner": owner,
                "supervisor": director,
                "expected_effect": effect,
                "budget": Decimal(budget),
            },
        )
    try:
        approval_submit(document=plan, actor=admin)
        approval_decide(request=approval_for(plan), actor=director, decision="approve", reason="")
    except ValidationError as exc:  # no brand budget in this database: the plan stays a draft
        out.write(f"  brand: promotion plan left in draft ({exc})")
    plan = PromotionPlan.objects.get(pk=plan.pk)
    if plan.status == "approved":
        for activity, (leads, attendance, cost) in zip(
            plan.activities.order_by("starts_on")[:2],
            [(6, 0, "7800"), (14, 36, "14200")],
            strict=False,
        ):
            services.activity_results(
                actor=admin,
                activity=activity,
                leads=leads,
                attendance=attendance,
                actual_cost=Decimal(cost),
                note="达到预期",
            )

    customers = list(Customer.objects.order_by("pk")[:12])
    surveys = []
    for index, customer in enumerate(customers):
        for survey_year, lift in ((year - 1, 0), (year, 1)):
            base = 2 + (index % 3)
            surveys.append(
                BrandSurvey(
                    customer=customer,
                    region=customer.region,
                    year=survey_year,
                    technology=min(5, base + lift),
                    quality=min(5, base + 1),
                    national_brand=min(5, base),
                    service=min(5, base + lift),
                    score=Decimal(min(5, base + lift) * 2 + min(5, base + 1) + min(5, base)) / 4,
                    conducted_by=admin,
                )
            )
    BrandSurvey.objects.bulk_create(surveys, ignore_conflicts=True)
    services.improvement_add(
        actor=admin,
        year=year,
        action="在华东增加一次客户培训",
        owner=admin,
        due_on=today + timedelta(days=30),
    )
    services.improvement_add(
        actor=admin,
        year=year,
        action="更新产品介绍资料（英文）",
        owner=director,
        due_on=today - timedelta(days=10),
    )
    out.write(
        f"  brand: plan {plan.status}, {ToolkitItem.objects.count()} toolkit items, "
        f"{len(surveys)} surveys"
    )
