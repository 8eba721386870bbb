"""A correction claim now keeps the corrected claim's title and is shown as "Correction of …" in
the reader's language (ExpenseClaim.display_title). Corrections drafted before stored the
wording in the language of whoever drafted them: take it off again."""

from django.db import migrations
from django.utils import translation

LANGUAGES = ("en", "zh-hans")


def forwards(apps, schema_editor):
    ExpenseClaim = apps.get_model("budgets", "ExpenseClaim")
    for claim in ExpenseClaim.objects.filter(corrects__isnull=False).select_related("corrects"):
        original = claim.corrects.title
        for language in LANGUAGES:
            with translation.override(language):
                generated = translation.gettext("Correction of %(title)s") % {"title": original}
            if claim.title == generated:
                ExpenseClaim.objects.filter(pk=claim.pk).update(title=original)
                break


class Migration(migrations.Migration):
    dependencies = [("budgets", "0006_default_authority_rules")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
