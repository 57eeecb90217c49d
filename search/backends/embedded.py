"""The default backend: the site's own database (SQLite FTS5 / PostgreSQL).

Documents are analysed in Python (``search.analysis``); the database stores
token columns and answers "which entries contain any of these tokens, and
how well".  Facet counts are computed in SQL over the whole match set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import islice

from django.db import connections, transaction

from ..analysis import analyze_document, analyze_query
from ..analysis.understanding import understand
from ..models import IndexEntry, IndexFacet, IndexFacetGroup, IndexRank, IndexSuggestion
from ..query import Hit, SearchRequest, SearchResults
from . import base, pruning, ranking
from .fulltext import NAME_FREQUENCY_COLUMNS, fulltext_for, safe_tokens
from .highlighting import Highlighter
from .popular import popular_hits
from .rows import (
    SHOWN_COLUMNS,
    insert_entries,
    insert_facets,
    insert_ranks,
    insert_suggestions,
)
from .suggestions import suggest_texts

BATCH_SIZE = 500
# The visitor's chosen region is a mild preference; a place named in the
# query is a strong one (still never a filter).
REGION_BOOST = 1.6
NAMED_REGION_BOOST = 2.5
# Fewer matches than this in names/aliases/keywords: search the body too.
MIN_NAME_MATCHES = 10
# Key of the PostgreSQL advisory lock every index write holds until its
# transaction ends (an arbitrary constant, "banshi" + "idx" in ASCII).
INDEX_WRITE_LOCK = 0x62616E736869_00


class EmbeddedBackend:
    """Satisfies ``search.protocols.SearchBackend``."""

    def __init__(self, using: str = "default"):
        self.using = using

    def _connection(self):
        """The database connection, tuned for searching (SQLite's page cache)."""
        connection = connections[self.using]
        connection.ensure_connection()
        self.fulltext.tune_for_reading(connection)
        return connection

    def health(self) -> tuple[bool, str]:
        """The index tables answer (readiness)."""
        from django.db import DatabaseError

        try:
            IndexEntry.objects.using(self.using).only("pk").first()
        except DatabaseError as exc:
            return False, f"search index: {type(exc).__name__}"
        return True, "ok"

    @property
    def fulltext(self):
        return fulltext_for(connections[self.using].vendor)

    # --- writing -----------------------------------------------------------
    @contextmanager
    def writing(self):
        """A transaction in which this process alone writes the index.

        On PostgreSQL (READ COMMITTED) a rebuild's clear-and-refill and an
        incremental upsert of the same document could otherwise interleave
        and leave the document twice or not at all; the advisory lock makes
        every writer wait for the one before it.  SQLite has one writer at a
        time anyway.
        """
        with transaction.atomic(using=self.using):
            connection = connections[self.using]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s)", [INDEX_WRITE_LOCK]
                    )
                self.fulltext.begin(cursor)
                try:
                    yield
                except BaseException:
                    self.fulltext.abandon(cursor)
                    raise
                self.fulltext.finish(cursor)

    def rebuild(self, documents: Iterable) -> int:
        count = 0
        with self.writing():
            self._clear()
            iterator = iter(documents)
            while batch := list(islice(iterator, BATCH_SIZE)):
                batch = [d for d in batch if base.is_public(d)]
                self._insert(batch)
                count += len(batch)
        base.forget()
        return count

    def upsert(self, document) -> None:
        with self.writing():
            self._delete_ids(self._ids_for(document.doc_id))
            if base.is_public(document):
                self._insert([document])
        base.forget()

    def delete(self, doc_id: str) -> None:
        with self.writing():
            self._delete_ids(self._ids_for(doc_id))
        base.forget()

    def upsert_many(self, documents: Iterable) -> int:
        count = 0
        with self.writing():
            iterator = iter(documents)
            while batch := list(islice(iterator, BATCH_SIZE)):
                doc_ids = [d.doc_id for d in batch]
                entries = IndexEntry.objects.using(self.using)
                self._delete_ids(
                    list(
                        entries.filter(doc_id__in=doc_ids).values_list("pk", flat=True)
                    )
                )
                public = [d for d in batch if base.is_public(d)]
                self._insert(public)
                count += len(public)
        base.forget()
        return count

    def stamps(self) -> Iterable[tuple[str, object]]:
        """(doc_id, updated_at) of every entry, for ``search.reconcile``."""
        entries = IndexEntry.objects.using(self.using).order_by()
        return entries.values_list("doc_id", "updated_at").iterator(chunk_size=2000)

    def _ids_for(self, doc_id: str) -> list[int]:
        entries = IndexEntry.objects.using(self.using).filter(doc_id=doc_id)
        return list(entries.values_list("pk", flat=True))

    def _insert(self, documents: list) -> None:
        connection = self._connection()
        with connection.cursor() as cursor:
            pairs = insert_entries(connection, cursor, documents)
            # Lazy: PostgreSQL's COPY takes each document as it is analysed.
            self.fulltext.insert(cursor, ((pk, analyze_document(d)) for pk, d in pairs))
            insert_ranks(cursor, pairs, self.using)
            insert_facets(cursor, pairs)
            insert_suggestions(cursor, pairs)

    def _delete_ids(self, ids: list[int]) -> None:
        if not ids:
            return
        with connections[self.using].cursor() as cursor:
            self.fulltext.delete(cursor, ids)
        manager = IndexEntry.objects.using(self.using)
        IndexRank.objects.using(self.using).filter(entry_id__in=ids).delete()
        IndexFacet.objects.using(self.using).filter(entry_id__in=ids).delete()
        IndexSuggestion.objects.using(self.using).filter(entry_id__in=ids).delete()
        manager.filter(pk__in=ids).delete()

    def _clear(self) -> None:
        with connections[self.using].cursor() as cursor:
            self.fulltext.clear(cursor)
            for model in (
                IndexRank,
                IndexFacetGroup,
                IndexFacet,
                IndexSuggestion,
                IndexEntry,
            ):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608

    # --- reading -----------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        meaning = understand(request.q)
        exact = self._exact_codes(meaning.codes, request)
        plan = analyze_query(meaning.text, base.current_synonyms(), self.regions())
        tokens = safe_tokens(plan.tokens)
        if not tokens:
            return self._only(exact, request, plan)
        region, boost = _preference(request, plan)
        size = request.offset + request.per_page
        depth = max(size, ranking.DEPTH)
        for body in (False, True):
            wanted = self._prune(tokens, body=body)
            if not body and self._names_find_too_few(wanted):
                continue
            top, groups, rows = self._matches(
                wanted, request, (region, boost), depth, body
            )
            count = sum(n for _keys, n in groups)
            if count >= MIN_NAME_MATCHES:
                break
        rows = rows or self._rows(top)
        features = ranking.query_features(
            meaning.text,
            meaning.variants,
            base.current_synonyms(),
            self.name_frequencies,
            self.total(),
        )
        candidates = [
            _candidate(pk, score, rows[pk]) for pk, score in top if pk in rows
        ]
        ranked = ranking.rerank(
            candidates,
            features,
            base.popularity(request.q),
            coverage_floor=ranking.COVERAGE_FLOOR
            if self.fulltext.ranks_by_frequency
            else ranking.NO_IDF_COVERAGE_FLOOR,
        )
        ranked = _first(exact, ranked)
        page = ranked[request.offset : size]
        marker = Highlighter.for_plan(plan)
        rows.update(self._rows([(pk, 0) for pk, _s in page if pk not in rows]))
        return SearchResults(
            count=count + len({pk for pk, _s in exact} - {pk for pk, _s in top}),
            hits=[_hit(rows[pk], score, marker) for pk, score in page if pk in rows],
            facets=base.group_facets(base.count_facet_groups(groups)),
            facet_labels={"region": self.regions()},
        )

    def _only(self, exact, request, plan) -> SearchResults:
        """Results of a query that is only codes (or nothing to match at all)."""
        page = exact[request.offset : request.offset + request.per_page]
        rows = self._rows(page)
        marker = Highlighter.for_plan(plan)
        return SearchResults(
            count=len(exact),
            hits=[_hit(rows[pk], score, marker) for pk, score in page if pk in rows],
            facets=base.group_facets(()),
            facet_labels={"region": self.regions()},
        )

    def _exact_codes(self, codes, request) -> list[tuple[int, float]]:
        """Entries whose code is one the query typed whole (any letter case)."""
        if not codes:
            return []
        kinds = request.kinds or tuple(base.kinds())
        wanted = [
            f"{k}:{c}" for k in kinds for code in codes for c in {code, code.upper()}
        ]
        entries = IndexEntry.objects.using(self.using).filter(doc_id__in=wanted)
        for name, value in base.wanted_filters(request.filters):
            entries = entries.filter(
                pk__in=IndexFacet.objects.using(self.using)
                .filter(name=name, value=value)
                .values("entry_id")
            )
        order = {doc_id: n for n, doc_id in enumerate(wanted)}
        found = sorted(entries.values_list("pk", "doc_id"), key=lambda r: order[r[1]])
        return [(pk, EXACT_CODE_SCORE) for pk, _doc_id in found]

    def name_frequencies(self, tokens: list[str]) -> dict[str, int]:
        """Token → entries naming it (title or aliases), memoised per process."""
        tokens = safe_tokens(tokens)
        missing = [t for t in tokens if t not in _name_counts]
        if missing:
            with self._connection().cursor() as cursor:
                found = self.fulltext.name_frequencies(cursor, missing)
            _name_counts.update({t: found.get(t, 0) for t in missing})
        return {t: _name_counts[t] for t in tokens}

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return suggest_texts(self.using, prefix, limit)

    def popular(self, limit: int = 8, region: str = "") -> list[Hit]:
        return popular_hits(self.using, limit=limit, region=region)

    def _matches(self, tokens, request, preference, size: int, body: bool):
        """Top ``size`` (id, score), facet groups and (when read with them)
        the top entries' rows; two stages for big sets."""
        fulltext = self.fulltext
        core = (
            pruning.core(tokens, self._lookup, body=body, cost=fulltext.SCORE_COST)
            if fulltext.has_frequencies
            else None
        )
        if core is None:
            sql, params = self._filtered(fulltext.matches(tokens, body=body), request)
            return self._ranked(sql, params, *preference, size)
        sql, params = self._filtered(fulltext.match_ids(tokens, body=body), request)
        groups = self._tally(sql, params)
        sql, params = self._filtered(
            fulltext.matches(tokens, body=body, among=core), request
        )
        top = self._top(sql, params, *preference, size)
        if len(top) < min(size, sum(n for _keys, n in groups)):
            sql, params = self._filtered(fulltext.matches(tokens, body=body), request)
            top = self._top(sql, params, *preference, size)
        return top, groups, {}

    def _lookup(self, tokens: list[str]):
        with connections[self.using].cursor() as cursor:
            rows = self.fulltext.frequencies(cursor, tokens)
        # The same rows answer ``name_frequencies`` for these tokens: the
        # ranking's later ask then costs no second read of the counts.
        _name_counts.update(name_counts(tokens, rows))
        return rows

    def _names_find_too_few(self, tokens: list[str]) -> bool:
        """Whether the token counts alone show a name search would fall short."""
        if not self.fulltext.has_frequencies:
            return False
        bound = pruning.name_matches_at_most(tokens, self._lookup)
        return bound < MIN_NAME_MATCHES

    def _prune(self, tokens: list[str], *, body: bool) -> list[str]:
        if not self.fulltext.has_frequencies:
            return tokens
        return pruning.prune(tokens, self.total(), self._lookup, body=body) or tokens

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

    def _filtered(self, match, request: SearchRequest) -> tuple[str, list]:
        """SQL for (id, rank, boost, region) of matching entries that pass filters."""
        match_sql, params = match
        sql = (
            "SELECT e.entry_id AS id, m.rank, e.boost, e.region_code, "  # noqa: S608
            f"e.facet_group_id AS facet_group FROM ({match_sql}) m "
            f"JOIN {IndexRank._meta.db_table} e ON e.entry_id = m.id WHERE 1 = 1"
        )
        if request.kinds:
            sql += f" AND e.kind IN ({', '.join(['%s'] * len(request.kinds))})"
            params = [*params, *request.kinds]
        for name, value in base.wanted_filters(request.filters):
            sql += (
                f" AND e.entry_id IN (SELECT entry_id FROM {IndexFacet._meta.db_table} "  # noqa: S608
                "WHERE name = %s AND value = %s)"
            )
            params = [*params, name, value]
        return sql, params

    def _ranked(self, match_sql, params, region, boost, size: int):
        """The best ``size`` (id, score), (facet keys, count) over every
        match, and the shown columns of those best entries.

        One statement: the matches are materialised once, ranked and cut to
        ``size`` inside the database, joined to their entries' columns, and
        grouped by their facet keys so Python only splits the distinct key
        sets — one round trip where the columns were another.
        """
        shown = ", ".join(f"e.{c}" for c in HIT_COLUMNS)
        blanks = ", ".join(["NULL"] * len(HIT_COLUMNS))
        sql = (
            "WITH f AS MATERIALIZED ("  # noqa: S608
            "SELECT id, rank * boost * CASE WHEN region_code = %s THEN %s "
            f"ELSE 1.0 END AS score, facet_group FROM ({match_sql}) q) "
            f"SELECT 0, t.id, t.score, NULL, {shown} FROM "
            "(SELECT id, score FROM f ORDER BY score DESC, id LIMIT %s) t "
            f"JOIN {IndexEntry._meta.db_table} e ON e.id = t.id "
            f"UNION ALL SELECT 1, NULL, c.n, g.keys, {blanks} FROM ({GROUP_COUNTS} f "
            f"GROUP BY facet_group) c JOIN {IndexFacetGroup._meta.db_table} g "
            "ON g.id = c.facet_group"
        )
        top, groups, rows = [], [], {}
        with self._connection().cursor() as cursor:
            cursor.execute(sql, [region, boost, *params, size])
            for part, pk, value, keys, *row in cursor.fetchall():
                if part:
                    groups.append((keys, int(value)))
                else:
                    top.append((pk, float(value)))
                    rows[pk] = tuple(row)
        top.sort(key=lambda row: (-row[1], row[0]))
        return top, groups, rows

    def _top(self, match_sql, params, region, boost, size: int):
        """The best ``size`` (id, score) of the matches, without facet counts."""
        sql = (
            "SELECT id, rank * boost * CASE WHEN region_code = %s THEN %s "  # noqa: S608
            f"ELSE 1.0 END AS score FROM ({match_sql}) q "
            "ORDER BY score DESC, id LIMIT %s"
        )
        with self._connection().cursor() as cursor:
            cursor.execute(sql, [region, boost, *params, size])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def _tally(self, match_sql, params) -> list[tuple[str, int]]:
        """(facet keys, count) over every match; no scoring."""
        sql = (
            f"SELECT g.keys, c.n FROM ({GROUP_COUNTS} ({match_sql}) q "  # noqa: S608
            f"GROUP BY facet_group) c JOIN {IndexFacetGroup._meta.db_table} g "
            "ON g.id = c.facet_group"
        )
        with self._connection().cursor() as cursor:
            cursor.execute(sql, params)
            return [(keys, int(count)) for keys, count in cursor.fetchall()]

    def _rows(self, page: list[tuple[int, float]]) -> dict[int, tuple]:
        """Entry id → its shown columns, read in one plain query (no models)."""
        if not page:
            return {}
        marks = ", ".join(["%s"] * len(page))
        sql = (
            f"SELECT id, {', '.join(HIT_COLUMNS)} "  # noqa: S608
            f"FROM {IndexEntry._meta.db_table} WHERE id IN ({marks})"
        )
        with self._connection().cursor() as cursor:
            cursor.execute(sql, [pk for pk, _score in page])
            return {row[0]: row[1:] for row in cursor.fetchall()}


