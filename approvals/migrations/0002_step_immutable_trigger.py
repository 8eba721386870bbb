"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the approval history, so not
even a raw query through the application's connection can rewrite it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION approvals_step_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'approval history cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS approvals_step_immutable ON approvals_approvalstep;
CREATE TRIGGER approvals_step_immutable BEFORE UPDATE OR DELETE ON approvals_approvalstep
  FOR EACH ROW EXECUTE FUNCTION approvals_step_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS approvals_step_immutable ON approvals_approvalstep;
DROP FUNCTION IF EXISTS approvals_step_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
