"""Starting reference data an administrator then edits: who approves visit reports and
key-account plans (only when the authority table has no rule for them yet), how often each
class should be visited, the classification criteria and the survey questions."""

from django.db import migrations

FREQUENCIES = {"A": 30, "B": 45, "C": 60, "D": 120}
CRITERIA = [
    ("attractiveness", "年需求量", "Volume", "40", 1),
    ("attractiveness", "盈利能力", "Profitability", "30", 2),
    ("attractiveness", "战略价值", "Strategic value", "30", 3),
    ("likelihood", "客户关系", "Relationship", "40", 1),
    ("likelihood", "技术匹配", "Technical fit", "35", 2),
    ("likelihood", "竞争对手锁定程度(低=好)", "Free of competitor lock-in", "25", 3),
]
QUESTIONS = [
    ("产品质量满意度", "Satisfaction with product quality", True, 1),
    ("交付及时性", "On-time delivery", True, 2),
    ("技术支持响应", "Responsiveness of technical support", True, 3),
    ("价格竞争力", "Price competitiveness", True, 4),
    ("其他意见和建议", "Other comments and suggestions", False, 5),
]


def forwards(apps, schema_editor):
    AuthorityRule = apps.get_model("approvals", "AuthorityRule")
    for document_type, role in (("customers.visit", "region_manager"), ("customers.plan", "marketing_director")):
        if not AuthorityRule.objects.filter(document_type=document_type).exists():
            AuthorityRule.objects.create(document_type=document_type, region=None, amount_up_to=None, approver_role=role)
    VisitFrequency = apps.get_model("customers", "VisitFrequency")
    for klass, days in FREQUENCIES.items():
        VisitFrequency.objects.get_or_create(customer_class=klass, defaults={"every_days": days})
    Criterion = apps.get_model("customers", "ClassificationCriterion")
    if not Criterion.objects.exists():
        for axis, name, name_en, weight, order in CRITERIA:
            Criterion.objects.create(axis=axis, name=name, name_en=name_en, weight=weight, order=order)
    Question = apps.get_model("customers", "SurveyQuestion")
    if not Question.objects.exists():
        for text, text_en, scored, order in QUESTIONS:
            Question.objects.create(text=text, text_en=text_en, scored=scored, order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_archive_stages_classification_plans_surveys"),
        ("approvals", "0002_step_immutable_trigger"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
