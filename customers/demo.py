"""Demo customers: about 60 fictional Chinese vehicle, engine and exhaust-system makers and
distributors across the three regions, classes A–D, and a dozen development projects at
different stages. The customers app's own demo steps (contacts, visits, plans, surveys) build
on these; other apps' demos look customers up by name or region."""

import random
from datetime import date, timedelta
from decimal import Decimal

from regions.models import Region, User
from regions.roles import Role

from .models import (
    STAGE_ORDER,
    Customer,
    CustomerType,
    DevelopmentProject,
    EmissionStandard,
    Platform,
    Stage,
    platform_name_key,
)

ORDER = 20

# (Chinese name, English name, type, class, emission standard, annual volume, litres/year,
#  incumbent, our share %)
CUSTOMERS = {
    "north": [
        (
            "北岳汽车集团有限公司",
            "Beiyue Automobile Group",
            "oem",
            "A",
            "cn6b",
            180000,
            "396000",
            "巴斯夫",
            "12",
        ),
        (
            "燕山重型卡车股份有限公司",
            "Yanshan Heavy Truck",
            "oem",
            "A",
            "cn6a",
            60000,
            "540000",
            "庄信万丰",
            "5",
        ),
        (
            "津沽动力机械有限公司",
            "Jingu Power Machinery",
            "engine",
            "B",
            "cn6b",
            220000,
            "660000",
            "优美科",
            "0",
        ),
        (
            "冀东柴油机厂",
            "Jidong Diesel Engine Works",
            "engine",
            "B",
            "cn6a",
            90000,
            "450000",
            "巴斯夫",
            "8",
        ),
        (
            "太行客车制造有限公司",
            "Taihang Coach",
            "oem",
            "C",
            "cn6a",
            8000,
            "64000",
            "本地供应商",
            "30",
        ),
        (
            "渤海排气系统有限公司",
            "Bohai Exhaust Systems",
            "exhaust",
            "A",
            "cn6b",
            300000,
            "510000",
            "庄信万丰",
            "18",
        ),
        (
            "京北新能源汽车有限公司",
            "Jingbei New Energy Vehicles",
            "oem",
            "C",
            "cn6b",
            40000,
            "48000",
            "优美科",
            "25",
        ),
        (
            "晋源农业机械有限公司",
            "Jinyuan Agricultural Machinery",
            "engine",
            "D",
            "cn_nr4",
            30000,
            "120000",
            "本地供应商",
            "0",
        ),
        (
            "蒙原工程机械有限公司",
            "Mengyuan Construction Machinery",
            "engine",
            "C",
            "cn_nr4",
            12000,
            "96000",
            "巴斯夫",
            "40",
        ),
        (
            "辽河专用车有限公司",
            "Liaohe Special Vehicles",
            "oem",
            "D",
            "cn6a",
            5000,
            "30000",
            "",
            "0",
        ),
        (
            "华北汽配销售有限公司",
            "North China Auto Parts Trading",
            "aftermarket",
            "C",
            "cn5",
            0,
            "25000",
            "多家",
            "15",
        ),
        (
            "承德消声器厂",
            "Chengde Muffler Works",
            "exhaust",
            "D",
            "cn6a",
            50000,
            "40000",
            "本地供应商",
            "10",
        ),
        (
            "唐山动力科技有限公司",
            "Tangshan Power Technology",
            "engine",
            "B",
            "cn6b",
            70000,
            "280000",
            "庄信万丰",
            "0",
        ),
        (
            "保定轻型车有限公司",
            "Baoding Light Vehicles",
            "oem",
            "B",
            "cn6b",
            120000,
            "240000",
            "优美科",
            "6",
        ),
        (
            "大同煤矿机械有限公司",
            "Datong Mining Machinery",
            "engine",
            "D",
            "cn_nr4",
            4000,
            "40000",
            "",
            "0",
        ),
        (
            "秦皇岛环保汽配有限公司",
            "Qinhuangdao Green Auto Parts",
            "aftermarket",
            "D",
            "cn6a",
            0,
            "12000",
            "多家",
            "20",
        ),
        (
            "张家口越野车有限公司",
            "Zhangjiakou Off-road Vehicles",
            "oem",
            "C",
            "cn6b",
            15000,
            "30000",
            "巴斯夫",
            "35",
        ),
        (
            "沧州排放净化器有限公司",
            "Cangzhou Emission Purifier",
            "exhaust",
            "C",
            "cn6a",
            80000,
            "72000",
            "本地供应商",
            "22",
        ),
        (
            "石家庄发动机有限公司",
            "Shijiazhuang Engine",
            "engine",
            "A",
            "cn6b",
            150000,
            "525000",
            "优美科",
            "15",
        ),
        (
            "廊坊物流车辆有限公司",
            "Langfang Logistics Vehicles",
            "oem",
            "D",
            "cn6a",
            6000,
            "24000",
            "",
            "0",
        ),
    ],
    "east": [
        (
            "申江汽车股份有限公司",
            "Shenjiang Motor",
            "oem",
            "A",
            "cn6b",
            350000,
            "700000",
            "庄信万丰",
            "10",
        ),
        ("苏锡动力有限公司", "Suxi Power", "engine", "A", "cn6b", 260000, "910000", "巴斯夫", "14"),
        (
            "甬城排气系统有限公司",
            "Yongcheng Exhaust Systems",
            "exhaust",
            "B",
            "cn6b",
            400000,
            "680000",
            "优美科",
            "4",
        ),
        (
            "杭湾新能源汽车有限公司",
            "Hangwan New Energy Vehicles",
            "oem",
            "B",
            "cn6b",
            90000,
            "108000",
            "庄信万丰",
            "0",
        ),
        (
            "皖江重卡有限公司",
            "Wanjiang Heavy Truck",
            "oem",
            "A",
            "cn6a",
            45000,
            "405000",
            "巴斯夫",
            "20",
        ),
        (
            "徐工动力机械有限公司",
            "Xugong Power Machinery",
            "engine",
            "C",
            "cn_nr4",
            25000,
            "200000",
            "本地供应商",
            "35",
        ),
        ("扬子客车有限公司", "Yangzi Coach", "oem", "C", "cn6a", 9000, "72000", "优美科", "28"),
        (
            "太湖汽配贸易有限公司",
            "Taihu Auto Parts Trading",
            "aftermarket",
            "C",
            "cn5",
            0,
            "30000",
            "多家",
            "18",
        ),
        (
            "金陵发动机有限公司",
            "Jinling Engine",
            "engine",
            "B",
            "cn6b",
            110000,
            "385000",
            "庄信万丰",
            "5",
        ),
        (
            "温州消声器有限公司",
            "Wenzhou Muffler",
            "exhaust",
            "D",
            "cn6a",
            60000,
            "48000",
            "本地供应商",
            "12",
        ),
        (
            "鲁东柴油机有限公司",
            "Ludong Diesel",
            "engine",
            "A",
            "cn6a",
            130000,
            "650000",
            "巴斯夫",
            "9",
        ),
        (
            "青岛港口机械有限公司",
            "Qingdao Port Machinery",
            "engine",
            "D",
            "cn_nr4",
            3000,
            "30000",
            "",
            "0",
        ),
        (
            "合肥轻型车有限公司",
            "Hefei Light Vehicles",
            "oem",
            "B",
            "cn6b",
            140000,
            "280000",
            "优美科",
            "3",
        ),
        (
            "常州排放科技有限公司",
            "Changzhou Emission Technology",
            "exhaust",
            "C",
            "cn6b",
            120000,
            "96000",
            "本地供应商",
            "30",
        ),
        (
            "南通专用车有限公司",
            "Nantong Special Vehicles",
            "oem",
            "D",
            "cn6a",
            4000,
            "20000",
            "",
            "0",
        ),
        (
            "嘉兴摩托车有限公司",
            "Jiaxing Motorcycle",
            "oem",
            "D",
            "cn6b",
            200000,
            "40000",
            "本地供应商",
            "5",
        ),
        (
            "华东汽车后市场有限公司",
            "East China Aftermarket",
            "aftermarket",
            "D",
            "cn6a",
            0,
            "15000",
            "多家",
            "10",
        ),
        (
            "芜湖动力总成有限公司",
            "Wuhu Powertrain",
            "engine",
            "B",
            "cn6b",
            160000,
            "480000",
            "庄信万丰",
            "0",
        ),
        ("绍兴客车有限公司", "Shaoxing Coach", "oem", "C", "cn6a", 7000, "56000", "巴斯夫", "32"),
        (
            "淄博工程机械有限公司",
            "Zibo Construction Machinery",
            "engine",
            "C",
            "cn_nr4",
            10000,
            "80000",
            "本地供应商",
            "25",
        ),
    ],
    "south": [
        (
            "珠江汽车集团有限公司",
            "Zhujiang Automobile Group",
            "oem",
            "A",
            "cn6b",
            300000,
            "600000",
            "优美科",
            "11",
        ),
        (
            "岭南动力有限公司",
            "Lingnan Power",
            "engine",
            "A",
            "cn6b",
            200000,
            "700000",
            "庄信万丰",
            "16",
        ),
        (
            "闽江排气系统有限公司",
            "Minjiang Exhaust Systems",
            "exhaust",
            "B",
            "cn6b",
            250000,
            "425000",
            "巴斯夫",
            "6",
        ),
        (
            "桂林客车工业有限公司",
            "Guilin Coach Industry",
            "oem",
            "C",
            "cn6a",
            10000,
            "80000",
            "本地供应商",
            "30",
        ),
        (
            "湘江重型汽车有限公司",
            "Xiangjiang Heavy Vehicles",
            "oem",
            "B",
            "cn6a",
            35000,
            "315000",
            "优美科",
            "0",
        ),
        (
            "鹏城新能源汽车有限公司",
            "Pengcheng New Energy Vehicles",
            "oem",
            "A",
            "cn6b",
            160000,
            "192000",
            "庄信万丰",
            "8",
        ),
        (
            "琼州摩托车有限公司",
            "Qiongzhou Motorcycle",
            "oem",
            "D",
            "cn6b",
            150000,
            "30000",
            "本地供应商",
            "10",
        ),
        (
            "华南汽配连锁有限公司",
            "South China Auto Parts Chain",
            "aftermarket",
            "C",
            "cn5",
            0,
            "35000",
            "多家",
            "20",
        ),
        (
            "赣州发动机有限公司",
            "Ganzhou Engine",
            "engine",
            "B",
            "cn6b",
            80000,
            "280000",
            "巴斯夫",
            "4",
        ),
        (
            "柳江专用汽车有限公司",
            "Liujiang Special Vehicles",
            "oem",
            "C",
            "cn6a",
            12000,
            "48000",
            "本地供应商",
            "26",
        ),
        ("厦门消声器有限公司", "Xiamen Muffler", "exhaust", "D", "cn6a", 40000, "32000", "", "0"),
        (
            "佛山动力机械有限公司",
            "Foshan Power Machinery",
            "engine",
            "C",
            "cn_nr4",
            15000,
            "120000",
            "本地供应商",
            "38",
        ),
        (
            "长沙工程机械有限公司",
            "Changsha Construction Machinery",
            "engine",
            "A",
            "cn_nr4",
            40000,
            "320000",
            "巴斯夫",
            "12",
        ),
        (
            "东莞排放净化器有限公司",
            "Dongguan Emission Purifier",
            "exhaust",
            "C",
            "cn6b",
            90000,
            "81000",
            "本地供应商",
            "24",
        ),
        (
            "南宁轻型车有限公司",
            "Nanning Light Vehicles",
            "oem",
            "D",
            "cn6a",
            8000,
            "16000",
            "",
            "0",
        ),
        (
            "福州汽车后市场有限公司",
            "Fuzhou Aftermarket",
            "aftermarket",
            "D",
            "cn6a",
            0,
            "10000",
            "多家",
            "15",
        ),
        (
            "株洲动力总成有限公司",
            "Zhuzhou Powertrain",
            "engine",
            "B",
            "cn6b",
            100000,
            "350000",
            "优美科",
            "0",
        ),
        ("汕头客车有限公司", "Shantou Coach", "oem", "D", "cn6a", 3000, "24000", "", "0"),
        (
            "海口物流车有限公司",
            "Haikou Logistics Vehicles",
            "oem",
            "C",
            "cn6b",
            6000,
            "18000",
            "本地供应商",
            "40",
        ),
        (
            "惠州混动科技有限公司",
            "Huizhou Hybrid Technology",
            "oem",
            "B",
            "cn6b",
            70000,
            "105000",
            "庄信万丰",
            "2",
        ),
    ],
}

