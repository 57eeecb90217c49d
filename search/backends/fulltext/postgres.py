"""PostgreSQL tsvectors of the embedded backend (migrations 0003, 0010, 0012)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

import psycopg

from ...analysis import AnalyzedDocument
from ...analysis.text import CJK, is_token
from ..rows import write_rows
from .common import NAME_COLUMNS, NAME_FREQUENCY_COLUMNS


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
    # ts_rank_cd over a query's dozen OR-ed lexemes costs about 12 µs a
    # match, ten times SQLite's bm25: two-stage ranking starts at a tenth of
    # the match count (``pruning.core``; 10,000 entries: p95 28 → 9 ms, the
    # same first result for every benchmark query).
    SCORE_COST = 10
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

    def insert(self, cursor, rows: Iterable[tuple[int, AnalyzedDocument]]) -> None:
        """COPY the vectors of ``rows``, made as the COPY streams.

        The server parses and indexes each row (its GIN insert is most of
        the cost) while this process analyses and builds the next ones, so
        the two overlap instead of taking turns; ``rows`` may be lazy.
        """
        pending = TermCounts.pending(cursor)
        counts = pending or TermCounts()

        def values():
            for pk, doc in rows:
                document, names, named, titled = self._vectors(doc)
                counts.add(named, titled)
                yield pk, document, names

        # COPY reads each literal with tsvector's input function, as the CAST did.
        write_rows(cursor, "search_fts", ["entry_id", "document", "names"], values())
        if pending is None:
            counts.write(cursor)

    def tune_for_reading(self, connection) -> None:
        """Nothing to tune per connection on PostgreSQL."""

    def begin(self, cursor) -> None:
        """Start of a write transaction: name counts gather until ``finish``."""
        TermCounts.start(cursor)

    # GIN's fast update appends new entries to a pending list that every
    # search scans in full until a vacuum merges it (up to 4 MB by default,
    # more than the index itself after a demo load or an import): 1.6 ms of
    # a 0.1 ms body match on the demo.  The writer merges it in bulk once its
    # writes are done, which is the work a later vacuum or insert would have
    # done anyway.  Merging needs the index's owner (as VACUUM does); a role
    # that does not own it leaves the list to autovacuum rather than fail.
    PENDING_INDEXES = ["search_fts_document", "search_fts_names"]

    def finish(self, cursor) -> None:
        """End of a write transaction's index changes (before it commits)."""
        outermost, counts = TermCounts.stop(cursor)
        if outermost:
            counts.write(cursor)
            self._merge_pending(cursor)

    def abandon(self, cursor) -> None:
        """A write transaction failed: its gathered counts go with it."""
        TermCounts.stop(cursor, failed=True)

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
        document, names, _named, _titled = self._vectors(doc)
        return document, names

    def _vectors(self, doc: AnalyzedDocument):
        """The two literals, the names' tokens and those of title or aliases.

        Each column's tokens become ``'token':positionWEIGHT`` entries in
        one C-level join; a token in several places appears once per place,
        and the server's tsvector input merges them (the same value as one
        entry listing every position).
        """
        parts: list[str] = []
        name_parts: list[str] = []
        named: set[str] = set()
        titled: set[str] = set()
        position = 0
        for column, text in doc.columns().items():
            tokens = _valid_tokens(text)
            if not tokens:
                continue
            marks = _marks(self.LETTERS[column], position, len(tokens))
            position = min(position + len(tokens), self.MAX_POSITION)
            part = "'" + " '".join(map(str.__add__, tokens, marks))
            parts.append(part)
            if column in NAME_COLUMNS:
                name_parts.append(part)
                named.update(tokens)
            if column in NAME_FREQUENCY_COLUMNS:
                titled.update(tokens)
        return " ".join(parts), " ".join(name_parts), named, titled

    def delete(self, cursor, ids: list[int]) -> None:
        self._uncount_terms(cursor, list(ids))
        cursor.execute("DELETE FROM search_fts WHERE entry_id = ANY(%s)", [list(ids)])

    def _uncount_terms(self, cursor, ids: list[int]) -> None:
        """Take away the name tokens of entries ``ids`` (see ``TermCounts``)."""
        if not ids:
            return
        cursor.execute(
            "INSERT INTO search_fts_terms AS s (token, named, anywhere) "
            "SELECT t.lexeme, -count(*) FILTER "
            "(WHERE t.weights && CAST('{A,B}' AS text[])), -count(*) "
            "FROM search_fts f, unnest(f.names) AS t WHERE f.entry_id = ANY(%s) "
            "GROUP BY t.lexeme ON CONFLICT (token) DO UPDATE SET "
            "named = s.named + excluded.named, anywhere = s.anywhere + excluded.anywhere",
            [ids],
        )

    def frequencies(self, cursor, tokens: list[str]) -> list[tuple[str, str, int]]:
        """(token, column, document count) rows from the names' token counts.

        Per token: entries whose title or aliases (A, B) hold it, reported
        as ``title``, and entries whose names hold it at all, as
        ``keywords`` and (exact over every name column) ``names`` — all
        tokens in one indexed read of ``search_fts_terms``.
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
            rows.append((token, "names", anywhere))
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


class TermCounts:
    """Per-token counts of the names of entries being written (migration 0012).

    The counts (``search_fts_terms``) change in the writer's transaction,
    under the index-write lock, so readers see them in step with the rows.
    An insert counts the tokens it already holds in Python, while building
    the vectors — unnesting the stored vectors again cost the server as much
    as writing them; a delete takes away what the stored vectors hold.  A
    token whose count falls to 0 keeps its row: 0 reads as absent, and a
    rebuild empties the table.
    """

    UPSERT = (
        "INSERT INTO search_fts_terms AS s (token, named, anywhere) "
        "SELECT * FROM unnest(CAST(%s AS text[]), CAST(%s AS int[]), CAST(%s AS int[])) "
        "ON CONFLICT (token) DO UPDATE SET "
        "named = s.named + excluded.named, anywhere = s.anywhere + excluded.anywhere"
    )

    # A write transaction's counts gather on its connection (one per thread)
    # and are written once at its end: a common token then costs one row
    # update per import, not one per batch of 500 entries.  A nested write
    # (a savepoint) gathers its own and hands them to the outer one when it
    # succeeds; a failed one's go with its rollback.
    ATTRIBUTE = "search_term_counts"

    def __init__(self):
        self.anywhere: Counter[str] = Counter()
        self.named: Counter[str] = Counter()

    @classmethod
    def start(cls, cursor) -> None:
        cls._stack(cursor).append(cls())

    @classmethod
    def pending(cls, cursor) -> TermCounts | None:
        stack = cls._stack(cursor)
        return stack[-1] if stack else None

    @classmethod
    def stop(cls, cursor, *, failed: bool = False) -> tuple[bool, TermCounts]:
        """Whether the outermost write ended, and the counts it gathered.

        A nested write's counts join the outer one's (or, failed, go).
        """
        stack = cls._stack(cursor)
        counts = stack.pop() if stack else cls()
        if failed:
            return not stack, cls()
        if stack:
            stack[-1].merge(counts)
        return not stack, counts

    @classmethod
    def _stack(cls, cursor) -> list[TermCounts]:
        stack = getattr(cursor.db, cls.ATTRIBUTE, None)
        if stack is None:
            stack = []
            setattr(cursor.db, cls.ATTRIBUTE, stack)
        return stack

    def merge(self, other: TermCounts) -> None:
        self.anywhere.update(other.anywhere)
        self.named.update(other.named)

    def add(self, tokens, titled) -> None:
        self.anywhere.update(tokens)
        self.named.update(titled)

    def write(self, cursor) -> None:
        if not self.anywhere:
            return
        # Sorted: concurrent writers (should the lock ever go) lock rows in one order.
        tokens = sorted(self.anywhere)
        values = [
            tokens,
            [self.named[t] for t in tokens],
            [self.anywhere[t] for t in tokens],
        ]
        # Parameters bound on the server: quoting a few hundred thousand
        # array elements into the statement text cost more than the upsert.
        with psycopg.Cursor(cursor.cursor.connection) as bound:
            bound.execute(self.UPSERT, values)


_TOKEN_TEXT_OK = re.compile(rf"[{CJK}a-z0-9_\s]*")


def _valid_tokens(text: str) -> list[str]:
    """The column's tokens that are safe in a tsvector literal (usually all)."""
    if _TOKEN_TEXT_OK.fullmatch(text):
        return text.split()
    return [token for token in text.split() if is_token(token)]


@functools.cache
def _mark_table(letter: str) -> tuple[str, ...]:
    """``"':1A"``, ``"':2A"`` … (a token's closing quote, its position and
    weight) up to the last position a tsvector holds."""
    last = PostgresFullText.MAX_POSITION
    return tuple(f"':{min(p, last)}{letter}" for p in range(last + 1))


def _marks(letter: str, after: int, count: int) -> list[str]:
    """Marks of ``count`` positions after ``after``; the last one repeats at the cap."""
    table = _mark_table(letter)
    marks = list(table[after + 1 : after + 1 + count])
    return marks + [table[-1]] * (count - len(marks))
