"""Writing index rows in bulk: entries, rank rows, facets and suggestions.

One ``executemany`` per table and batch (one ``COPY`` on PostgreSQL, see
``write_rows``); the embedded backend calls these inside its own transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.db.models import JSONField

from ..models import IndexEntry, IndexFacet, IndexFacetGroup, IndexRank, IndexSuggestion
from . import base
from .suggestions import suggestion_rows

# Columns a hit shows; an entry stores these and more.
SHOWN_COLUMNS = (
    "doc_id",
    "kind",
    "code",
    "title",
    "url",
    "region_code",
    "region_name",
    "aliases",
    "facets",
)
ENTRY_COLUMNS = (
    *SHOWN_COLUMNS,
    "facet_keys",
    "boost",
    "summary",
    "updated_at",
    "variant",
)


def insert_entries(connection, cursor, documents: list) -> list[tuple[int, object]]:
    """Insert entry rows in one executemany; (id, document) pairs in order.

    Cheaper than ``bulk_create`` (no per-field compiler work); ids are read
    back by the unique ``doc_id``, which works the same on every vendor.
    """
    fields = [IndexEntry._meta.get_field(name) for name in ENTRY_COLUMNS]
    converted = [
        (index, _json_text if isinstance(field, JSONField) else field)
        for index, field in enumerate(fields)
        if field.name in ("aliases", "facets", "updated_at")
    ]
    rows = []
    for doc in documents:
        values = list(_entry_values(doc))
        for index, field in converted:
            value = values[index]
            values[index] = (
                field(value)
                if field is _json_text
                else field.get_db_prep_save(value, connection)
            )
        rows.append(tuple(values))
    table = IndexEntry._meta.db_table
    write_rows(cursor, table, [f.column for f in fields], rows)
    wanted = [doc.doc_id for doc in documents]
    cursor.execute(
        f"SELECT doc_id, id FROM {table} "  # noqa: S608
        f"WHERE doc_id IN ({', '.join(['%s'] * len(wanted))})",
        wanted,
    )
    ids = dict(cursor.fetchall())
    return [(ids[doc.doc_id], doc) for doc in documents]


def _json_text(value) -> str:
    """JSON as the column stores it, Chinese as itself, not escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entry_values(doc) -> tuple:
    """Values in ``ENTRY_COLUMNS`` order (model field semantics)."""
    return (
        doc.doc_id,
        doc.kind,
        doc.code,
        doc.title,
        doc.url,
        doc.region_code or "",
        doc.region_name or "",
        list(doc.aliases),
        {name: list(values) for name, values in doc.facets.items()},
        base.facet_keys(doc.facets),
        doc.boost or 1.0,
        doc.summary or "",
        doc.updated_at,
        getattr(doc, "variant", "") or "",
    )


def insert_ranks(cursor, pairs, using: str) -> None:
    """Rank rows, creating the facet groups the batch needs first."""
    keys = {pk: base.facet_keys(doc.facets) for pk, doc in pairs}
    digests = {
        text: hashlib.sha256(text.encode()).hexdigest() for text in keys.values()
    }
    groups = IndexFacetGroup.objects.using(using)
    groups.bulk_create(
        [IndexFacetGroup(digest=d, keys=text) for text, d in digests.items()],
        ignore_conflicts=True,
    )
    ids = dict(groups.filter(digest__in=digests.values()).values_list("digest", "id"))
    write_rows(
        cursor,
        IndexRank._meta.db_table,
        ["entry_id", "kind", "boost", "region_code", "facet_group_id"],
        [
            (
                pk,
                doc.kind,
                doc.boost or 1.0,
                doc.region_code or "",
                ids[digests[keys[pk]]],
            )
            for pk, doc in pairs
        ],
    )


def insert_facets(cursor, pairs) -> None:
    rows = [
        (pk, name, str(value)[:200])
        for pk, doc in pairs
        for name, values in doc.facets.items()
        for value in values
        if value
    ]
    write_rows(cursor, IndexFacet._meta.db_table, ["entry_id", "name", "value"], rows)


def insert_suggestions(cursor, pairs) -> None:
    rows = [row for pk, doc in pairs for row in suggestion_rows(pk, doc)]
    write_rows(
        cursor,
        IndexSuggestion._meta.db_table,
        ["entry_id", "text", "pinyin", "initials", "weight"],
        rows,
    )


def write_rows(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """INSERT ``rows`` into ``table``: ``executemany``, or one ``COPY`` on PostgreSQL.

    psycopg 3's ``cursor.copy`` streams every row in one statement; an
    import re-indexing 20,000 items writes a few hundred thousand index rows.
    Table and column names come from our models, never from input.
    ``rows`` may be lazy (the COPY then streams them as they are made).
    """
    if isinstance(rows, list) and not rows:
        return
    quote = cursor.db.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    rows = list(rows)  # Django's debug cursor counts them
    if not rows:
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(
        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
        rows,
    )