# (customer English name, project name, platform, stage, months ago started). The platform is
# the customer archive's (added when missing); a project's money is a budget in the budgets demo.
PROJECTS = [
    (
        "Beiyue Automobile Group",
        "北岳 2.0T 国六b 配套",
        "BY-2.0T GDI",
        Stage.MATCHING_TEST,
        14,
    ),
    (
        "Jingu Power Machinery",
        "津沽 YC4 柴油机 DOC+SCR",
        "YC4 4.2L",
        Stage.TECH_AGREEMENT,
        9,
    ),
    (
        "Bohai Exhaust Systems",
        "渤海 三元催化器二期",
        "TWC Gen 2",
        Stage.VOLUME_SUPPLY,
        26,
    ),
    (
        "Tangshan Power Technology",
        "唐山 1.5T 发动机开发",
        "TS-1.5T",
        Stage.TECH_EXCHANGE,
        3,
    ),
    ("Shenjiang Motor", "申江 1.5T 混动国六b", "SJ-1.5T HEV", Stage.CERTIFICATION, 18),
    ("Suxi Power", "苏锡 重柴 SCR 系统", "SX-13L", Stage.SAMPLES, 11),
    (
        "Hangwan New Energy Vehicles",
        "杭湾 增程器催化器",
        "HW-REX 1.5L",
        Stage.SUPPLY_APPLICATION,
        5,
    ),
    ("Wuhu Powertrain", "芜湖 2.0T 发动机配套", "WH-2.0T", Stage.TEST_PLAN, 7),
    (
        "Zhujiang Automobile Group",
        "珠江 1.6L 国六b 配套",
        "ZJ-1.6L",
        Stage.MATCHING_TEST,
        13,
    ),
    ("Lingnan Power", "岭南 轻柴 DOC+DPF", "LN-2.8L", Stage.CONTACT, 1),
    (
        "Xiangjiang Heavy Vehicles",
        "湘江 重卡 SCR 配套",
        "XJ-11L",
        Stage.TECH_AGREEMENT,
        8,
    ),
    (
        "Pengcheng New Energy Vehicles",
        "鹏城 PHEV 催化器",
        "PC-1.5T PHEV",
        Stage.VOLUME_SUPPLY,
        24,
    ),
]


