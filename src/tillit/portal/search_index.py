"""The search index's database objects (see search.py), shared by migration 0002 and
`search_index_ensure`, which re-creates SQLite triggers that a later table rebuild dropped
(SQLite's ALTER TABLE emulation copies a table and loses its triggers)."""

from __future__ import annotations

from django.db import connection

from .search import PG_DOCUMENTS

SEARCH_MIGRATION = "0002_search"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE portal_search USING fts5("
    "kind UNINDEXED, object_id UNINDEXED, municipality_id UNINDEXED, title, content, "
    "tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS portal_search"]

SOURCES = {
    # kind: (table, code, title expression, content expression, condition)
    "assignment": (
        "assignments_assignment",
        0,
        "{r}.title",
        "{r}.what || ' ' || {r}.why",
        "1",
    ),
    "decision": ("decisions_decision", 1, "{r}.title", "{r}.title || ' ' || {r}.text", "1"),
    "report": (
        "followup_report",
        2,
        "(SELECT title FROM assignments_assignment WHERE id = {r}.assignment_id)",
        "{r}.narrative || ' ' || {r}.forecast || ' ' || {r}.adjustment_request",
        "{r}.state = 'submitted'",
    ),
}


def insert_sql(kind: str, ref: str, from_clause: str = "") -> str:
    table, code, title, content, condition = SOURCES[kind]
    fill = {"r": ref}
    return (
        "INSERT INTO portal_search(rowid, kind, object_id, municipality_id, title, content) "
        f"SELECT {ref}.id * 3 + {code}, '{kind}', {ref}.id, {ref}.municipality_id, "
        f"{title.format(**fill)}, {content.format(**fill)}{from_clause} "
        f"WHERE {condition.format(**fill)}"
    )


for _kind, (_table, _code, *_rest) in SOURCES.items():
    SQLITE_FORWARD.append(insert_sql(_kind, _table, f" FROM {_table}"))
    SQLITE_FORWARD.append(
        f"CREATE TRIGGER portal_search_{_kind}_ai AFTER INSERT ON {_table} BEGIN "
        f"{insert_sql(_kind, 'new')}; END"
    )
    SQLITE_FORWARD.append(
        f"CREATE TRIGGER portal_search_{_kind}_au AFTER UPDATE ON {_table} BEGIN "
        f"DELETE FROM portal_search WHERE rowid = old.id * 3 + {_code}; "
        f"{insert_sql(_kind, 'new')}; END"
    )
    SQLITE_FORWARD.append(
        f"CREATE TRIGGER portal_search_{_kind}_ad AFTER DELETE ON {_table} BEGIN "
        f"DELETE FROM portal_search WHERE rowid = old.id * 3 + {_code}; END"
    )
    SQLITE_BACKWARD.insert(0, f"DROP TRIGGER IF EXISTS portal_search_{_kind}_ai")
    SQLITE_BACKWARD.insert(0, f"DROP TRIGGER IF EXISTS portal_search_{_kind}_au")
    SQLITE_BACKWARD.insert(0, f"DROP TRIGGER IF EXISTS portal_search_{_kind}_ad")

PG_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS portal_fts_{kind} ON {table} "
    f"USING gin (to_tsvector('swedish', {doc}))"
    for kind, (table, doc) in PG_DOCUMENTS.items()
]
PG_BACKWARD = [f"DROP INDEX IF EXISTS portal_fts_{kind}" for kind in PG_DOCUMENTS]


def _trigger_names() -> list[str]:
    return [f"portal_search_{kind}_{op}" for kind in SOURCES for op in ("ai", "au", "ad")]


def search_index_ensure() -> bool:
    """SQLite: if the FTS table or a trigger is missing, rebuild them and the content.
    Returns True when something was rebuilt. PostgreSQL needs nothing (indexes survive)."""
    if connection.vendor != "sqlite":
        return False
    from django.db.migrations.recorder import MigrationRecorder

    # Only when the migration that owns the index is applied: after `migrate ... zero` the
    # source tables are gone and the next `migrate` creates the index itself.
    if ("portal", SEARCH_MIGRATION) not in MigrationRecorder(connection).applied_migrations():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table') "
            "AND name LIKE 'portal_search%%'"
        )
        present = {row[0] for row in cursor.fetchall()}
        if "portal_search" in present and set(_trigger_names()) <= present:
            return False
        for sql in SQLITE_BACKWARD:
            cursor.execute(sql)
        for sql in SQLITE_FORWARD:
            cursor.execute(sql)
    return True
