"""Vendor full-text structures of the embedded backend (see migration 0003).

Each store writes analysed token columns and returns SQL that yields
``(id, rank)`` for the entries matching any query token, higher is better.
Every token is quoted for the engine's query syntax, so citizen input never
reaches it as syntax.
"""

from __future__ import annotations

import functools
import re

import psycopg

from ..analysis import COLUMNS, AnalyzedDocument
from ..analysis.text import CJK, is_token
from .rows import write_rows

MAX_QUERY_TOKENS = 80
# Column weights: title > aliases > keywords > body; pinyin below words.
WEIGHTS = {
    "title": 10.0,
    "aliases": 7.0,
    "keywords": 5.0,
    "body": 1.0,
    "pinyin": 3.0,
    "fuzzy": 1.5,
}


# Columns searched first; the body joins only when names find too little
# (material lists mention 身份证 in most items, and scanning them for every
# query would cost more than it finds).
NAME_COLUMNS = ("title", "aliases", "keywords", "pinyin", "fuzzy")
# Where a word's rarity is counted for ranking (``ranking.query_features``).
NAME_FREQUENCY_COLUMNS = ("title", "aliases")


def safe_tokens(tokens) -> list[str]:
    return [t for t in tokens if is_token(t)][:MAX_QUERY_TOKENS]


class SqliteFullText:
    """FTS5 tables ranked by weighted bm25 (rowid = entry id).

    ``search_fts`` holds every column; ``search_fts_names`` only the name
    columns, so the usual name-only search never walks body postings
    (migration 0010).
    """

    vendor = "sqlite"
    has_frequencies = True
    # bm25 weighs a token by its rarity (the second stage need not do more).
    ranks_by_frequency = True
    NAMES_TABLE = "search_fts_names"

    def insert(self, cursor, rows: list[tuple[int, AnalyzedDocument]]) -> None:
        for table, columns in (
            ("search_fts", COLUMNS),
            (self.NAMES_TABLE, NAME_COLUMNS),
        ):
            names = ", ".join(columns)
            marks = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(
                f"INSERT INTO {table}(rowid, {names}) VALUES ({marks})",  # noqa: S608
                [(pk, *(getattr(doc, c) for c in columns)) for pk, doc in rows],
            )

    def delete(self, cursor, ids: list[int]) -> None:
        for table in ("search_fts", self.NAMES_TABLE):
            cursor.executemany(
                f"DELETE FROM {table} WHERE rowid = %s",  # noqa: S608
                [(i,) for i in ids],
            )

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")
        cursor.execute(f"DELETE FROM {self.NAMES_TABLE}")  # noqa: S608

    def name_frequencies(self, cursor, tokens: list[str]) -> dict[str, int]:
        """Token → number of entries whose title or aliases hold it."""
        counts: dict[str, int] = {}
        for token, column, count in self.frequencies(cursor, tokens):
            if column in NAME_FREQUENCY_COLUMNS:
                counts[token] = max(counts.get(token, 0), count)
        return counts

    def frequencies(self, cursor, tokens: list[str]) -> list[tuple[str, str, int]]:
        """(token, column, document count) rows from the fts5vocab table."""
        marks = ", ".join(["%s"] * len(tokens))
        cursor.execute(
            f"SELECT term, col, doc FROM search_fts_vocab WHERE term IN ({marks})",  # noqa: S608
            tokens,
        )
        return cursor.fetchall()

    def matches(
        self, tokens: list[str], *, body: bool, among: list[str] | None = None
    ) -> tuple[str, list]:
        """(id, rank) of entries with any of ``tokens``.

        With ``among``, only entries that also hold one of those tokens:
        bm25 then scores every token (those of ``among`` count twice), but
        only over that smaller set.
        """
        table, columns = self._table(body)
        weights = ", ".join(str(WEIGHTS[c]) for c in columns)
        sql = (
            f"SELECT rowid AS id, -bm25({table}, {weights}) AS rank "  # noqa: S608
            f"FROM {table} WHERE {table} MATCH %s"
        )
        expression = self.expression(tokens)
        if among:
            expression = f"({expression}) AND ({self.expression(among)})"
        return sql, [expression]

    def match_ids(self, tokens: list[str], *, body: bool) -> tuple[str, list]:
        """Like ``matches`` without scoring (rank 0): for counts and facets."""
        table, _columns = self._table(body)
        sql = f"SELECT rowid AS id, 0 AS rank FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        return sql, [self.expression(tokens)]

    def _table(self, body: bool) -> tuple[str, tuple[str, ...]]:
        return ("search_fts", COLUMNS) if body else (self.NAMES_TABLE, NAME_COLUMNS)

    @staticmethod
    def expression(tokens: list[str]) -> str:
        return " OR ".join('"{}"'.format(t.replace('"', '""')) for t in tokens)


