"""Default KPI definitions and incentive parameters (SPEC §10), for the first year the system
keeps; each later year starts as a copy of the year before (services.kpi_definitions_for_year,
services.incentive_parameters_for_year) and is edited in the admin. Written only where the
tables are empty."""

from decimal import Decimal

from django.db import migrations

FIRST_YEAR = 2025

# The front end (sales rep; a region manager for the region): sales, development, management.
# (formula, name, English name, weight %, target, measured on: own / region / department)
REP = [
    ("sales_completion", "销售指标完成率", "Sales target completion", "50", "100", "own"),
    ("development_plan", "客户开发计划执行率", "Customer development plan execution", "20", "100", "own"),
    ("visits_on_time", "拜访报告及时率", "Visit reports on time", "10", "90", "own"),
    ("forms_on_time", "信息表格及时率", "Information forms on time", "10", "90", "own"),
    # Budgets are held by regions, not by people: a rep keeps the region's budget.
    ("budget_kept", "费用预算控制率", "Budget kept", "10", "100", "region"),
]
# A region manager: "the same for the region" (SPEC §10).
MANAGER = [row[:5] + ("region",) for row in REP]
# The back end (tech support, marketing admin): the department's results and the regions'
# satisfaction with their support (average rating 1–5).
DEPARTMENT_TARGET = (
    "department_target",
    "营销部指标完成率",
    "Marketing department target completion",
    "50",
    "100",
    "department",
)
SATISFACTION = ("satisfaction", "内部客户满意度", "Internal customer satisfaction", "50", "4")
KPIS = {
    "sales_rep": REP,
    "region_manager": MANAGER,
    # An engineer is rated on the requests assigned to them; the marketing admin on all.
    "tech_support": [DEPARTMENT_TARGET, SATISFACTION + ("own",)],
    "marketing_admin": [DEPARTMENT_TARGET, SATISFACTION + ("department",)],
}
# Achievement (value ÷ target, %) from → score.
BANDS = [("50", "40"), ("70", "60"), ("90", "80"), ("100", "100"), ("120", "120")]

# role → (fixed pay, performance base, department bonus base, satisfaction bonus base), a month.
PAY = {
    "sales_rep": ("4000", "3000", "0", "0"),
    "region_manager": ("8000", "5000", "0", "0"),
    "tech_support": ("9000", "0", "2000", "2000"),
    "marketing_admin": ("8000", "0", "2000", "1000"),
}
# Commission on revenue over target, front end only: over-target % from → rate %. A rep carries
# tens of millions of CNY a year, so the rates are tenths of a percent (0.2 % of the first 10 %
# over target, 0.3 % of the next 10 %, 0.5 % beyond).
COMMISSION = [("0", "0.2"), ("10", "0.3"), ("20", "0.5")]


def forwards(apps, schema_editor):
    Definition = apps.get_model("performance", "KpiDefinition")
    Band = apps.get_model("performance", "ScoringBand")
    Parameter = apps.get_model("performance", "IncentiveParameter")
    CommissionBand = apps.get_model("performance", "CommissionBand")
    if not Definition.objects.exists():
        for role, kpis in KPIS.items():
            for formula, name, name_en, weight, target, scope in kpis:
                definition = Definition.objects.create(
                    year=FIRST_YEAR,
                    role=role,
                    formula=formula,
                    scope=scope,
                    name=name,
                    name_en=name_en,
                    weight=Decimal(weight),
                    target=Decimal(target),
                )
                Band.objects.bulk_create(
                    Band(definition=definition, achievement_from=Decimal(a), score=Decimal(s))
                    for a, s in BANDS
                )
    if not Parameter.objects.exists():
        for role, (fixed, performance, department, satisfaction) in PAY.items():
            parameter = Parameter.objects.create(
                year=FIRST_YEAR,
                role=role,
                fixed_pay=Decimal(fixed),
                performance_base=Decimal(performance),
                department_bonus_base=Decimal(department),
                satisfaction_bonus_base=Decimal(satisfaction),
            )
            if role in ("sales_rep", "region_manager"):
                CommissionBand.objects.bulk_create(
                    CommissionBand(parameter=parameter, over_from=Decimal(o), rate=Decimal(r))
                    for o, r in COMMISSION
                )


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_competency_model")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
