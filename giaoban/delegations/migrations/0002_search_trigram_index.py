"""On PostgreSQL, a trigram index for the accent-insensitive search of the register.

The search matches each word of the query anywhere in `search_key` (LIKE '%word%'); a B-tree cannot
serve that, a pg_trgm GIN index can (words of three letters or more). pg_trgm is a trusted extension
(PostgreSQL 13+): the database owner may create it. SQLite has no such index and scans, which is fine
at its sizes.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS delegation_search_trgm ON delegations_delegation "
        "USING gin (search_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS delegation_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("delegations", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
