"""Drop query tokens so common they cost more than they rank.

A token found in more than ``COMMON_SHARE`` of the documents (a single
character such as 证, a pinyin pair such as ban_li) makes the engine score
most of the index for almost no ranking signal.  The rarest ``MIN_KEPT``
tokens always stay, so a query made only of common words still matches.
Document frequencies are memoised per process between index writes.
"""

from __future__ import annotations

import time

from . import base

COMMON_SHARE = 0.1
MIN_COMMON_LIMIT = 30
MIN_KEPT = 3
# Two-stage ranking thresholds (document counts), see ``core``.
EXACT_LIMIT = 3000
CANDIDATE_LIMIT = 3000
NAME_COLUMNS = {"title", "aliases", "keywords", "pinyin", "fuzzy"}
TELLING_COLUMNS = {"title", "aliases", "pinyin", "fuzzy"}
# A store that counts a token over all name columns at once reports it as
# this column (an exact count, where the per-column ones only bound it).
NAMES = "names"

_frequencies: dict[str, tuple[int, int, int, int]] = {}
_filled_at = [0.0]


def forget() -> None:
    _frequencies.clear()


def _expire() -> None:
    """Other processes write the index too: trust counts for a minute only."""
    now = time.monotonic()
    if now - _filled_at[0] > base.CONTEXT_TTL:
        _frequencies.clear()
        _filled_at[0] = now


def prune(tokens: list[str], total: int, lookup, *, body: bool) -> list[str]:
    """Tokens worth matching; ``lookup(tokens)`` yields (token, column, df) rows."""
    _expire()
    known = _known(tokens, lookup)
    counts = {t: known.get(t, (0, 0, 0, 0))[1 if body else 0] for t in tokens}
    present = [t for t in tokens if counts[t] > 0]
    limit = max(MIN_COMMON_LIMIT, int(total * COMMON_SHARE))
    kept = [t for t in present if counts[t] <= limit]
    if len(kept) < MIN_KEPT:
        rarest = sorted(present, key=counts.__getitem__)[:MIN_KEPT]
        kept = [t for t in present if t in rarest or t in kept]
    return kept


def core(tokens: list[str], lookup, *, body: bool, cost: int = 1) -> list[str] | None:
    """The rarest telling tokens to rank a large match set by, or None.

    Scoring every match costs time in proportion to the match count; when
    one token alone matches more than ``EXACT_LIMIT`` documents, only the documents that hold one of the
    rarest tokens found in titles or aliases (together at most
    ``CANDIDATE_LIMIT`` documents, at least one token) are scored.  Such
    tokens carry most of the weight, so the best documents are nearly always
    among them; counts and facets still cover every match.  None means:
    score every match.  ``cost`` is what scoring one match costs the store
    relative to SQLite's bm25: both limits shrink by it.
    """
    _expire()
    known = _known(tokens, lookup)
    sizes = {t: known[t][1 if body else 0] for t in tokens}
    # The commonest token's count is a lower bound of the match count.
    if max(sizes.values(), default=0) <= EXACT_LIMIT // cost:
        return None
    # Prefer tokens seen in names (a query's cross-word bigram such as 生自
    # is rare but tells nothing); fall back to any matching token.
    counts = {t: known[t][2] for t in tokens if known[t][2]} or {
        t: n for t, n in sizes.items() if n
    }
    chosen: list[str] = []
    total = 0
    for token in sorted(counts, key=counts.__getitem__):
        if chosen and total + counts[token] > CANDIDATE_LIMIT // cost:
            break
        chosen.append(token)
        total += counts[token]
    return chosen


def name_matches_at_most(tokens: list[str], lookup) -> int:
    """An upper bound of the entries a name search for any of ``tokens`` finds.

    The search runs a body search instead when names find too few; with a
    bound below that, the name search need not run at all (a statement less
    for most rare queries).
    """
    _expire()
    known = _known(tokens, lookup)
    return sum(known[t][3] for t in tokens)


def _known(tokens: list[str], lookup) -> dict[str, tuple[int, int, int, int]]:
    """token → (largest df in a name column, in any column, in
    title/aliases/pinyin; entries holding it in any name column at most)."""
    missing = [t for t in tokens if t not in _frequencies]
    if missing:
        found = {t: [0, 0, 0, 0] for t in missing}
        exact: dict[str, int] = {}
        for token, column, count in lookup(missing):
            if token in found:
                sizes = found[token]
                if column in NAME_COLUMNS:
                    sizes[0] = max(sizes[0], count)
                    sizes[3] += count
                if column in TELLING_COLUMNS:
                    sizes[2] = max(sizes[2], count)
                if column == NAMES:
                    exact[token] = count
                sizes[1] = max(sizes[1], count)
        for token, count in exact.items():
            found[token][3] = count
        _frequencies.update((t, tuple(sizes)) for t, sizes in found.items())
    return {t: _frequencies[t] for t in tokens}


base.register_forget(forget)
