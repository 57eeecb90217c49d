"""Question and function words that must not drive the ranking."""

from __future__ import annotations

from functools import cache

from .pinyin import syllables
from .segmenter import DATA_DIR, read_dictionary

STOPWORDS_FILE = DATA_DIR / "stopwords.txt"


@cache
def stopwords() -> frozenset[str]:
    return frozenset(word for word, _freq in read_dictionary(STOPWORDS_FILE))


@cache
def stop_syllable_runs() -> frozenset[tuple[str, ...]]:
    """Pinyin of multi-character stopwords, for typed-pinyin queries (zenme)."""
    return frozenset(syllables(w) for w in stopwords() if len(w) > 1)


def is_stopword(word: str) -> bool:
    return word in stopwords()
