"""A full-text structure holding only the name columns (ADR 0025).

Most searches match names only (title, aliases, keywords, pinyin, fuzzy);
the body joins when names find too little.  In one structure a name-only
query still walks every posting of its words, body ones included: 身份证
stands in most material lists, so at 100,000 entries a name search decoded
ten times the postings it kept.  The names now have a structure of their
own, filled from the existing one (no re-analysis):

- SQLite: the FTS5 table ``search_fts_names`` (rowid = entry id) and a
  trigger that drops its row with the entry;
- PostgreSQL: a ``names`` tsvector column of ``search_fts`` (the A–C
  weighted lexemes) with its own GIN index.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_names USING fts5(
        title, aliases, keywords, pinyin, fuzzy,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    """INSERT INTO search_fts_names(rowid, title, aliases, keywords, pinyin, fuzzy)
        SELECT rowid, title, aliases, keywords, pinyin, fuzzy FROM search_fts""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_names_entry_deleted
        AFTER DELETE ON search_indexentry
        BEGIN DELETE FROM search_fts_names WHERE rowid = old.id; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_names_entry_deleted",
    "DROP TABLE IF EXISTS search_fts_names",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_fts ADD COLUMN IF NOT EXISTS names tsvector",
    "UPDATE search_fts SET names = ts_filter(document, '{a,b,c}')",
    "ALTER TABLE search_fts ALTER COLUMN names SET NOT NULL",
    "CREATE INDEX IF NOT EXISTS search_fts_names ON search_fts USING gin (names)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_fts_names",
    "ALTER TABLE search_fts DROP COLUMN IF EXISTS names",
]

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
    dependencies = [("search", "0009_colloquial_synonyms")]

    operations = [migrations.RunPython(create, drop)]
