"""Second-stage ranking shared by every backend: what the query means.

The engine's score (bm25 / ts_rank / Lucene) ranks by matching tokens.  The
best ``DEPTH`` candidates are then re-scored with what the query understood
(``analysis.understanding``) and what the index knows:

- **variant**: a query that asks for no case prefers the basic one of a
  family (首次申领 before 补领/换领/注销); a query that says 丢了/到期/改/注销
  prefers that case.
- **distinctive words**: each content word of the query weighs its inverse
  document frequency in the index (learned, per process, from the index's
  own counts), and a candidate gains by the share of that weight its names
  (title, aliases) hold — a shared generic word (手续, 公司, 证) cannot carry
  another item past one that names the rare part of the query.
- **title precision**: of two items that both hold the query, the one whose
  name is mostly the query (居民身份证申领 for 身份证) ranks before one with
  more of its own (临时居民身份证申领).
- **popularity**: click-throughs per document (``analytics``), as a mild,
  bounded prior.

Each factor is bounded, so a strong textual match is never overturned by a
weak signal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..analysis.segmenter import get_segmenter
from ..analysis.stopwords import is_stopword
from ..analysis.synonyms import SynonymIndex
from ..analysis.text import bigrams, is_cjk, runs

DEPTH = 20
BASIC_VARIANTS = ("", "new")
ASKED_VARIANT = 1.35
OTHER_VARIANT = 0.8
COVERAGE_FLOOR = 0.7
# An engine score without document frequencies (PostgreSQL's ts_rank_cd)
# does not know a rare word from a common one; the second stage then
# weighs coverage more.
NO_IDF_COVERAGE_FLOOR = 0.3
PRECISION_FLOOR = 0.8
POPULARITY_WEIGHT = 0.15
# Parenthesised cases and the action words names end with (动作+对象 naming):
# the rest of a name is what an item is *about*.
BRACKETS = re.compile(r"[（(][^）)]*[）)]")
ACTIONS = re.compile(
    r"(申领|申请|登记|办理|核发|签发|备案|审批|许可|认定|开具|受理|报名|注册)$"
)
# What distinguishes the cases of one family in its members' names; the rest
# (the stem) is what they share: 居民身份证 in 居民身份证补领（遗失补领）.
CASE_WORDS = re.compile(
    r"补领|补发|补办|补换|遗失|挂失|换领|换证|换发|期满|有效期满|再次签注|注销|"
    r"简易|变更|更正|延续|首次|新办|设立|申领|申请|登记|办理|核发|签发|备案|与|和|及"
)
MIN_STEM = 2


@dataclass(frozen=True)
class Candidate:
    key: object  # the backend's id of the entry
    score: float
    title: str
    aliases: tuple[str, ...] = ()
    variant: str = ""
    doc_id: str = ""


@dataclass(frozen=True)
class QueryFeatures:
    """What the re-ranker needs from the query, computed once per search."""

    words: tuple[str, ...]  # content words (stopwords, fillers removed)
    weights: Mapping[str, float]  # word → inverse document frequency
    partners: Mapping[str, tuple[str, ...]]  # word → its synonyms
    characters: frozenset[str]  # every CJK character of the query and its synonyms
    variants: tuple[str, ...] = ()

    @property
    def asked_variants(self) -> frozenset[str]:
        return frozenset(v for v in self.variants if v not in BASIC_VARIANTS)


def query_features(
    text: str,
    variants: Iterable[str],
    synonyms: SynonymIndex,
    frequency: Callable[[list[str]], Mapping[str, int]],
    total: int,
) -> QueryFeatures:
    """Content words of ``text`` with their IDF from ``frequency`` (token → df)."""
    words = content_words(text)
    partners = {w: tuple(synonyms.expand(w)) for w in words}
    lookups = frequency_tokens(words)
    counts = frequency(lookups) if lookups else {}
    weights = {w: idf(_df(w, counts), total) for w in words}
    characters = set("".join(words))
    for terms in partners.values():
        characters.update("".join(terms))
    return QueryFeatures(
        tuple(words), weights, partners, frozenset(characters), tuple(variants)
    )


def frequency_tokens(words: list[str]) -> list[str]:
    """Tokens whose document counts ``query_features`` needs for ``words``."""
    return sorted({t for w in words for t in (w, *bigrams(w))})


def content_words(text: str) -> list[str]:
    words = []
    for run in runs(text):
        if not is_cjk(run):
            continue
        for word in get_segmenter().cut(run):
            if not is_stopword(word) and word not in words:
                words.append(word)
    return words


def _df(word: str, counts: Mapping[str, int]) -> int:
    """A word's document count, or (not a token itself) its rarest bigram's."""
    if counts.get(word):
        return counts[word]
    pieces = [counts.get(b, 0) for b in bigrams(word)]
    return min(pieces) if pieces and all(pieces) else counts.get(word, 0)


def idf(df: int, total: int) -> float:
    """Smoothed inverse document frequency (a word no name holds weighs most)."""
    return math.log(1 + (max(total, 1) + 1) / (df + 1))


def rerank(
    candidates: list[Candidate],
    features: QueryFeatures,
    popularity: Mapping[str, float] | None = None,
    *,
    coverage_floor: float = COVERAGE_FLOOR,
) -> list[tuple[object, float]]:
    """(key, score) of the first ``DEPTH`` candidates re-scored, then the rest."""
    head, tail = candidates[:DEPTH], candidates[DEPTH:]
    cases = any(c.variant not in BASIC_VARIANTS for c in head)
    variants = (
        family_variants(head)
        if cases or features.asked_variants
        else [frozenset()] * len(head)
    )
    scored = [
        (
            c.key,
            c.score
            * factor(c, features, popularity or {}, coverage_floor)
            * variant_factor(c.variant, features.asked_variants, variants[n]),
            n,
        )
        for n, c in enumerate(head)
    ]
    scored.sort(key=lambda row: (-row[1], row[2]))
    floor = scored[-1][1] if scored else 0.0
    rest = [(c.key, min(c.score, floor)) for c in tail]
    return [(key, score) for key, score, _n in scored] + rest


def factor(
    candidate: Candidate,
    features: QueryFeatures,
    popularity: Mapping[str, float],
    coverage_floor: float = COVERAGE_FLOOR,
) -> float:
    return (
        coverage_factor(candidate, features, coverage_floor)
        * precision_factor(candidate.title, features.characters)
        * popularity_factor(popularity.get(candidate.doc_id, 0.0))
    )


def variant_factor(
    variant: str, asked: frozenset[str], family: frozenset[str]
) -> float:
    """Prefer the case asked for (or the basic one) over its own family's others.

    ``family`` holds the variants of the candidates sharing this one's stem
    (itself included).  A case is only set back when its family has the one
    wanted: 死亡人员户口注销 has no basic sibling and keeps its place.
    """
    if not variant:
        return 1.0  # not a case of a family (guides, videos, forms)
    if asked:
        if variant in asked:
            return ASKED_VARIANT
        return OTHER_VARIANT if family & asked else 1.0
    if variant in BASIC_VARIANTS:
        return 1.0
    return OTHER_VARIANT if family & set(BASIC_VARIANTS) else 1.0


@lru_cache(maxsize=50_000)
def stem(title: str) -> str:
    return CASE_WORDS.sub("", BRACKETS.sub("", title))


def family_variants(candidates: list[Candidate]) -> list[frozenset[str]]:
    """Per candidate: the variants of the candidates of its family.

    A family is names whose stems contain one another (个体工商户 in
    个体工商户设立登记 / 个体工商户注销登记).
    """
    stems = [stem(c.title) for c in candidates]
    families = []
    for mine in stems:
        families.append(
            frozenset(
                other.variant
                for other, theirs in zip(candidates, stems, strict=True)
                if other.variant
                and len(mine) >= MIN_STEM
                and len(theirs) >= MIN_STEM
                and (mine in theirs or theirs in mine)
            )
        )
    return families


def coverage_factor(
    candidate: Candidate, features: QueryFeatures, floor: float = COVERAGE_FLOOR
) -> float:
    total = sum(features.weights.values())
    if not total:
        return 1.0
    names = " ".join((candidate.title, *candidate.aliases))
    held = sum(
        weight
        for word, weight in features.weights.items()
        if word in names or any(p in names for p in features.partners.get(word, ()))
    )
    return floor + (1 - floor) * held / total


def precision_factor(title: str, characters: frozenset[str]) -> float:
    """How much of the name's subject the query (with synonyms) accounts for."""
    letters = subject_letters(title)
    if not letters or not characters:
        return 1.0
    share = sum(ch in characters for ch in letters) / len(letters)
    return PRECISION_FLOOR + (1 - PRECISION_FLOOR) * share


@lru_cache(maxsize=50_000)
def subject_letters(title: str) -> tuple[str, ...]:
    """The CJK characters of what a name is about (cases and action words off)."""
    subject = ACTIONS.sub("", BRACKETS.sub("", title)) or title
    return tuple(ch for ch in subject if is_cjk(ch))


def popularity_factor(share: float) -> float:
    """``share`` in [0, 1]: this document's part of the clicks (decayed)."""
    return 1.0 + POPULARITY_WEIGHT * max(0.0, min(1.0, share))
