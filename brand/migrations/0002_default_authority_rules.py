"""Default authority rules for the brand documents, so that a fresh installation routes them
from the first day. Written only for a document type that has no rule yet: an administrator's
edits in the authority table are never overwritten (and re-running this changes nothing).

The year's brand positioning is approved by the general manager (经理办公会议批准). A promotion
plan, a company-level document without a region: up to 50,000 CNY the director, above that the
general manager."""

from decimal import Decimal

from django.db import migrations

RULES = {
    "brand.positioning": [(1, None, "general_manager")],
    "brand.promotion": [(1, "50000", "marketing_director"), (1, None, "general_manager")],
}


def forwards(apps, schema_editor):
    AuthorityRule = apps.get_model("approvals", "AuthorityRule")
    for document_type, rules in RULES.items():
        if AuthorityRule.objects.filter(document_type=document_type).exists():
            continue
        AuthorityRule.objects.bulk_create(
            AuthorityRule(
                document_type=document_type,
                region=None,
                step=step,
                amount_up_to=Decimal(limit) if limit is not None else None,
                approver_role=role,
            )
            for step, limit, role in rules
        )


class Migration(migrations.Migration):
    dependencies = [
        ("brand", "0001_initial"),
        ("approvals", "0005_approval_chains"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
