"""Demo technical support: technical data for the platform each demo project is about (linked
to the customer archive's platform of that name), support
requests in every state (some rated, some overdue), and deliverables for the stages each demo
project has reached. Builds on the customers demo (ORDER 20); idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import access
from customers.models import STAGE_ORDER, Customer, DevelopmentProject, Platform, platform_name_key
from regions.models import User
from regions.roles import Role

from .models import (
    DELIVERABLE_STAGES,
    LibraryItem,
    PlatformInfo,
    RequestState,
    StageDeliverable,
    SupportRequest,
)

ORDER = 30

# customer English name -> (platform, engine model, displacement, ECU, standard, constraints)
PLATFORMS = {
    "Beiyue Automobile Group": (
        "BY-2.0T GDI",
        "BY20T-G6",
        "1.98",
        "博世 MED17.8",
        "cn6b",
        "紧耦合位置空间 180 mm；背压 ≤ 28 kPa",
    ),
    "Jingu Power Machinery": (
        "YC4 4.2L",
        "JG-YC4",
        "4.20",
        "电装 ECD-U2P",
        "cn6a",
        "DOC+SCR 一体式箱体；底盘高度受限",
    ),
    "Bohai Exhaust Systems": (
        "TWC Gen 2",
        "—",
        None,
        "",
        "cn6b",
        "客户自制壳体，载体 Φ118 × 100 mm",
    ),
    "Tangshan Power Technology": (
        "TS-1.5T",
        "TS15T",
        "1.50",
        "联合电子 ME17",
        "cn6b",
        "冷启动排放为主要难点",
    ),
    "Shenjiang Motor": (
        "SJ-1.5T HEV",
        "SJ15T-H",
        "1.50",
        "大陆 EMS3",
        "cn6b",
        "混动频繁启停；GPF 集成",
    ),
    "Suxi Power": (
        "SX-13L",
        "SX13",
        "12.94",
        "博世 EDC17",
        "cn6a",
        "SCR 尿素喷射位置固定；背压 ≤ 15 kPa",
    ),
    "Hangwan New Energy Vehicles": (
        "HW-REX 1.5L",
        "HW15R",
        "1.50",
        "联合电子 ME17",
        "cn6b",
        "增程器工况窄，起燃温度要求高",
    ),
    "Wuhu Powertrain": ("WH-2.0T", "WH20T", "1.99", "德尔福 MT92", "cn6b", ""),
    "Zhujiang Automobile Group": (
        "ZJ-1.6L",
        "ZJ16",
        "1.59",
        "博世 ME17.9",
        "cn6b",
        "底盘下置，离地间隙 ≥ 150 mm",
    ),
    "Lingnan Power": (
        "LN-2.8L",
        "LN28D",
        "2.80",
        "博世 EDC17",
        "cn6a",
        "DOC+DPF；再生策略由客户标定",
    ),
    "Xiangjiang Heavy Vehicles": ("XJ-11L", "XJ11", "10.84", "电装", "cn6a", "高原工况验证"),
    "Pengcheng New Energy Vehicles": ("PC-1.5T PHEV", "PC15T", "1.50", "联合电子", "cn6b", ""),
}

# (customer English name, project platform or None, type, need, days from today wanted,
#  state, rating, comment)
REQUESTS = [
    (
        "Beiyue Automobile Group",
        "BY-2.0T GDI",
        "test",
        "国六b 匹配试验：请安排台架背压测试与起燃温度测试。",
        10,
        "new",
        None,
        "",
    ),
    (
        "Jingu Power Machinery",
        "YC4 4.2L",
        "tech_exchange",
        "客户技术中心希望了解 SCR 涂层方案，请派工程师参加技术交流。",
        5,
        "new",
        None,
        "",
    ),
    (
        "Suxi Power",
        "SX-13L",
        "samples",
        "需要 6 套 SCR 样件用于客户耐久试验。",
        -3,
        "accepted",
        None,
        "",
    ),
    (
        "Hangwan New Energy Vehicles",
        "HW-REX 1.5L",
        "test",
        "增程器冷启动排放摸底试验。",
        12,
        "accepted",
        None,
        "",
    ),
    (
        "Beiyue Automobile Group",
        "BY-2.0T GDI",
        "samples",
        "需要 4 套紧耦合催化器样件用于整车排放试验。",
        -5,
        "delivered",
        None,
        "",
    ),
    (
        "Zhujiang Automobile Group",
        "ZJ-1.6L",
        "training",
        "为客户采购和质量人员做催化剂基础知识培训。",
        -10,
        "delivered",
        None,
        "",
    ),
    (
        "Shenjiang Motor",
        "SJ-1.5T HEV",
        "test",
        "认证前的排放预试验，需要报告支持。",
        -20,
        "rated",
        5,
        "报告清楚，客户非常满意。",
    ),
    (
        "Beiyue Automobile Group",
        "BY-2.0T GDI",
        "tech_exchange",
        "与客户讨论紧耦合催化器的贵金属配比。",
        -40,
        "rated",
        4,
        "响应及时。",
    ),
    (
        "Xiangjiang Heavy Vehicles",
        "XJ-11L",
        "test",
        "高原工况 SCR 转化效率验证。",
        -30,
        "rated",
        3,
        "结论来得有点晚。",
    ),
    ("Wuhu Powertrain", "WH-2.0T", "other", "客户询问国七法规下的技术路线。", -15, "rated", 4, ""),
    (
        "Pengcheng New Energy Vehicles",
        "PC-1.5T PHEV",
        "training",
        "售后服务培训：故障诊断与更换流程。",
        -25,
        "delivered",
        None,
        "",
    ),
]


# (kind, title, engine class, emission standard, recommended formula, content)
LIBRARY = [
    (
        "solution",
        "国六b 汽油车紧耦合三元催化方案",
        "gasoline",
        "cn6b",
        "Pd/Rh 5:1，60 g/ft³，600 目/3.5 mil，1.2 L",
        "适用于 1.5–2.0 L 直喷汽油机；紧耦合位置起燃快，配合底盘 GPF。",
    ),
    (
        "solution",
        "混动/增程器 低温起燃方案",
        "hybrid",
        "cn6b",
        "Pd/Rh 8:1，80 g/ft³，750 目，1.0 L",
        "频繁启停工况下保持催化器温度；建议配电加热选项。",
    ),
    (
        "solution",
        "轻型柴油 DOC+DPF 方案",
        "light_diesel",
        "cn6a",
        "Pt/Pd 2:1，30 g/ft³ DOC + 涂层 DPF",
        "适用于 2.5–3.0 L 轻型柴油机；被动再生为主。",
    ),
    (
        "solution",
        "重型柴油 国六 SCR 后处理方案",
        "heavy_diesel",
        "cn6a",
        "DOC + cDPF + Cu-SSZ-13 SCR + ASC，400 目",
        "适用于 10–13 L 重型柴油机；NOx 转化率 ≥ 95%（WHTC）。",
    ),
    (
        "solution",
        "非道路四阶段 DOC+SCR 方案",
        "non_road",
        "cn_nr4",
        "Pt 20 g/ft³ DOC + V-SCR，300 目",
        "工程机械与农机；耐硫性好，成本低。",
    ),
    (
        "statement",
        "贵金属价格联动条款的标准陈述",
        "",
        "",
        "",
        "报价中的贵金属按上月平均价结算，月度调整，差额双方据实结算。",
    ),
    (
        "statement",
        "质量保证与耐久里程的标准陈述",
        "",
        "",
        "",
        "国六产品满足 16 万公里/10 年耐久要求；质保期内的失效按合同条款处理。",
    ),
    (
        "training",
        "催化剂基础知识（面向客户采购与质量）",
        "",
        "",
        "",
        "三元催化原理、贵金属作用、载体与涂层、常见失效模式。",
    ),
    (
        "training",
        "国六法规与 RDE 试验要点",
        "",
        "",
        "",
        "国六 a/b 限值、RDE 试验流程、OBD 要求与对后处理的影响。",
    ),
]


def seed(*, out) -> None:
    tech = User.objects.filter(role=Role.TECH_SUPPORT, is_active=True).order_by("username").first()
    for kind, title, engine_class, standard, formula, body in LIBRARY:
        LibraryItem.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "engine_class": engine_class,
                "emission_standard": standard,
                "recommended_formula": formula,
                "body": body,
                "updated_by": tech,
            },
        )
    customers = {
        c.name_en: c
        for c in Customer.objects.filter(name_en__in=set(PLATFORMS) | {r[0] for r in REQUESTS})
    }
    if not customers:
        out.write("  techsupport: no demo customers found; skipped")
        return
    techs = list(User.objects.filter(role=Role.TECH_SUPPORT, is_active=True).order_by("username"))
    now = timezone.now()
    today = timezone.localdate()
    for name_en, (platform, engine, displacement, ecu, standard, constraints) in PLATFORMS.items():
        customer = customers.get(name_en)
        if customer is None:
            continue
        # The platform of the customer archive with this name (the one the project is about),
        # added to the archive when the customers demo did not list it.
        key = platform_name_key(platform)
        listed = next(
            (
                p
                for p in Platform.objects.filter(customer=customer).order_by("pk")
                if p.name_key == key
            ),
            None,
        )
        if listed is None:
            listed = Platform.objects.create(
                customer=customer,
                name=platform,
                kind="engine" if customer.customer_type == "engine" else "vehicle",
                annual_volume=customer.annual_volume // 2,
            )
        PlatformInfo.objects.get_or_create(
            platform=listed,
            defaults={
                "region": customer.region,
                "engine_model": engine,
                "ecu": ecu,
                "emission_standard": standard,
                "displacement_litres": Decimal(displacement) if displacement else None,
                "constraints": constraints,
                "updated_by": techs[0] if techs else None,
            },
        )
    # Each demo project is about one platform of the archive: a request names it by that name.
    projects = {
        p.platform.name: p
        for p in DevelopmentProject.objects.filter(
            customer__in=customers.values(), platform__isnull=False
        ).select_related("platform")
    }
    for index, (name_en, platform, kind, need, days, state, rating, comment) in enumerate(REQUESTS):
        customer = customers.get(name_en)
        if customer is None or SupportRequest.objects.filter(customer=customer, need=need).exists():
            continue
        requester = (
            customer.owner
            or User.objects.filter(role=Role.SALES_REP, region=customer.region).first()
        )
        if requester is None:
            continue
        project = projects.get(platform)
        assignee = techs[index % len(techs)] if techs and state != RequestState.NEW else None
        if state != RequestState.NEW and assignee is None:
            continue
        age = timedelta(days=max(5, -days + 10))
        fields = {}
        if assignee:
            fields.update(
                assignee=assignee, accepted_by=assignee, accepted_at=now - age + timedelta(days=1)
            )
        if state in (RequestState.DELIVERED, RequestState.RATED):
            fields.update(
                delivery_notes="已完成并提交报告，详见附件说明。",
                delivered_at=now - age + timedelta(days=4),
            )
        if state == RequestState.RATED:
            fields.update(
                rating=rating, rating_comment=comment, rated_at=now - age + timedelta(days=5)
            )
        request = SupportRequest.objects.create(
            region=customer.region,
            requester=requester,
            customer=customer,
            project=project,
            request_type=kind,
            need=need,
            wanted_by=today + timedelta(days=days),
            state=state,
            **fields,
        )
        SupportRequest.objects.filter(pk=request.pk).update(created_at=now - age)
        if assignee:
            access.grant(assignee, customer)
            if project:
                access.grant(assignee, project)
    deliverable_titles = {
        "supply_application": "供货申请书",
        "test_plan": "试验计划",
        "tech_agreement": "技术协议",
        "samples": "样件发运",
        "matching_test": "匹配试验报告",
        "certification": "认证报告",
        "after_sales": "售后服务记录",
    }
    for project in DevelopmentProject.objects.filter(
        customer__in=customers.values()
    ).select_related("customer", "platform"):
        reached = STAGE_ORDER.index(project.stage)
        recorder = techs[project.pk % len(techs)] if techs else project.owner
        for stage in DELIVERABLE_STAGES:
            position = STAGE_ORDER.index(stage.value)
            if position > reached:
                continue
            StageDeliverable.objects.get_or_create(
                project=project,
                stage=stage.value,
                title=f"{project.platform or project.name} {deliverable_titles[stage.value]}",
                defaults={
                    "region": project.region,
                    "recorded_by": recorder,
                    "note": "已归档。",
                    "delivered_on": today - timedelta(days=20 * (reached - position + 1)),
                },
            )
    out.write(
        f"  techsupport: {PlatformInfo.objects.count()} platforms, "
        f"{SupportRequest.objects.count()} support requests, "
        f"{StageDeliverable.objects.count()} stage deliverables, "
        f"{LibraryItem.objects.count()} library entries"
    )
