"""Default authority rules for the pricing documents, so that a fresh installation routes them
from the first day. Written only for a document type that has no rule yet: an administrator's
edits in the authority table are never overwritten (and re-running this changes nothing).

Quotes and price adjustments are read in percent below list price: a sales rep agrees up to
3 %, a region manager up to 8 %, the director beyond. The pricing strategy is approved by the
director, then the executive committee (SPEC §8)."""

from decimal import Decimal

from django.db import migrations

DISCOUNT_BANDS = [
    (1, "3", "sales_rep"),
    (1, "8", "region_manager"),
    (1, None, "marketing_director"),
]
# document type -> [(step, amount up to or None, approver role), …]
RULES = {
    "pricing.quote": DISCOUNT_BANDS,
    "pricing.adjustment": DISCOUNT_BANDS,
    "pricing.strategy": [(1, None, "marketing_director"), (2, None, "executive_committee")],
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
        ("pricing", "0006_price_adjustment"),
        ("approvals", "0005_approval_chains"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
