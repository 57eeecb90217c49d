"""Writing index rows in bulk: entries, rank rows, facets and suggestions.

One ``executemany`` per table and batch; the embedded backend calls these
inside its own transaction.
"""

from __future__ import annotations

import hashlib

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
    json_fields = {"aliases", "facets", "updated_at"}
    rows = []
    for doc in documents:
        values = _entry_values(doc)
        rows.append(
            tuple(
                field.get_db_prep_save(value, connection)
                if field.name in json_fields
                else value
                for field, value in zip(fields, values, strict=True)
            )
        )
    table = IndexEntry._meta.db_table
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    cursor.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
        rows,
    )
    wanted = [doc.doc_id for doc in documents]
    cursor.execute(
        f"SELECT doc_id, id FROM {table} "  # noqa: S608
        f"WHERE doc_id IN ({', '.join(['%s'] * len(wanted))})",
        wanted,
    )
    ids = dict(cursor.fetchall())
    return [(ids[doc.doc_id], doc) for doc in documents]


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
    cursor.executemany(
        f"INSERT INTO {IndexRank._meta.db_table} "  # noqa: S608
        "(entry_id, kind, boost, region_code, facet_group_id) VALUES (%s, %s, %s, %s, %s)",
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
    cursor.executemany(
        f"INSERT INTO {IndexFacet._meta.db_table} (entry_id, name, value) "  # noqa: S608
        "VALUES (%s, %s, %s)",
        rows,
    )


def insert_suggestions(cursor, pairs) -> None:
    rows = [row for pk, doc in pairs for row in suggestion_rows(pk, doc)]
    cursor.executemany(
        f"INSERT INTO {IndexSuggestion._meta.db_table} "  # noqa: S608
        "(entry_id, text, pinyin, initials, weight) VALUES (%s, %s, %s, %s, %s)",
        rows,
    )
