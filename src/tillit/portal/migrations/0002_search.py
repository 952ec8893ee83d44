"""Full-text search (portal/search.py), per database:

- SQLite: the FTS5 table portal_search, filled from existing rows and kept in sync by triggers
  on assignments, decisions and reports (draft reports never enter; rowid = id * 3 + kind code).
- PostgreSQL: GIN expression indexes on to_tsvector('swedish', …), the same expressions the
  search selector uses.
"""

from django.db import migrations

from tillit.portal.search_index import PG_BACKWARD, PG_FORWARD, SQLITE_BACKWARD, SQLITE_FORWARD

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("assignments", "0002_versioned_recipients"),
        ("decisions", "0001_initial"),
        ("followup", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