def _archive_platform(customer: Customer, name: str) -> Platform:
    """The customer's platform of this name in the archive (compared like the service does),
    added when the archive does not list it yet."""
    key = platform_name_key(name)
    for platform in Platform.objects.filter(customer=customer).order_by("pk"):
        if platform.name_key == key:
            return platform
    return Platform.objects.create(
        customer=customer,
        name=name,
        kind="engine" if customer.customer_type == "engine" else "vehicle",
        annual_volume=customer.annual_volume // 2,
    )


def seed(*, out) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=CUSTOMERS)}
    reps = {
        code: list(User.objects.filter(role=Role.SALES_REP, region=region).order_by("username"))
        for code, region in regions.items()
    }
    created = 0
    for code, rows in CUSTOMERS.items():
        region = regions[code]
        for index, (
            name,
            name_en,
            kind,
            klass,
            standard,
            volume,
            litres,
            incumbent,
            share,
        ) in enumerate(rows):
            owner = reps[code][index % len(reps[code])] if reps[code] else None
            _, was_created = Customer.objects.get_or_create(
                name=name,
                defaults={
                    "name_en": name_en,
                    "customer_type": CustomerType(kind),
                    "region": region,
                    "owner": owner,
                    "emission_standard": EmissionStandard(standard),
                    "annual_volume": volume,
                    "catalyst_demand_litres": Decimal(litres),
                    "incumbent_supplier": incumbent,
                    "our_share": Decimal(share),
                    "customer_class": klass,
                    "address": f"{region.name}",
                },
            )
            created += was_created
    today = date.today()
    for name_en, project_name, platform, stage, months_ago in PROJECTS:
        customer = Customer.objects.get(name_en=name_en)
        if DevelopmentProject.objects.filter(name=project_name).exists():
            continue
        DevelopmentProject.objects.create(
            name=project_name,
            customer=customer,
            region=customer.region,
            platform=_archive_platform(customer, platform),
            owner=customer.owner
            or User.objects.filter(role=Role.REGION_MANAGER, region=customer.region).first(),
            stage=stage,
            expected_litres=customer.catalyst_demand_litres / 4,
            started_on=today - timedelta(days=30 * months_ago),
        )
    out.write(
        f"  customers: {Customer.objects.count()} customers ({created} new), "
        f"{DevelopmentProject.objects.count()} projects"
    )
    _seed_archive(out=out)


