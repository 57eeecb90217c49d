"""Document analysis: one plain token string per indexed field.

Columns and what they hold (the same for every backend):

- ``title``, ``aliases``, ``keywords``: jieba search-mode words, CJK character
  bigrams and single characters (so any substring of a name can match);
- ``body``: search-mode words only (bigrams of long texts cost more than they
  find; names carry the substrings citizens type);
- ``pinyin``: syllable bigrams (``p_shen_fen``) and word / whole-phrase
  initials (``i_sfz``) of title, aliases and keywords;
- ``fuzzy``: the same syllable bigrams after fuzzy normalisation (``f_sen_fen``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .pinyin import fuzzy, initials, syllables
from .segmenter import get_segmenter
from .text import bigrams, is_cjk, runs, unique

COLUMNS = ("title", "aliases", "keywords", "body", "pinyin", "fuzzy")
MAX_PHRASE_INITIALS = 16


@dataclass(frozen=True)
class AnalyzedDocument:
    """Space-separated tokens per column; see the module docstring."""

    title: str
    aliases: str
    keywords: str
    body: str
    pinyin: str
    fuzzy: str

    def columns(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in COLUMNS}


def analyze_document(document) -> AnalyzedDocument:
    """Tokens for a ``SearchDocument`` (see ``search.protocols``)."""
    names = [document.title, *document.aliases, *document.keywords]
    exact, fuzzed = pinyin_tokens(names)
    return AnalyzedDocument(
        title=_join(text_tokens([document.title], singles=True)),
        aliases=_join(text_tokens(document.aliases, singles=True)),
        keywords=_join(text_tokens(document.keywords, singles=True)),
        body=_join(body_tokens(document.body)),
        pinyin=_join(exact),
        fuzzy=_join(fuzzed),
    )


def text_tokens(texts: Iterable[str], *, singles: bool) -> Iterator[str]:
    for text in texts:
        yield from _name_tokens(text, singles)


@lru_cache(maxsize=50_000)
def _name_tokens(text: str, singles: bool) -> tuple[str, ...]:
    """Memoised: names, aliases and keywords repeat across documents."""
    tokens: list[str] = []
    for run in runs(text):
        if not is_cjk(run):
            tokens.append(run)
            continue
        tokens += _search_words(run)
        tokens += bigrams(run)
        if singles or len(run) == 1:
            tokens += run
    return tuple(tokens)


def body_tokens(body: str) -> Iterator[str]:
    for run in runs(body):
        yield from _search_words(run) if is_cjk(run) else (run,)


@lru_cache(maxsize=100_000)
def _search_words(run: str) -> tuple[str, ...]:
    """Search-mode words of a CJK run; material names and phrases repeat."""
    return tuple(get_segmenter().cut_for_search(run))


def pinyin_tokens(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """Exact and fuzzy pinyin tokens of short texts (names, aliases, topics)."""
    exact: list[str] = []
    fuzzed: list[str] = []
    for text in texts:
        text_exact, text_fuzzy = _text_pinyin(text)
        exact += text_exact
        fuzzed += text_fuzzy
    return unique(exact), unique(fuzzed)


@lru_cache(maxsize=50_000)
def _text_pinyin(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Memoised: topics, departments and aliases repeat across documents."""
    segmenter = get_segmenter()
    exact: list[str] = []
    fuzzed: list[str] = []
    for run in filter(is_cjk, runs(text)):
        words = segmenter.cut(run)
        sounds = [s for word in words for s in syllables(word)]
        exact += syllable_bigrams(sounds, "p_")
        fuzzed += syllable_bigrams([fuzzy(s) for s in sounds], "f_")
        exact += _initials(words, segmenter.cut_for_search(run), run)
    return tuple(exact), tuple(fuzzed)


def syllable_bigrams(sounds: list[str], prefix: str) -> Iterator[str]:
    for first, second in zip(sounds, sounds[1:], strict=False):
        yield f"{prefix}{first}_{second}"


def _initials(words, search_words, run) -> Iterator[str]:
    for word in (*words, *search_words):
        if len(word) > 1:
            yield "i_" + initials(word)
    if 2 < len(run) <= MAX_PHRASE_INITIALS:
        yield "i_" + "".join(initials(w) for w in words)


def _join(tokens: Iterable[str]) -> str:
    return " ".join(unique(tokens))
