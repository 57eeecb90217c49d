"""Query analysis: from what a citizen typed to the tokens to look up.

Produces tokens in the namespaces of ``documents.py``: Chinese words, bigrams
and single characters; ``p_``/``f_`` syllable bigrams (also from typed
pinyin); ``i_`` initials.  Region names in the query become a region
preference instead of required words; stopwords are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .documents import syllable_bigrams
from .pinyin import fuzzy, split_latin, syllables
from .segmenter import get_segmenter
from .stopwords import is_stopword, stop_syllable_runs
from .synonyms import SynonymIndex
from .text import bigrams, is_cjk, normalise, runs, unique

MAX_ANALYZED_LENGTH = 200
REGION_SUFFIXES = ("市", "省", "区", "县")


@dataclass(frozen=True)
class QueryPlan:
    tokens: list[str] = field(default_factory=list)
    highlight_terms: list[str] = field(default_factory=list)
    region_code: str = ""  # a region the query names (preferred, not required)
    # Syllable runs (typed pinyin, sounds of Chinese terms) and typed initials,
    # so highlighting can mark the characters they stand for.
    highlight_sounds: list[tuple[str, ...]] = field(default_factory=list)
    highlight_initials: list[str] = field(default_factory=list)


def analyze_query(
    text: str,
    synonyms: SynonymIndex | None = None,
    regions: Mapping[str, str] | None = None,
) -> QueryPlan:
    """Tokens, highlight terms and the region named in ``text`` (code → name map)."""
    query = normalise(text)[:MAX_ANALYZED_LENGTH]
    region_code, rest = find_region(query, regions or {})
    if region_code and not runs(rest):
        region_code, rest = "", query
    tokens, terms = _tokens(rest)
    sounds, firsts = spoken_parts(rest, terms)
    for term in (synonyms or SynonymIndex()).expand(" ".join(terms)):
        tokens += [term, *get_segmenter().cut_for_search(term)]
        terms.append(term)
    return QueryPlan(
        unique(tokens), unique(terms), region_code, unique(sounds), unique(firsts)
    )


def spoken_parts(query: str, terms: list[str]) -> tuple[list[tuple], list[str]]:
    """Syllable runs and initials a query stands for (for highlighting only)."""
    sounds = [
        tuple(s for word in get_segmenter().cut(term) for s in syllables(word))
        for term in terms
    ]
    firsts = []
    for run in runs(query):
        if is_cjk(run) or run.isdigit():
            continue
        split = split_latin(run)
        if split:
            sounds.append(_without_stop_syllables(split))
        elif len(run) > 1:
            firsts.append(run)
    return [s for s in sounds if len(s) > 1], firsts


def find_region(query: str, regions: Mapping[str, str]) -> tuple[str, str]:
    """The first region whose name (or its pinyin) the query contains, removed."""
    for code, name in regions.items():
        for key in region_keys(name):
            if key in query:
                return code, query.replace(key, " ")
    return "", query


def region_keys(name: str) -> list[str]:
    stem = name[:-1] if name.endswith(REGION_SUFFIXES) and len(name) > 2 else name
    keys = [name, stem] if stem != name else [name]
    return [*keys, "".join(syllables(stem))]


def _tokens(query: str) -> tuple[list[str], list[str]]:
    tokens: list[str] = []
    terms: list[str] = []
    for run in runs(query):
        if is_cjk(run):
            for segment in _content_segments(run):
                tokens += _segment_tokens(segment)
                terms.append("".join(segment))
        else:
            tokens += latin_tokens(run)
    return tokens, terms


def _content_segments(run: str) -> Iterator[list[str]]:
    """Runs of consecutive non-stopwords, as word lists."""
    segment: list[str] = []
    for word in get_segmenter().cut(run):
        if is_stopword(word):
            if segment:
                yield segment
            segment = []
        else:
            segment.append(word)
    if segment:
        yield segment


def _segment_tokens(words: list[str]) -> list[str]:
    joined = "".join(words)
    tokens = list(words)
    for word in words:
        if len(word) > 2:
            tokens += get_segmenter().cut_for_search(word)
    tokens += bigrams(joined)
    sounds = [s for word in words for s in syllables(word)]
    tokens += syllable_bigrams(sounds, "p_")
    tokens += fuzzy_bigrams(sounds)
    return tokens


def fuzzy_bigrams(sounds) -> list[str]:
    """``f_`` bigrams only where fuzzy merging changes a syllable.

    Where it changes nothing the ``f_`` token matches exactly the documents
    the ``p_`` token matches, so it would add work, not recall.
    """
    pairs = zip(sounds, sounds[1:], strict=False)
    return [
        f"f_{fuzzy(a)}_{fuzzy(b)}" for a, b in pairs if fuzzy(a) != a or fuzzy(b) != b
    ]


def latin_tokens(run: str) -> list[str]:
    """Typed pinyin (full or initials), or a plain word/number such as "sc"."""
    if run.isdigit():
        return [run]
    split = split_latin(run) or ()
    sounds = _without_stop_syllables(split)
    if split and not sounds:
        return []
    tokens = [run]
    if len(sounds) > 1:
        tokens += syllable_bigrams(list(sounds), "p_")
        tokens += fuzzy_bigrams(sounds)
        tokens.append("i_" + "".join(s[0] for s in sounds))
    elif not sounds and len(run) > 1:
        tokens.append("i_" + run)
    return tokens


def _without_stop_syllables(sounds: tuple[str, ...]) -> tuple[str, ...]:
    for stop in sorted(stop_syllable_runs(), key=len, reverse=True):
        sounds = _remove_run(sounds, stop)
    return sounds


def _remove_run(sounds: tuple[str, ...], stop: tuple[str, ...]) -> tuple[str, ...]:
    size = len(stop)
    i = 0
    kept: list[str] = []
    while i < len(sounds):
        if sounds[i : i + size] == stop:
            i += size
        else:
            kept.append(sounds[i])
            i += 1
    return tuple(kept)
