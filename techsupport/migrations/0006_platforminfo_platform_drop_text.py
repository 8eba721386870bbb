import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3: the link becomes PlatformInfo.platform (required, one record per platform); the
    free-text name and the customer column go (the customer is the platform's). Also the
    reassignment history of support requests and who last edited a stage deliverable."""

    dependencies = [
        ("customers", "0006_stage_expected_deliverables"),
        ("techsupport", "0005_platforminfo_link_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="platforminfo", name="platforminfo_unique_platform"),
        migrations.AlterModelOptions(
            name="platforminfo",
            options={
                "ordering": ["platform__customer__name", "platform__name"],
                "verbose_name": "platform technical information",
                "verbose_name_plural": "platform technical information",
            },
        ),
        migrations.RemoveField(model_name="platforminfo", name="customer"),
        migrations.RemoveField(model_name="platforminfo", name="platform"),
        migrations.RenameField(model_name="platforminfo", old_name="platform_link", new_name="platform"),
        migrations.AlterField(
            model_name="platforminfo",
            name="platform",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="tech_info", to="customers.platform",
                verbose_name="platform",
            ),
        ),
        migrations.AddField(
            model_name="stagedeliverable",
            name="edited_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last edited"),
        ),
        migrations.AddField(
            model_name="stagedeliverable",
            name="edited_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="last edited by",
            ),
        ),
        migrations.CreateModel(
            name="SupportRequestReassignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                ("reassigned_at", models.DateTimeField(auto_now_add=True, verbose_name="reassigned at")),
                ("from_assignee", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                    to=settings.AUTH_USER_MODEL, verbose_name="from")),
                ("reassigned_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                    to=settings.AUTH_USER_MODEL, verbose_name="reassigned by")),
                ("request", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="reassignments", to="techsupport.supportrequest")),
                ("to_assignee", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                  to=settings.AUTH_USER_MODEL, verbose_name="to")),
            ],
            options={
                "verbose_name": "reassignment",
                "verbose_name_plural": "reassignments",
                "ordering": ["reassigned_at", "pk"],
            },
        ),
    ]
