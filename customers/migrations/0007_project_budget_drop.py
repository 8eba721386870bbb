from django.db import migrations


class Migration(migrations.Migration):
    """A project's money is its budget in the budgets app (a Budget of scope project, enforced
    before spend); the second, unenforced number on the project goes. Reversed, the column comes
    back at 0."""

    dependencies = [
        ("customers", "0006_stage_expected_deliverables"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="developmentproject", name="project_budget_not_negative"),
        migrations.RemoveField(model_name="developmentproject", name="budget"),
    ]
