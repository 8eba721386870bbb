import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3: the link becomes DevelopmentProject.platform (optional; PROTECT, so a platform a
    project is about cannot be removed from the archive) and the free-text name goes. Reversed,
    the text column comes back empty and 0009 reversed refills it."""

    dependencies = [
        ("customers", "0009_project_platform_link_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="developmentproject", name="platform"),
        migrations.RenameField(model_name="developmentproject", old_name="platform_link", new_name="platform"),
        migrations.AlterField(
            model_name="developmentproject",
            name="platform",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="projects",
                to="customers.platform", verbose_name="vehicle/engine platform",
            ),
        ),
    ]
