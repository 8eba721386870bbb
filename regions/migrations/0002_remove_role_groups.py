"""Who may do what is now declared once, as named actions in each app's permissions.py and
answered by access.can (and user.has_perm through access.backends.ActionBackend). The Django
groups that mirrored the roles were read by nothing; remove them so there is one source."""

from django.db import migrations

ROLE_NAMES = [
    "sales_rep",
    "region_manager",
    "tech_support",
    "marketing_admin",
    "finance",
    "marketing_director",
    "general_manager",
    "executive_committee",
]


def remove_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(remove_role_groups, migrations.RunPython.noop)]
