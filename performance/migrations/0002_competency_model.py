"""The competency model of the source (能力模型, SPEC §10): ten competencies A–J in four groups,
each with a written standard for levels 1 (highest) to 5, and the required profile of each
role. Written only where a table is empty, so an administrator's edits are never overwritten.

The source spells out A1, A2, B1 and B2 (marked "示意", illustrative); those are its words. The
other standards are written for this system in the source's terms, one step down per level,
and are edited in the admin like any other."""

from django.db import migrations

GROUPS = [
    ("judgement", "判断力", "Judgement", ["A", "B"]),
    ("drive", "推动力", "Drive", ["C", "D", "E", "F"]),
    ("cohesion", "凝聚力", "Cohesion", ["G", "H"]),
    ("inner_drive", "内驱力", "Inner drive", ["I", "J"]),
]

COMPETENCIES = {
    "A": ("分析/预见能力", "Analysis and foresight"),
    "B": ("把握客户需求/机会能力", "Grasping customer needs and opportunities"),
    "C": ("领导能力", "Leadership"),
    "D": ("协调沟通能力", "Coordination and communication"),
    "E": ("计划预算控制能力", "Planning and budget control"),
    "F": ("产品技术能力", "Product and technical skill"),
    "G": ("建立信任能力", "Building trust"),
    "H": ("团队协作能力", "Teamwork"),
    "I": ("结果导向", "Result orientation"),
    "J": ("自我管理", "Self-management"),
}

STANDARDS = {
    "A": [
        (
            "能有效地利用信息，分析、预见行业、技术、竞争对手的发展趋势",
            "Uses information effectively to analyse and foresee the trends of the industry, "
            "technology and competitors.",
        ),
        (
            "能有效地收集市场、客户信息，预见可能出现的商业机会",
            "Collects market and customer information effectively and foresees the business "
            "opportunities likely to arise.",
        ),
        (
            "能整理和分析所负责客户和片区的信息，发现主要问题",
            "Organises and analyses the information of own customers and region and finds the "
            "main issues.",
        ),
        (
            "能按要求收集客户和市场信息，作出基本的分析",
            "Collects customer and market information as required and makes a basic analysis.",
        ),
        ("能记录和传递所获得的信息", "Records and passes on the information obtained."),
    ],
    "B": [
        (
            "熟悉并理解客户的业务、了解客户在相关市场上的竞争地位；通过调节公司资产，"
            "为客户的战略成功做出贡献",
            "Knows and understands the customer's business and its competitive position in its "
            "markets; contributes to the customer's strategic success by deploying the "
            "company's assets.",
        ),
        (
            "了解客户的目标、面临的挑战；探查客户所面临的问题，并清楚知道他们的需要；"
            "用不同的方法帮助客户理解他们的困惑和机会",
            "Understands the customer's goals and challenges; probes the problems they face and "
            "knows clearly what they need; helps customers see their difficulties and "
            "opportunities in different ways.",
        ),
        (
            "能准确理解客户提出的需求，并提出相应的产品或服务方案",
            "Understands the needs a customer states accurately and proposes a matching product "
            "or service.",
        ),
        (
            "能倾听客户的要求，并及时反馈给相关部门",
            "Listens to the customer's requests and passes them promptly to the departments "
            "concerned.",
        ),
        ("能按要求回应客户的询问", "Answers customer enquiries as required."),
    ],
    "C": [
        (
            "能为营销体系确立方向和目标，带领团队实现突破性业绩",
            "Sets the direction and goals of the marketing organisation and leads the team to "
            "breakthrough results.",
        ),
        (
            "能制定片区目标并分解到人，指导和激励下属完成",
            "Sets the region's goals, breaks them down to each person, and coaches and "
            "motivates the team to reach them.",
        ),
        (
            "能组织项目小组，协调成员完成项目任务",
            "Organises a project team and steers its members to complete the project's tasks.",
        ),
        ("能在团队中发挥示范作用，带动同事", "Sets an example in the team and carries colleagues along."),
        ("能完成分配的任务", "Completes the tasks assigned."),
    ],
    "D": [
        (
            "能在公司高层和外部伙伴之间协调资源，化解重大分歧",
            "Coordinates resources between top management and outside partners and resolves "
            "major disagreements.",
        ),
        (
            "能跨部门协调技术、生产、财务等资源，推动客户开发",
            "Coordinates technical, production and finance resources across departments to "
            "move customer development forward.",
        ),
        (
            "能与客户和内部各部门有效沟通，清楚表达意见",
            "Communicates effectively with customers and internal departments and expresses "
            "views clearly.",
        ),
        (
            "能与同事和客户保持日常沟通",
            "Keeps up day-to-day communication with colleagues and customers.",
        ),
        ("能按要求传达和汇报信息", "Passes on and reports information as required."),
    ],
    "E": [
        (
            "能制定公司营销规划和预算，并监控全面执行",
            "Draws up the company's marketing plan and budget and monitors their execution "
            "throughout.",
        ),
        (
            "能制定片区计划和预算，控制费用在预算之内",
            "Draws up the region's plan and budget and keeps spending within the budget.",
        ),
        (
            "能制定客户开发计划，并按计划推进",
            "Draws up customer development plans and moves them forward on schedule.",
        ),
        (
            "能按计划安排个人工作，遵守费用规定",
            "Plans own work to the plan and keeps to the expense rules.",
        ),
        ("能按要求完成安排的工作", "Completes the scheduled work as required."),
    ],
    "F": [
        (
            "精通催化剂产品和匹配技术，能主持技术方案和技术交流",
            "Masters catalyst products and matching technology; leads technical solutions and "
            "technical exchanges.",
        ),
        (
            "熟悉产品配方、载体和排放标准，能独立解答客户技术问题",
            "Knows formulas, substrates and emission standards well; answers customers' "
            "technical questions alone.",
        ),
        (
            "了解主要产品和技术要点，能向客户介绍标准方案",
            "Knows the main products and technical points; presents the standard solutions to "
            "customers.",
        ),
        (
            "了解产品基本知识，能借助技术支持回答客户问题",
            "Has basic product knowledge; answers customers' questions with tech support's help.",
        ),
        ("了解公司产品的名称和用途", "Knows the company's products by name and use."),
    ],
    "G": [
        (
            "在客户和公司内部享有高度信任，能以诚信影响他人",
            "Is highly trusted by customers and inside the company; influences others through "
            "integrity.",
        ),
        (
            "能与客户关键决策者建立长期信任关系",
            "Builds long-term trust with the customers' key decision makers.",
        ),
        (
            "言行一致，兑现承诺，获得客户认可",
            "Acts as they speak, keeps promises and earns the customers' recognition.",
        ),
        (
            "能与客户日常联系人建立良好关系",
            "Builds good relations with the customers' day-to-day contacts.",
        ),
        ("待人诚实，遵守职业道德", "Deals honestly and keeps to professional ethics."),
    ],
    "H": [
        (
            "能营造团队合作的氛围，打破部门壁垒",
            "Creates a climate of teamwork and breaks down the walls between departments.",
        ),
        (
            "能组织前、中、后端协同开发客户",
            "Brings front, middle and back end together to develop customers.",
        ),
        (
            "主动与同事分享信息和资源",
            "Shares information and resources with colleagues on own initiative.",
        ),
        ("能配合同事完成团队任务", "Works with colleagues to complete the team's tasks."),
        ("能服从团队安排", "Follows the team's arrangements."),
    ],
    "I": [
        (
            "设定挑战性目标，并持续取得卓越业绩",
            "Sets challenging goals and achieves outstanding results again and again.",
        ),
        (
            "以业绩为导向，克服困难完成目标",
            "Is driven by results and overcomes obstacles to reach the goals.",
        ),
        ("关注工作结果，能按时完成目标", "Focuses on results and meets goals on time."),
        ("能完成大部分工作目标", "Meets most of the work goals."),
        ("关注工作过程多于结果", "Attends to the process more than to the result."),
    ],
    "J": [
        (
            "能自我激励，持续学习，并带动他人成长",
            "Motivates self, keeps learning and helps others grow.",
        ),
        (
            "能合理管理时间和压力，主动提升能力",
            "Manages time and pressure well and improves own abilities on own initiative.",
        ),
        (
            "能自觉遵守制度，有效安排个人工作",
            "Keeps to the rules unprompted and organises own work effectively.",
        ),
        ("在督促下能遵守制度，完成工作", "Keeps to the rules and completes work when reminded."),
        ("需要经常督促", "Needs frequent reminders."),
    ],
}

