"""Sales target completion, development plan execution and the department's target completion
now read planning and orders: "no source yet" is gone. Values stored before are recomputed by
the monthly job; until then a leftover "no source" row reads as nothing to measure."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    KpiValue = apps.get_model("performance", "KpiValue")
    KpiValue.objects.filter(status="no_source").update(status="no_data")


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_erp_service_role"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="kpivalue",
            name="status",
            field=models.CharField(
                choices=[("ok", "Computed"), ("no_data", "Nothing to measure this month")],
                max_length=16,
                verbose_name="status",
            ),
        ),
    ]
