"""The default backend: the site's own database (SQLite FTS5 / PostgreSQL).

Documents are analysed in Python (``search.analysis``); the database stores
token columns and answers "which entries contain any of these tokens, and
how well".  Facet counts are computed in SQL over the whole match set.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import connections, transaction

from ..analysis import analyze_document, analyze_query
from ..models import IndexEntry, IndexFacet, IndexSuggestion
from ..query import Hit, SearchRequest, SearchResults
from . import base, pruning
from .fulltext import fulltext_for, safe_tokens
from .suggestions import suggest_texts, suggestion_rows

BATCH_SIZE = 500
# The visitor's chosen region is a mild preference; a place named in the
# query is a strong one (still never a filter).
REGION_BOOST = 1.6
NAMED_REGION_BOOST = 2.5
# Fewer matches than this in names/aliases/keywords: search the body too.
MIN_NAME_MATCHES = 10
# SQLite page cache per connection (KiB, as a negative cache_size): the
# default 2 MB makes every query re-read index and entry pages from the OS.
SQLITE_CACHE_KIB = 65536


class EmbeddedBackend:
    """Satisfies ``search.protocols.SearchBackend``."""

    def __init__(self, using: str = "default"):
        self.using = using

    def _connection(self):
        """The database connection, with SQLite's page cache enlarged once."""
        connection = connections[self.using]
        connection.ensure_connection()
        raw = connection.connection
        if (
            connection.vendor == "sqlite"
            and getattr(connection, "_search_tuned", None) is not raw
        ):
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            connection._search_tuned = raw
        return connection

    @property
    def fulltext(self):
        return fulltext_for(connections[self.using].vendor)

    # --- writing -----------------------------------------------------------
    def rebuild(self, documents: Iterable) -> int:
        count = 0
        with transaction.atomic(using=self.using):
            self._clear()
            iterator = iter(documents)
            while batch := list(islice(iterator, BATCH_SIZE)):
                self._insert(batch)
                count += len(batch)
        base.forget()
        return count

    def upsert(self, document) -> None:
        with transaction.atomic(using=self.using):
            self._delete_ids(self._ids_for(document.doc_id))
            self._insert([document])
        base.forget()

    def delete(self, doc_id: str) -> None:
        with transaction.atomic(using=self.using):
            self._delete_ids(self._ids_for(doc_id))
        base.forget()

    def _ids_for(self, doc_id: str) -> list[int]:
        entries = IndexEntry.objects.using(self.using).filter(doc_id=doc_id)
        return list(entries.values_list("pk", flat=True))

    def _insert(self, documents: list) -> None:
        connection = self._connection()
        with connection.cursor() as cursor:
            pairs = _insert_entries(connection, cursor, documents)
            self.fulltext.insert(cursor, [(pk, analyze_document(d)) for pk, d in pairs])
            _insert_facets(cursor, pairs)
            _insert_suggestions(cursor, pairs)

    def _delete_ids(self, ids: list[int]) -> None:
        if not ids:
            return
        with connections[self.using].cursor() as cursor:
            self.fulltext.delete(cursor, ids)
        manager = IndexEntry.objects.using(self.using)
        IndexFacet.objects.using(self.using).filter(entry_id__in=ids).delete()
        IndexSuggestion.objects.using(self.using).filter(entry_id__in=ids).delete()
        manager.filter(pk__in=ids).delete()

    def _clear(self) -> None:
        with connections[self.using].cursor() as cursor:
            self.fulltext.clear(cursor)
            for model in (IndexFacet, IndexSuggestion, IndexEntry):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608

    # --- reading -----------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        plan = analyze_query(request.q, base.current_synonyms(), self.regions())
        tokens = safe_tokens(plan.tokens)
        if not tokens:
            return SearchResults(count=0, hits=[], facets=base.group_facets(()))
        region, boost = _preference(request, plan)
        size = request.offset + request.per_page
        for body in (False, True):
            wanted = self._prune(tokens, body=body)
            match_sql, params = self._filtered(wanted, request, body=body)
            top, groups = self._ranked(match_sql, params, region, boost, size)
            count = sum(n for _keys, n in groups)
            if count >= MIN_NAME_MATCHES:
                break
        page = top[request.offset : size]
        return SearchResults(
            count=count,
            hits=self._hits(page, plan.highlight_terms),
            facets=base.group_facets(base.count_facet_groups(groups)),
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return suggest_texts(self.using, prefix, limit)

    def _prune(self, tokens: list[str], *, body: bool) -> list[str]:
        fulltext = self.fulltext
        if not fulltext.has_frequencies:
            return tokens

        def lookup(missing):
            with connections[self.using].cursor() as cursor:
                return fulltext.frequencies(cursor, missing)

        return pruning.prune(tokens, self.total(), lookup, body=body) or tokens

    def total(self) -> int:
        def load():
            return IndexEntry.objects.using(self.using).count()

        return base.cached(f"total:{self.using}", load)

    def regions(self) -> dict[str, str]:
        """Region code → name of indexed documents, for place names in queries."""

        def load():
            rows = IndexEntry.objects.using(self.using).exclude(region_code="")
            pairs = rows.values_list("region_code", "region_name").distinct()
            return {code: name for code, name in pairs if name}

        return base.cached(f"regions:{self.using}", load)

    def _filtered(
        self, tokens, request: SearchRequest, *, body: bool
    ) -> tuple[str, list]:
        """SQL for (id, rank, boost, region) of matching entries that pass filters."""
        match_sql, params = self.fulltext.matches(tokens, body=body)
        sql = (
            "SELECT e.id, m.rank, e.boost, e.region_code, e.facet_keys "  # noqa: S608
            f"FROM ({match_sql}) m "
            f"JOIN {IndexEntry._meta.db_table} e ON e.id = m.id WHERE 1 = 1"
        )
        if request.kinds:
            sql += f" AND e.kind IN ({', '.join(['%s'] * len(request.kinds))})"
            params = [*params, *request.kinds]
        for name, value in base.wanted_filters(request.filters):
            sql += (
                f" AND e.id IN (SELECT entry_id FROM {IndexFacet._meta.db_table} "  # noqa: S608
                "WHERE name = %s AND value = %s)"
            )
            params = [*params, name, value]
        return sql, params

    def _ranked(
        self, match_sql, params, region, boost, size: int
    ) -> tuple[list[tuple[int, float]], list[tuple[str, int]]]:
        """The best ``size`` (id, score) and (facet keys, count) over every match.

        One statement: the matches are materialised once, ranked and cut to
        ``size`` inside the database, and grouped by their facet keys so
        Python only splits the distinct key sets.
        """
        sql = (
            "WITH f AS MATERIALIZED ("  # noqa: S608
            "SELECT id, rank * boost * CASE WHEN region_code = %s THEN %s "
            f"ELSE 1.0 END AS score, facet_keys FROM ({match_sql}) q) "
            "SELECT 0, id, score, NULL FROM "
            "(SELECT id, score FROM f ORDER BY score DESC, id LIMIT %s) t "
            "UNION ALL SELECT 1, NULL, COUNT(*), facet_keys FROM f GROUP BY facet_keys"
        )
        top, groups = [], []
        with self._connection().cursor() as cursor:
            cursor.execute(sql, [region, boost, *params, size])
            for part, pk, value, keys in cursor.fetchall():
                if part:
                    groups.append((keys, int(value)))
                else:
                    top.append((pk, float(value)))
        top.sort(key=lambda row: (-row[1], row[0]))
        return top, groups

    def _hits(self, page: list[tuple[int, float]], terms: list[str]) -> list[Hit]:
        entries = IndexEntry.objects.using(self.using).in_bulk([pk for pk, _s in page])
        return [_hit(entries[pk], score, terms) for pk, score in page if pk in entries]


def _preference(request: SearchRequest, plan) -> tuple[str, float]:
    if plan.region_code:
        return plan.region_code, NAMED_REGION_BOOST
    return request.region, REGION_BOOST


ENTRY_COLUMNS = (
    "doc_id",
    "kind",
    "code",
    "title",
    "url",
    "region_code",
    "region_name",
    "aliases",
    "facets",
    "facet_keys",
    "boost",
    "summary",
    "updated_at",
)


def _insert_entries(connection, cursor, documents: list) -> list[tuple[int, object]]:
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
    )


def _insert_facets(cursor, pairs) -> None:
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


def _insert_suggestions(cursor, pairs) -> None:
    rows = [row for pk, doc in pairs for row in suggestion_rows(pk, doc)]
    cursor.executemany(
        f"INSERT INTO {IndexSuggestion._meta.db_table} "  # noqa: S608
        "(entry_id, text, pinyin, initials, weight) VALUES (%s, %s, %s, %s, %s)",
        rows,
    )


def _hit(entry: IndexEntry, score: float, terms: list[str]) -> Hit:
    return Hit(
        doc_id=entry.doc_id,
        kind=entry.kind,
        code=entry.code,
        title=entry.title,
        url=entry.url,
        score=round(score, 4),
        highlight=base.highlight(entry.title, entry.aliases, entry.summary, terms),
        region_code=entry.region_code,
    )
