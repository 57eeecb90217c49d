"""Vendor full-text structures of the embedded backend (see migration 0003).

Each store writes analysed token columns and returns SQL that yields
``(id, rank)`` for the entries matching any query token, higher is better.
Every token is quoted for the engine's query syntax, so citizen input never
reaches it as syntax.
"""

from __future__ import annotations

from ..analysis import COLUMNS, AnalyzedDocument
from ..analysis.text import is_token
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
    """FTS5 table ``search_fts`` (rowid = entry id) ranked by weighted bm25."""

    vendor = "sqlite"
    has_frequencies = True

    def insert(self, cursor, rows: list[tuple[int, AnalyzedDocument]]) -> None:
        names = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * (len(COLUMNS) + 1))
        cursor.executemany(
            f"INSERT INTO search_fts(rowid, {names}) VALUES ({marks})",  # noqa: S608
            [(pk, *doc.columns().values()) for pk, doc in rows],
        )

    def delete(self, cursor, ids: list[int]) -> None:
        cursor.executemany(
            "DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids]
        )

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")

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
        weights = ", ".join(str(WEIGHTS[c]) for c in COLUMNS)
        sql = (
            f"SELECT rowid AS id, -bm25(search_fts, {weights}) AS rank "  # noqa: S608
            "FROM search_fts WHERE search_fts MATCH %s"
        )
        expression = self.expression(tokens, body=body)
        if among:
            expression = f"({expression}) AND ({self.expression(among, body=body)})"
        return sql, [expression]

    def match_ids(self, tokens: list[str], *, body: bool) -> tuple[str, list]:
        """Like ``matches`` without scoring (rank 0): for counts and facets."""
        sql = "SELECT rowid AS id, 0 AS rank FROM search_fts WHERE search_fts MATCH %s"
        return sql, [self.expression(tokens, body=body)]

    @staticmethod
    def expression(tokens: list[str], *, body: bool) -> str:
        expression = " OR ".join('"{}"'.format(t.replace('"', '""')) for t in tokens)
        if not body:
            expression = f"{{{' '.join(NAME_COLUMNS)}}} : ({expression})"
        return expression


class PostgresFullText:
    """``search_fts`` tsvector table (GIN) ranked by ts_rank_cd with A–D weights."""

    vendor = "postgresql"
    has_frequencies = False
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
    MAX_POSITION = 16383

    def insert(self, cursor, rows: list[tuple[int, AnalyzedDocument]]) -> None:
        # COPY reads each literal with tsvector's input function, as the CAST did.
        write_rows(
            cursor,
            "search_fts",
            ["entry_id", "document"],
            [(pk, self.vector(doc)) for pk, doc in rows],
        )

    def vector(self, doc: AnalyzedDocument) -> str:
        """A tsvector literal from pre-analysed tokens (no parser involved)."""
        positions: dict[str, list[str]] = {}
        position = 0
        for column, text in doc.columns().items():
            for token in text.split():
                if is_token(token):
                    position = min(position + 1, self.MAX_POSITION)
                    positions.setdefault(token, []).append(
                        f"{position}{self.LETTERS[column]}"
                    )
        return " ".join(f"'{t}':{','.join(p)}" for t, p in positions.items())

    def delete(self, cursor, ids: list[int]) -> None:
        cursor.execute("DELETE FROM search_fts WHERE entry_id = ANY(%s)", [list(ids)])

    def frequencies(self, cursor, tokens: list[str]) -> list[tuple[str, str, int]]:
        """Not kept on PostgreSQL (ts_stat scans the table), so no pruning."""
        return []

    def name_frequencies(self, cursor, tokens: list[str]) -> dict[str, int]:
        """Token → entries whose title or aliases (weights A, B) hold it.

        One GIN-backed count per token; callers memoise the answers.
        """
        counts = {}
        for token in tokens:
            cursor.execute(
                "SELECT count(*) FROM search_fts WHERE document @@ CAST(%s AS tsquery)",
                [f"'{token}':AB"],
            )
            counts[token] = cursor.fetchone()[0]
        return counts

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")

    def matches(self, tokens: list[str], *, body: bool) -> tuple[str, list]:
        letters = "" if body else ":ABC"
        query = " | ".join(f"'{t}'{letters}" for t in tokens)
        sql = (
            "SELECT entry_id AS id, ts_rank_cd(CAST(%s AS float4[]), document, "
            "CAST(%s AS tsquery)) AS rank FROM search_fts "
            "WHERE document @@ CAST(%s AS tsquery)"
        )
        return sql, [self.RANK_WEIGHTS, query, query]


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