GROUP_COUNTS = "SELECT facet_group, COUNT(*) AS n FROM"


def _preference(request: SearchRequest, plan) -> tuple[str, float]:
    if plan.region_code:
        return plan.region_code, NAMED_REGION_BOOST
    return request.region, REGION_BOOST


HIT_COLUMNS = (
    *SHOWN_COLUMNS,
    "summary",
    "variant",
)
# An exact code outranks any text match.
EXACT_CODE_SCORE = 1e6
_name_counts: dict[str, int] = {}
base.register_forget(_name_counts.clear)


def name_counts(tokens: list[str], rows) -> dict[str, int]:
    """Token → entries naming it, from ``frequencies`` (token, column, df) rows."""
    counts = dict.fromkeys(tokens, 0)
    for token, column, count in rows:
        if column in NAME_FREQUENCY_COLUMNS and token in counts:
            counts[token] = max(counts[token], count)
    return counts


def _candidate(pk: int, score: float, row: tuple) -> ranking.Candidate:
    entry = dict(zip(HIT_COLUMNS, row, strict=True))
    return ranking.Candidate(
        key=pk,
        score=score,
        title=entry["title"],
        aliases=tuple(_json(entry["aliases"]) or ()),
        variant=entry["variant"] or "",
        doc_id=entry["doc_id"],
    )


def _first(exact, ranked):
    """Exact code matches first, then the ranked rest without them."""
    if not exact:
        return ranked
    seen = {pk for pk, _score in exact}
    return [*exact, *((pk, s) for pk, s in ranked if pk not in seen)]


def _json(value):
    """JSON columns arrive as text on SQLite and decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else (value or {})


def _hit(row: tuple, score: float, marker: Highlighter) -> Hit:
    entry = dict(zip(HIT_COLUMNS, row, strict=True))
    aliases = _json(entry["aliases"]) or []
    departments = _json(entry["facets"]).get("department") or ()
    return Hit(
        doc_id=entry["doc_id"],
        kind=entry["kind"],
        code=entry["code"],
        title=entry["title"],
        url=entry["url"],
        score=round(score, 4),
        highlight=marker.render(entry["title"], aliases, entry["summary"]),
        region_code=entry["region_code"],
        region_name=entry["region_name"],
        department=next(iter(departments), ""),
    )