# --- Contacts, stages, classification, visits, plans and surveys --------------------------------

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"]
CONTACT_ROLES = [
    ("decision_maker", "总经理"),
    ("technical", "技术部部长"),
    ("purchasing", "采购经理"),
    ("quality", "质量经理"),
]
PURPOSES = [
    "技术交流",
    "样品跟进",
    "价格谈判",
    "配套申请沟通",
    "质量问题处理",
    "年度合作回顾",
    "新平台信息收集",
]
NEEDS = [
    "国六b 法规下的起燃温度要求",
    "降低贵金属用量、控制成本",
    "缩短样品交付周期",
    "背压要低于现有方案",
    "需要本地化售后支持",
]
COMPETITOR = [
    "庄信万丰报价下调约5%",
    "巴斯夫在推新一代涂层",
    "优美科在做同平台匹配试验",
    "本地供应商以低价争取份额",
    "",
]
NEXT_STEPS = ["提交技术方案", "安排样品试制", "约技术部做匹配试验", "提交报价", "邀请客户参观工厂"]
SCORES = {"A": (8, 8), "B": (8, 3), "C": (3, 8), "D": (3, 3)}


def _seed_archive(*, out) -> None:
    from approvals.models import State
    from approvals.services import approval_decide, approval_for

    from .models import (
        ActionStatus,
        ClassificationCriterion,
        Contact,
        CustomerScore,
        KeyAccountPlan,
        ProjectStage,
        Survey,
        SurveyQuestion,
        Visit,
    )
    from .services import (
        customer_classify,
        plan_action_add,
        plan_action_status,
        plan_create,
        project_stage_update,
        score_cells_rebuild,
        survey_record,
        visit_create,
    )

    rng = random.Random(4)
    today = date.today()
    customers = list(Customer.objects.select_related("region", "owner").order_by("pk"))
    managers = {u.region_id: u for u in User.objects.filter(role=Role.REGION_MANAGER)}
    director = User.objects.filter(role=Role.DIRECTOR).first()
    criteria = list(ClassificationCriterion.objects.filter(active=True))
    for i, customer in enumerate(customers):
        if not Contact.objects.filter(customer=customer).exists():
            for j, (role, title) in enumerate(CONTACT_ROLES[: 2 + i % 3]):
                Contact.objects.create(
                    customer=customer,
                    name=SURNAMES[(i + j) % 12] + ["总", "工", "经理", "主任"][j % 4],
                    title=title,
                    decision_role=role,
                    phone=f"138{i:04d}{j:04d}",
                )
        if not Platform.objects.filter(customer=customer).exists() and customer.customer_type in (
            "oem",
            "engine",
        ):
            Platform.objects.create(
                customer=customer,
                name=f"{customer.name_en.split()[0]}-{1.5 + (i % 4) * 0.5:.1f}L",
                kind="vehicle" if customer.customer_type == "oem" else "engine",
                annual_volume=customer.annual_volume // 2,
            )
        # Two years of classification: last year and this year, so the history shows.
        if (
            criteria
            and not CustomerScore.objects.filter(customer=customer).exists()
            and customer.customer_class
        ):
            high_a, high_l = SCORES[customer.customer_class]
            for year, drift in ((today.year - 1, -1), (today.year, 0)):
                values = {
                    c.pk: max(
                        0,
                        min(
                            10,
                            (high_a if c.axis == "attractiveness" else high_l)
                            + rng.randint(-1, 1)
                            + drift * (c.order == 1),
                        ),
                    )
                    for c in criteria
                }
                customer_classify(customer=customer, year=year, values=values, actor=director)
    # Each classification counted its cell; count them all again for data seeded before.
    score_cells_rebuild()

    # Stages of every project: the stages before the current one done (some late), the current
    # one planned, a few overdue so the late highlight shows.
    for project in DevelopmentProject.objects.all():
        if ProjectStage.objects.filter(project=project).exists():
            continue
        ProjectStage.objects.bulk_create(
            ProjectStage(project=project, stage=s) for s in STAGE_ORDER
        )
        current = STAGE_ORDER.index(project.stage)
        start = project.started_on or today
        for index, stage in enumerate(project.stages.all().order_by("pk")):
            planned = start + timedelta(days=60 * index)
            actual = None
            if index <= current:
                actual = min(today, planned + timedelta(days=rng.choice([-5, 0, 10, 25])))
            project_stage_update(
                stage=stage,
                actor=project.owner,
                planned_date=planned,
                actual_date=actual,
                owner=project.owner,
                expected_deliverables=_deliverable(stage.stage),
            )

    # A year of visits, more for A than for D; older ones approved by the region manager, one
    # returned with a comment, the latest week still waiting for review.
    if not Visit.objects.exists():
        per_class = {"A": 10, "B": 6, "C": 4, "D": 2}
        projects = {p.customer_id: p for p in DevelopmentProject.objects.all()}
        count = 0
        for i, customer in enumerate(customers):
            if customer.owner is None:
                continue
            n = per_class.get(customer.customer_class, 2)
            # A few customers have not been seen for a long time: overdue on the rep's home page.
            newest = 3 + (i % 5) * 3 if i % 7 else 150
            dates = sorted(
                {
                    today - timedelta(days=newest + k * (330 // n) + rng.randint(0, 5))
                    for k in range(n)
                }
            )
            for d in dates:
                due = d + timedelta(days=rng.choice([3, 7, 14]))
                visit = visit_create(
                    actor=customer.owner,
                    customer=customer,
                    visit_date=d,
                    purpose=rng.choice(PURPOSES),
                    people_met=SURNAMES[i % 12] + "总, " + SURNAMES[(i + 3) % 12] + "工",
                    decision_makers_met=SURNAMES[i % 12] + "总" if rng.random() < 0.5 else "",
                    key_needs=rng.choice(NEEDS),
                    competitor_news=rng.choice(COMPETITOR),
                    next_steps=rng.choice(NEXT_STEPS),
                    next_step_due=due,
                    next_step_done=due < today - timedelta(days=7),
                    project=projects.get(customer.pk),
                )
                count += 1
                manager = managers.get(customer.region_id)
                if manager and d < today - timedelta(days=7):
                    request = approval_for(visit)
                    if request and request.state == State.SUBMITTED:
                        if count % 23 == 0:
                            approval_decide(
                                request=request,
                                actor=manager,
                                decision="return",
                                reason="请补充客户关键需求的细节",
                            )
                        else:
                            approval_decide(request=request, actor=manager, decision="approve")
        out.write(f"  customers: {count} visits")

    # Key-account plans for this year's A accounts, one approved, the others in draft/submitted.
    if not KeyAccountPlan.objects.exists():
        from approvals.services import approval_submit

        for k, customer in enumerate(c for c in customers if c.customer_class == "A" and c.owner):
            plan = plan_create(
                actor=customer.owner,
                customer=customer,
                year=today.year,
                profile=(
                    f"{customer.name}:年需求约 {customer.catalyst_demand_litres:.0f} 升,"
                    f"现供应商 {customer.incumbent_supplier or '—'}。"
                ),
                opportunities="国六b 切换带来新平台配套机会;客户希望降低贵金属成本。",
                difficulties="现有供应商关系稳固;认证周期长。",
                stage_goals="上半年完成技术协议,下半年完成匹配试验并进入认证。",
                strategy="以低贵金属配方和本地技术支持切入,先拿一个平台。",
                resources_people="销售代表 1 人,技术支持 1 人",
                resources_money=Decimal(50000 + 10000 * (k % 5)),
            )
            for m, text in enumerate(["高层拜访", "提交技术方案", "完成样品交付", "匹配试验总结"]):
                action = plan_action_add(
                    plan=plan,
                    actor=customer.owner,
                    description=text,
                    owner=customer.owner,
                    due_date=date(today.year, 1 + m * 3, 15),
                )
                if action.due_date < today - timedelta(days=20) and (m + k) % 3:
                    plan_action_status(
                        action=action, actor=customer.owner, status=ActionStatus.DONE
                    )
                    # Most done on time, one late, so plan vs actual shows both.
                    late = (m + k) % 4 == 0
                    type(action).objects.filter(pk=action.pk).update(
                        done_on=action.due_date + timedelta(days=12 if late else -3)
                    )
            if k % 3 != 2:
                approval_submit(document=plan, actor=customer.owner)
                if k % 3 == 0 and director:
                    approval_decide(request=approval_for(plan), actor=director, decision="approve")

    # Survey answers from about a third of the customers.
    if not Survey.objects.exists():
        questions = list(SurveyQuestion.objects.filter(active=True))
        for i, customer in enumerate(customers[::3]):
            if not customer.owner:
                continue
            answers = {
                q.pk: (
                    {"score": rng.randint(2, 5), "text": ""}
                    if q.scored
                    else {"score": None, "text": "希望交样更快一些"}
                )
                for q in questions
            }
            survey_record(
                customer=customer,
                actor=customer.owner,
                survey_date=today - timedelta(days=30 + i * 5),
                respondent=SURNAMES[i % 12] + "经理",
                answers=answers,
            )
    out.write("  customers: contacts, stages, classification, visits, plans and surveys")


def _deliverable(stage: str) -> str:
    return {
        "contact": "客户信息表",
        "tech_exchange": "技术交流纪要",
        "supply_application": "配套申请表",
        "test_plan": "试验计划",
        "tech_agreement": "技术协议",
        "samples": "样品及封装记录",
        "matching_test": "匹配试验报告",
        "certification": "认证报告",
        "volume_supply": "首批供货记录",
        "after_sales": "售后服务记录",
    }.get(stage, "")
