import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3 linking DevelopmentProject to the archive's Platform: a nullable link beside
    the old free-text name. Three migrations, because PostgreSQL refuses to ALTER a table in the
    transaction that just updated its deferred foreign keys."""

    dependencies = [
        ("customers", "0007_project_budget_drop"),
    ]

    operations = [
        migrations.AddField(
            model_name="developmentproject",
            name="platform_link",
            field=models.ForeignKey(
                null=True, blank=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="customers.platform",
            ),
        ),
    ]
