from django.db import migrations, models


class Migration(migrations.Migration):
    """A stage's free-text deliverables are what the stage is expected to deliver (the plan);
    what was delivered is recorded in techsupport's StageDeliverable rows."""

    dependencies = [
        ("customers", "0005_customer_name_index"),
    ]

    operations = [
        migrations.RenameField(model_name="projectstage", old_name="deliverables", new_name="expected_deliverables"),
        migrations.AlterField(
            model_name="projectstage",
            name="expected_deliverables",
            field=models.TextField(blank=True, verbose_name="expected deliverables"),
        ),
    ]
