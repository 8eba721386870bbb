"""Default authority rules for the planning documents, so that a fresh installation routes them
from the first day. Written only for a document type that has no rule yet: an administrator's
edits in the authority table are never overwritten (and re-running this changes nothing).

A region plan and a target adjustment go through the same chain (SPEC §5): marketing
administration consolidates and balances (passes it on or returns it to the region), the
marketing director reviews, the executive committee approves."""

from django.db import migrations

CHAIN = [
    (1, None, "marketing_admin"),
    (2, None, "marketing_director"),
    (3, None, "executive_committee"),
]
# document type -> [(step, amount up to or None, approver role), …]
RULES = {
    "planning.plan": CHAIN,
    "planning.adjustment": CHAIN,
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
                amount_up_to=limit,
                approver_role=role,
            )
            for step, limit, role in rules
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("approvals", "0005_approval_chains"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
