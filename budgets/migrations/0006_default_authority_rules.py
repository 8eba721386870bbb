"""Default authority rules for the budget documents, so that a fresh installation routes them
from the first day. Written only for a document type that has no rule yet: an administrator's
edits in the authority table are never overwritten (and re-running this changes nothing).

Expense claims, supplemental budget requests and cash advances (SPEC §4): up to 5,000 CNY the
region manager, up to 50,000 CNY the director, above that the general manager. A department's
document has no region, so the region manager's band does not apply to it: it goes to the
director. The annual budget is approved by the director."""

from decimal import Decimal

from django.db import migrations

SPEND_BANDS = [
    (1, "5000", "region_manager"),
    (1, "50000", "marketing_director"),
    (1, None, "general_manager"),
]
# document type -> [(step, amount up to or None, approver role), …]
RULES = {
    "budgets.expense": SPEND_BANDS,
    "budgets.supplement": SPEND_BANDS,
    "budgets.advance": SPEND_BANDS,
    "budgets.budget": [(1, None, "marketing_director")],
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
        ("budgets", "0005_receipt_currency_conversion"),
        ("approvals", "0005_approval_chains"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
