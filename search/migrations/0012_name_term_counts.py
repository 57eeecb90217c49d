"""Per-token entry counts of the names, kept with every index write (PostgreSQL).

SQLite reads document counts from its fts5vocab table.  PostgreSQL had to
count each query token with a GIN-backed statement over ``search_fts``;
matching rows (or, on a small table, every row) had their ``names``
tsvector decompressed to check the title/alias weights, 1–3 ms a token and
10–70 tokens a query.  ``search_fts_terms`` holds the same counts per token —
entries whose title or aliases hold it (``named``) and entries whose names
hold it at all (``anywhere``) — so a query reads them in one indexed
statement.  Writers keep it in step inside their transaction (they hold the
index-write lock); this migration fills it from the existing rows.

A small catalogue's ``search_fts`` is a few pages, so the planner scans it
rather than use the GIN index, and every row's names were fetched from the
TOAST table and decompressed with pglz (3 ms a statement at 400 entries).
``names`` now stays in the row (storage MAIN) and both vectors are
compressed with lz4 where the server has it: the same scan takes a third
of the time.  Existing values are rewritten once so they take the new form.
"""

from django.db import migrations

POSTGRES_CREATE = [
    """CREATE TABLE IF NOT EXISTS search_fts_terms (
        token text PRIMARY KEY,
        named integer NOT NULL,
        anywhere integer NOT NULL
    )""",
    """INSERT INTO search_fts_terms (token, named, anywhere)
        SELECT t.lexeme,
            count(*) FILTER (WHERE t.weights && CAST('{A,B}' AS text[])),
            count(*)
        FROM search_fts f, unnest(f.names) AS t
        GROUP BY t.lexeme
        ON CONFLICT (token) DO NOTHING""",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_fts_terms"]
POSTGRES_INLINE_NAMES = "ALTER TABLE search_fts ALTER COLUMN names SET STORAGE MAIN"
POSTGRES_LZ4 = [
    "ALTER TABLE search_fts ALTER COLUMN names SET COMPRESSION lz4, "
    "ALTER COLUMN document SET COMPRESSION lz4",
]
# Concatenating an empty vector changes nothing but stores the value anew.
POSTGRES_REWRITE = (
    "UPDATE search_fts SET names = names || CAST('' AS tsvector), "
    "document = document || CAST('' AS tsvector)"
)


def _has_lz4(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)
        schema_editor.execute(POSTGRES_INLINE_NAMES)
        for sql in POSTGRES_LZ4 if _has_lz4(schema_editor) else ():
            schema_editor.execute(sql)
        schema_editor.execute(POSTGRES_REWRITE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0011_everyday_synonyms")]

    operations = [migrations.RunPython(create, drop)]
