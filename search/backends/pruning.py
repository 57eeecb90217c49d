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
NAME_COLUMNS = {"title", "aliases", "keywords", "pinyin", "fuzzy"}

_frequencies: dict[str, tuple[int, int]] = {}
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
    counts = {t: known.get(t, (0, 0))[1 if body else 0] for t in tokens}
    present = [t for t in tokens if counts[t] > 0]
    limit = max(MIN_COMMON_LIMIT, int(total * COMMON_SHARE))
    kept = [t for t in present if counts[t] <= limit]
    if len(kept) < MIN_KEPT:
        rarest = sorted(present, key=counts.__getitem__)[:MIN_KEPT]
        kept = [t for t in present if t in rarest or t in kept]
    return kept


def _known(tokens: list[str], lookup) -> dict[str, tuple[int, int]]:
    """token → (largest df in a name column, largest df in any column)."""
    missing = [t for t in tokens if t not in _frequencies]
    if missing:
        found = {t: [0, 0] for t in missing}
        for token, column, count in lookup(missing):
            if token in found:
                pair = found[token]
                if column in NAME_COLUMNS:
                    pair[0] = max(pair[0], count)
                pair[1] = max(pair[1], count)
        _frequencies.update((t, (a, b)) for t, (a, b) in found.items())
    return {t: _frequencies[t] for t in tokens}


base.register_forget(forget)