# The source's table of each role's required level (SPEC §10), in the order A … J.
PROFILES = {
    "marketing_director": [1, 1, 1, 2, 1, 3, 1, 1, 1, 2],
    "region_manager": [2, 2, 2, 3, 2, 3, 1, 1, 1, 2],
    "tech_support": [2, 2, 4, 3, 4, 1, 1, 2, 1, 2],
    "marketing_admin": [2, 4, 3, 3, 1, 5, 3, 2, 3, 2],
    "sales_rep": [4, 2, 4, 3, 4, 3, 1, 2, 1, 2],
}


def forwards(apps, schema_editor):
    Group = apps.get_model("performance", "CompetencyGroup")
    Competency = apps.get_model("performance", "Competency")
    LevelStandard = apps.get_model("performance", "LevelStandard")
    RequiredLevel = apps.get_model("performance", "RequiredLevel")
    if not Competency.objects.exists():
        for order, (code, name, name_en, letters) in enumerate(GROUPS, start=1):
            group = Group.objects.create(code=code, name=name, name_en=name_en, order=order)
            for letter in letters:
                competency = Competency.objects.create(
                    code=letter,
                    group=group,
                    name=COMPETENCIES[letter][0],
                    name_en=COMPETENCIES[letter][1],
                )
                LevelStandard.objects.bulk_create(
                    LevelStandard(
                        competency=competency, level=level, standard=text, standard_en=text_en
                    )
                    for level, (text, text_en) in enumerate(STANDARDS[letter], start=1)
                )
    if not RequiredLevel.objects.exists():
        by_code = {c.code: c for c in Competency.objects.all()}
        RequiredLevel.objects.bulk_create(
            RequiredLevel(role=role, competency=by_code[letter], level=level)
            for role, levels in PROFILES.items()
            for letter, level in zip("ABCDEFGHIJ", levels, strict=True)
            if letter in by_code
        )


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
