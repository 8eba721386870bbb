"""Trigram indexes for the intelligence search (PostgreSQL only).

The search matches with `icontains` (ILIKE '%…%'); a GIN index with gin_trgm_ops serves such a
match without scanning the table, and, unlike full-text search, also works for Chinese (which
has no spaces between words). On SQLite this migration does nothing: the search scans.
"""

from django.db import migrations

INDEXES = [
    ("infoentry_title_trgm", "information_entry", "title"),
    ("infoentry_body_trgm", "information_entry", "body"),
    ("infoentry_competitor_trgm", "information_entry", "competitor"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("information", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
