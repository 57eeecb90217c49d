"""Whole-text pinyin and initials, for suggest-as-you-type in every backend."""

from __future__ import annotations

from functools import lru_cache

from .pinyin import initials, syllables
from .segmenter import get_segmenter
from .text import is_cjk, runs


@lru_cache(maxsize=50_000)
def spell(text: str) -> tuple[str, str]:
    """Concatenated pinyin and initials of a text (latin runs kept as typed)."""
    sounds, firsts = [], []
    for run in runs(text):
        if is_cjk(run):
            words = get_segmenter().cut(run)
            sounds += ["".join(syllables(word)) for word in words]
            firsts += [initials(word) for word in words]
        else:
            sounds.append(run)
            firsts.append(run)
    return "".join(sounds)[:1000], "".join(firsts)[:200]
