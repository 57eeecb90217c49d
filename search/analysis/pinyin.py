"""Pinyin of Chinese words, fuzzy pinyin and splitting of typed pinyin.

pypinyin's tables (~100 MB) are imported by the first call and kept for the
process, not at import time: every process imports this module at start-up
(the search signal handlers), and most, such as an Excel import, never need
pinyin.  Results per word are memoised because catalogue vocabulary repeats.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

MAX_SYLLABLE = 6


@cache
def _converter() -> Callable[[str], list[str]]:
    """pypinyin's toneless converter, imported once per process on first use."""
    from pypinyin import Style, lazy_pinyin

    def convert(word: str) -> list[str]:
        return lazy_pinyin(word, style=Style.NORMAL, v_to_u=False)

    return convert


@lru_cache(maxsize=100_000)
def syllables(word: str) -> tuple[str, ...]:
    """Toneless syllables of a CJK word, context aware (银行 → yin hang)."""
    return tuple(_converter()(word))


@lru_cache(maxsize=100_000)
def initials(word: str) -> str:
    """First letters of each syllable: 身份证 → sfz."""
    return "".join(s[0] for s in syllables(word) if s)


@lru_cache(maxsize=4096)
def fuzzy(syllable: str) -> str:
    """Merge sounds citizens confuse: zh/z, ch/c, sh/s, n/l, in/ing, en/eng, an/ang."""
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    elif syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    if syllable.endswith(("ing", "eng", "ang")):
        syllable = syllable[:-1]
    return syllable


@cache
def syllable_set() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (about 410)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            found.add(_strip_tone(reading))
    return frozenset(s for s in found if s.isascii() and s.isalpha())


@cache
def reading_table() -> dict[str, frozenset[str]]:
    """Character → every toneless reading pypinyin lists for it (any context).

    Characters with a reading outside plain a–z are left out, so a caller
    can tell "unknown" from "cannot sound like that".
    """
    from pypinyin.pinyin_dict import pinyin_dict

    table = {}
    for codepoint, readings in pinyin_dict.items():
        plain = frozenset(_strip_tone(r) for r in readings.split(","))
        if all(r.isascii() and r.isalpha() for r in plain):
            table[chr(codepoint)] = plain
    return table


# ü in every tone is written v, as ``syllables`` spells it (lǜ → lv, not lu).
_U = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


def _strip_tone(reading: str) -> str:
    plain = unicodedata.normalize("NFD", reading.translate(_U))
    return "".join(c for c in plain if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def split_latin(text: str) -> tuple[str, ...] | None:
    """Split typed pinyin into syllables (fewest syllables wins), or None.

    "jiehunzheng" → (jie, hun, zheng); "sfz" → None (initials, not pinyin).
    """
    known = syllable_set()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - MAX_SYLLABLE), end):
            head = best[start]
            if head is not None and text[start:end] in known:
                candidate = (*head, text[start:end])
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(text)] or None
