"""Full-text structures for the embedded backend, per database vendor.

SQLite: an FTS5 table whose rowid is the IndexEntry id, its fts5vocab view
(document frequencies per column), and a trigger that drops the row when its
entry goes.  PostgreSQL: a tsvector table with a GIN
index (no foreign key, so Django's TRUNCATE-based flush keeps working; the
backend deletes rows itself and joins on the entry table).
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, aliases, keywords, body, pinyin, fuzzy,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'col')",
    """CREATE TRIGGER IF NOT EXISTS search_fts_entry_deleted
        AFTER DELETE ON search_indexentry
        BEGIN DELETE FROM search_fts WHERE rowid = old.id; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_entry_deleted",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    """CREATE TABLE IF NOT EXISTS search_fts (
        entry_id bigint PRIMARY KEY,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_fts_document ON search_fts USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_fts"]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, index):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    for sql in statements[index] if statements else ():
        schema_editor.execute(sql)


def create(apps, schema_editor):
    _run(schema_editor, 0)


def drop(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_tables")]

    operations = [migrations.RunPython(create, drop)]
