"""Synonym groups as a lookup for query expansion.

Groups come from ``SynonymGroup`` rows (the shipped defaults in
``search/data/synonyms.txt`` are installed as rows by a data migration, so
editors can change or disable them like their own).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .segmenter import DATA_DIR
from .text import normalise

DEFAULT_SYNONYMS = DATA_DIR / "synonyms.txt"


def read_groups(path: Path = DEFAULT_SYNONYMS) -> list[list[str]]:
    """Groups in a ``a = b = c`` per line file; ``#`` starts a comment."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        terms = [t.strip() for t in line.split("#", 1)[0].split("=") if t.strip()]
        if len(terms) > 1:
            groups.append(terms)
    return groups


class SynonymIndex:
    """Finds the groups a query mentions and returns their other terms."""

    MEMO_SIZE = 4096

    def __init__(self, groups: Iterable[Sequence[str]] = ()):
        self.groups = [
            [normalise(t) for t in group if normalise(t)] for group in groups
        ]
        self._memo: dict[str, list[str]] = {}

    def expand(self, text: str) -> list[str]:
        """Terms to add for a normalised query (terms it already has excluded)."""
        found = self._memo.get(text)
        if found is None:
            found = self._expand(text)
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return list(found)

    def _expand(self, text: str) -> list[str]:
        added: dict[str, None] = {}
        for group in self.groups:
            if any(term in text for term in group):
                added.update((t, None) for t in group if t not in text)
        return list(added)