class PostgresFullText:
    """``search_fts`` tsvectors (GIN) ranked by ts_rank_cd with A–D weights.

    ``document`` holds every column; ``names`` only the name columns (A–C),
    so a name-only search neither reads body postings nor rechecks rows
    for weights (migration 0010).
    """

    vendor = "postgresql"
    # Document counts come from the names' token counts (``search_fts_terms``),
    # memoised by the callers (``pruning``), so the two-stage ranking works here too.
    has_frequencies = True
    # ts_rank_cd knows no document frequencies (see ``ranking``).
    ranks_by_frequency = False
    # Column → weight letter; ts_rank_cd's array is ordered {D, C, B, A}.
    LETTERS = {
        "title": "A",
        "aliases": "B",
        "keywords": "C",
        "pinyin": "C",
        "fuzzy": "C",
        "body": "D",
    }
    RANK_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
    BODY_COUNT_CAP = 20001
    MAX_POSITION = 16383

    def insert(self, cursor, rows: list[tuple[int, AnalyzedDocument]]) -> None:
        # COPY reads each literal with tsvector's input function, as the CAST did.
        write_rows(
            cursor,
            "search_fts",
            ["entry_id", "document", "names"],
            [(pk, *self.vectors(doc)) for pk, doc in rows],
        )
        self._count_terms(cursor, [pk for pk, _doc in rows], 1)
        self._merge_pending(cursor)

    # GIN's fast update appends new entries to a pending list that every
    # search scans in full until a vacuum merges it (up to 4 MB by default,
    # more than the index itself after a demo load or an import): 1.6 ms of
    # a 0.1 ms body match on the demo.  The writer merges it in bulk instead,
    # which is the work a later vacuum or insert would have done anyway.
    # Merging needs the index's owner (as VACUUM does); a role that does not
    # own it leaves the list to autovacuum rather than fail the write.
    PENDING_INDEXES = ["search_fts_document", "search_fts_names"]

    def _merge_pending(self, cursor) -> None:
        cursor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
            "WHERE c.oid IN (SELECT to_regclass(n) FROM unnest(%s::text[]) AS n) "
            "AND pg_has_role(c.relowner, 'USAGE')",
            [self.PENDING_INDEXES],
        )

    def vector(self, doc: AnalyzedDocument) -> str:
        return self.vectors(doc)[0]

    def vectors(self, doc: AnalyzedDocument) -> tuple[str, str]:
        """tsvector literals (every column, names only) from pre-analysed tokens.

        Bulk re-indexing calls this for every token of every document (a
        few hundred each), so the per-token work is kept to dictionary
        look-ups: tokens are checked a column at a time, and position marks
        come from a table.
        """
        positions: dict[str, list[str]] = {}
        named: dict[str, list[str]] = {}
        position = 0
        for column, text in doc.columns().items():
            tokens = _valid_tokens(text)
            marks = _marks(self.LETTERS[column], position, len(tokens))
            position = min(position + len(tokens), self.MAX_POSITION)
            _add_positions(positions, tokens, marks)
            if column in NAME_COLUMNS:
                _add_positions(named, tokens, marks)
        return _literal(positions), _literal(named)

    def delete(self, cursor, ids: list[int]) -> None:
        self._count_terms(cursor, list(ids), -1)
        cursor.execute("DELETE FROM search_fts WHERE entry_id = ANY(%s)", [list(ids)])

    def _count_terms(self, cursor, ids: list[int], sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) the name tokens of entries ``ids``.

        The counts per token (``search_fts_terms``, migration 0012) change
        in the writer's transaction, under the index-write lock, so readers
        see them in step with the rows.  A token whose count falls to 0 keeps
        its row: 0 reads as absent, and a rebuild empties the table.
        """
        if not ids:
            return
        cursor.execute(
            "INSERT INTO search_fts_terms AS s (token, named, anywhere) "
            "SELECT t.lexeme, %s * count(*) FILTER "
            "(WHERE t.weights && CAST('{A,B}' AS text[])), %s * count(*) "
            "FROM search_fts f, unnest(f.names) AS t WHERE f.entry_id = ANY(%s) "
            "GROUP BY t.lexeme ON CONFLICT (token) DO UPDATE SET "
            "named = s.named + excluded.named, anywhere = s.anywhere + excluded.anywhere",
            [sign, sign, ids],
        )

    def frequencies(self, cursor, tokens: list[str]) -> list[tuple[str, str, int]]:
        """(token, column, document count) rows from the names' token counts.

        Per token: entries whose title or aliases (A, B) hold it, reported
        as ``title``, and entries whose names hold it at all, as
        ``keywords`` — all tokens in one indexed read of ``search_fts_terms``.
        Body counts would read most of the table for a common word (ts_stat
        scans it all), so a body search prunes by the name counts: it keeps
        more tokens, never fewer.
        """
        found = self._term_counts(cursor, tokens)
        unnamed = [t for t in tokens if not found.get(t, (0, 0))[1]]
        in_bodies = self._body_counts(cursor, unnamed)
        rows = []
        for token in tokens:
            named, anywhere = found.get(token, (0, 0))
            rows += [(token, "title", named), (token, "keywords", anywhere)]
            if token in in_bodies:
                rows.append((token, "body", in_bodies[token]))
        return rows

    def _term_counts(self, cursor, tokens: list[str]) -> dict[str, tuple[int, int]]:
        """Token → (entries naming it in title/aliases, entries naming it at all)."""
        cursor.execute(
            "SELECT token, named, anywhere FROM search_fts_terms WHERE token = ANY(%s)",
            [list(tokens)],
        )
        return {token: (named, anywhere) for token, named, anywhere in cursor}

    BODY_COUNT = (
        "SELECT count(*) FROM (SELECT 1 FROM search_fts "
        "WHERE document @@ CAST(%s AS tsquery) LIMIT %s) AS found"
    )

    def _body_counts(self, cursor, tokens: list[str]) -> dict[str, int]:
        """Entries whose body holds a word no name holds, counted up to a cap.

        Without it a body search would drop the word as absent (a video
        found only by its transcript); the cap bounds the cost of a word
        common in material lists (it lies above the pruning limit, a tenth of
        the entries, up to 200,000 entries).  One GIN-planned statement per
        word (a single statement over all of them is planned without the
        index), sent together in a psycopg pipeline: one round trip.
        """
        if len(tokens) < 2 or not psycopg.Pipeline.is_supported():
            return {t: self._body_count(cursor, t) for t in tokens}
        raw = cursor.cursor.connection
        with raw.pipeline():
            sent = []
            for token in tokens:
                sent.append(raw.cursor())
                sent[-1].execute(self.BODY_COUNT, [f"'{token}'", self.BODY_COUNT_CAP])
        counts = {
            token: one.fetchone()[0] for token, one in zip(tokens, sent, strict=True)
        }
        for one in sent:
            one.close()
        return counts

    def _body_count(self, cursor, token: str) -> int:
        cursor.execute(self.BODY_COUNT, [f"'{token}'", self.BODY_COUNT_CAP])
        return cursor.fetchone()[0]

    def name_frequencies(self, cursor, tokens: list[str]) -> dict[str, int]:
        """Token → entries whose title or aliases (weights A, B) hold it.

        One read of the token counts (no body counts: ranking asks about
        names only); callers memoise.
        """
        found = self._term_counts(cursor, tokens)
        return {token: found.get(token, (0, 0))[0] for token in tokens}

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")
        cursor.execute("DELETE FROM search_fts_terms")

    def matches(
        self, tokens: list[str], *, body: bool, among: list[str] | None = None
    ) -> tuple[str, list]:
        """(id, rank) of entries with any of ``tokens`` (and, given, of ``among``)."""
        column = "document" if body else "names"
        query = self.expression(tokens)
        sql = (
            f"SELECT entry_id AS id, ts_rank_cd(CAST(%s AS float4[]), {column}, "  # noqa: S608
            "CAST(%s AS tsquery)) AS rank FROM search_fts "
            f"WHERE {column} @@ CAST(%s AS tsquery)"
        )
        if among:
            wanted = f"({query}) & ({self.expression(among)})"
            return sql, [self.RANK_WEIGHTS, query, wanted]
        return sql, [self.RANK_WEIGHTS, query, query]

    def match_ids(self, tokens: list[str], *, body: bool) -> tuple[str, list]:
        """Like ``matches`` without scoring (rank 0): for counts and facets."""
        column = "document" if body else "names"
        sql = (
            f"SELECT entry_id AS id, 0 AS rank FROM search_fts "  # noqa: S608
            f"WHERE {column} @@ CAST(%s AS tsquery)"
        )
        return sql, [self.expression(tokens)]

    @staticmethod
    def expression(tokens: list[str]) -> str:
        return " | ".join(f"'{t}'" for t in tokens)


_TOKEN_TEXT_OK = re.compile(rf"[{CJK}a-z0-9_\s]*")


def _valid_tokens(text: str) -> list[str]:
    """The column's tokens that are safe in a tsvector literal (usually all)."""
    if _TOKEN_TEXT_OK.fullmatch(text):
        return text.split()
    return [token for token in text.split() if is_token(token)]


@functools.cache
def _mark_table(letter: str) -> tuple[str, ...]:
    """``"1A"``, ``"2A"`` … up to the last position a tsvector holds."""
    last = PostgresFullText.MAX_POSITION
    return tuple(f"{min(p, last)}{letter}" for p in range(last + 1))


def _marks(letter: str, after: int, count: int) -> list[str]:
    """Marks of ``count`` positions after ``after``; the last one repeats at the cap."""
    table = _mark_table(letter)
    marks = list(table[after + 1 : after + 1 + count])
    return marks + [table[-1]] * (count - len(marks))


def _add_positions(positions: dict[str, list[str]], tokens, marks) -> None:
    for token, mark in zip(tokens, marks, strict=True):
        found = positions.get(token)
        if found is None:
            positions[token] = [mark]
        else:
            found.append(mark)


def _literal(positions: dict[str, list[str]]) -> str:
    return " ".join(f"'{t}':{','.join(p)}" for t, p in positions.items())


STORES = {store.vendor: store for store in (SqliteFullText, PostgresFullText)}


def fulltext_for(vendor: str):
    """The store for a database vendor; other vendors are not supported."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return STORES[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"The embedded search backend supports SQLite and PostgreSQL, not {vendor}."
        ) from None
