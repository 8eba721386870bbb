import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3 linking PlatformInfo to customers.Platform: a nullable link beside the old
    free-text name; the old columns become nullable so the way back (0005 reversed) can refill
    them. Three migrations, because PostgreSQL refuses to ALTER a table in the transaction that
    just updated its deferred foreign keys."""

    dependencies = [
        ("customers", "0006_stage_expected_deliverables"),
        ("techsupport", "0003_platforminfo_related_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="platforminfo",
            name="platform_link",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="customers.platform",
            ),
        ),
        migrations.AlterField(
            model_name="platforminfo",
            name="customer",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="tech_platforms",
                to="customers.customer", verbose_name="customer",
            ),
        ),
        migrations.AlterField(
            model_name="platforminfo",
            name="platform",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="vehicle/engine platform"),
        ),
    ]
