"""The bonus sheet's default approval chain (SPEC §10): the director, then the general
manager. Written only when the document type has no rule, so an administrator's edits are
never overwritten (and re-running this changes nothing)."""

from django.db import migrations

DOCUMENT_TYPE = "performance.bonus_sheet"
CHAIN = [(1, "marketing_director"), (2, "general_manager")]


def forwards(apps, schema_editor):
    AuthorityRule = apps.get_model("approvals", "AuthorityRule")
    if AuthorityRule.objects.filter(document_type=DOCUMENT_TYPE).exists():
        return
    AuthorityRule.objects.bulk_create(
        AuthorityRule(
            document_type=DOCUMENT_TYPE,
            region=None,
            step=step,
            amount_up_to=None,
            approver_role=role,
        )
        for step, role in CHAIN
    )


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0003_default_kpis_and_incentives"),
        ("approvals", "0005_approval_chains"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
