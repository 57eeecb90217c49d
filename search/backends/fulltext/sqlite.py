"""SQLite FTS5 tables of the embedded backend (migrations 0003 and 0010)."""

from __future__ import annotations

from collections.abc import Iterable

from ...analysis import COLUMNS, AnalyzedDocument
from .common import NAME_COLUMNS, NAME_FREQUENCY_COLUMNS, WEIGHTS


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
    # Relative cost of scoring a match (``pruning.core``): the yardstick.
    SCORE_COST = 1
    NAMES_TABLE = "search_fts_names"

    def insert(self, cursor, rows: Iterable[tuple[int, AnalyzedDocument]]) -> None:
        rows = list(rows)
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

    # Page cache per connection (KiB, as a negative cache_size).  Searches
    # re-read index and entry pages from the OS with the default 2 MB.  An
    # index write gains nothing from a large cache (an import's indexing took
    # as long with 8 MB) but would fill it and keep it for the life of the
    # process: 64 MB of a 100,000-item import's peak memory.
    READ_CACHE_KIB = 65536
    WRITE_CACHE_KIB = 8192

    def tune_for_reading(self, connection) -> None:
        """Enlarge the page cache once per connection (again after a write)."""
        raw = connection.connection
        writing = getattr(connection, "_search_writes", 0)
        if not writing and getattr(connection, "_search_tuned", None) is not raw:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = -{self.READ_CACHE_KIB}")
            connection._search_tuned = raw

    def begin(self, cursor) -> None:
        """Start of a write transaction's index changes: a small page cache."""
        depth = getattr(cursor.db, "_search_writes", 0)
        if depth == 0:
            cursor.execute(f"PRAGMA cache_size = -{self.WRITE_CACHE_KIB}")
            cursor.db._search_tuned = None
        cursor.db._search_writes = depth + 1

    def finish(self, cursor) -> None:
        """End of a write: the next search enlarges the cache again."""
        cursor.db._search_writes = max(0, getattr(cursor.db, "_search_writes", 1) - 1)

    def abandon(self, cursor) -> None:
        """A write failed (FTS5 rolls back with it); no statement may run now."""
        self.finish(cursor)

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
