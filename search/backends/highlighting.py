"""Highlighted snippets, the same for every backend.

Matches are found in the original text two ways: the query's Chinese terms
(and synonyms) as substrings, and the query's sounds — typed pinyin
(``gongjijin``), initials (``sfz``) or homophones (公基金) — mapped back to
the characters whose syllables they match (公积金).  Everything but the
``<mark>`` tags is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape

from ..analysis.pinyin import fuzzy, reading_table, syllables
from ..analysis.segmenter import get_segmenter
from ..analysis.text import CJK, normalise

SUMMARY_CHARS = 80
_CJK_RUNS = re.compile(rf"[{CJK}]+")

Span = tuple[int, int]


class Highlighter:
    """Marks query matches in titles, aliases and summaries."""

    def __init__(
        self,
        terms: Iterable[str],
        sounds: Iterable[Sequence[str]] = (),
        initials: Iterable[str] = (),
    ):
        terms = [t for t in terms if t]
        self.pattern = _pattern(terms)
        self.sounds = [tuple(fuzzy(s) for s in seq) for seq in sounds if len(seq) > 1]
        self.initials = [i for i in initials if len(i) > 1]
        # A term's own sound, where the term is written in a text, marks what
        # the term marks already: hearing that text (a segmenter and pypinyin
        # call per word, most of a cold query's highlighting) is skipped.
        self.spelled: dict[tuple, set[str]] = {}
        for term in terms:
            heard = tuple(fuzzy(s) for s in term_sounds(term))
            self.spelled.setdefault(heard, set()).add(term)

    @classmethod
    def for_plan(cls, plan) -> Highlighter:
        """From a ``search.analysis.QueryPlan``."""
        return cls(plan.highlight_terms, plan.highlight_sounds, plan.highlight_initials)

    def render(self, title: str, aliases: Iterable[str], summary: str) -> str:
        """Title (plus a matching alias or summary passage) with matches marked."""
        parts = [self.mark(title)]
        for alias in aliases:
            spans = self.spans(alias)
            if spans:
                parts.append(_marked(alias, spans))
                break
        if summary and self.pattern and self.spans(summary, sounds=False):
            parts.append(self.mark(_window(summary, self.spans(summary, sounds=False))))
        return " · ".join(parts)

    def mark(self, text: str) -> str:
        return _marked(text, self.spans(text))

    def spans(self, text: str, *, sounds: bool = True) -> list[Span]:
        """Sorted, non-overlapping (start, end) matches in ``text``."""
        found: list[Span] = []
        if self.pattern:
            folded = normalise(text)
            source = folded if len(folded) == len(text) else text
            found += [m.span() for m in self.pattern.finditer(source)]
        if sounds and (self.sounds or self.initials):
            unheard = [s for s in self.sounds if not self._written(s, text)]
            if (unheard or self.initials) and self._may_sound(text, unheard):
                found += sound_spans(spoken(text), unheard, self.initials)
        return merge(found)

    def _written(self, sound: tuple, text: str) -> bool:
        return any(term in text for term in self.spelled.get(sound, ()))

    def _may_sound(self, text: str, sounds) -> bool:
        """False only when no sound or initials of the query can be in ``text``.

        Reading a text's pinyin in context (``spoken``) costs a pypinyin call
        per word, most of a cold query's highlighting; a title whose
        characters have none of the query's syllables under any reading
        cannot match, and is ruled out from a per-character table.
        """
        heard = possible_sounds(text)
        if heard is None:
            return True
        syllables, firsts = heard
        return any(set(wanted) <= syllables for wanted in sounds) or any(
            set(wanted) <= firsts for wanted in self.initials
        )


def _marked(text: str, spans: list[Span]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _pattern(terms) -> re.Pattern | None:
    useful = sorted({t for t in terms if t}, key=len, reverse=True)
    if any(len(t) > 1 for t in useful):
        useful = [t for t in useful if len(t) > 1]
    return re.compile("|".join(map(re.escape, useful))) if useful else None


class Spoken:
    """How a text sounds: per Chinese character its position and syllable."""

    __slots__ = ("firsts", "positions", "sounds")

    def __init__(self, text: str):
        positions: list[int] = []
        heard: list[str] = []
        for run in _CJK_RUNS.finditer(text):
            position = run.start()
            for word in get_segmenter().cut(run.group()):
                sounds = syllables(word)
                if len(sounds) != len(word):
                    sounds = tuple(syllables(char)[0] for char in word)
                positions += range(position, position + len(word))
                heard += sounds
                position += len(word)
        self.positions = positions
        self.sounds = [fuzzy(s) for s in heard]
        # Initials before fuzzy merging (n stays n): what citizens type.
        self.firsts = "".join(s[:1] for s in heard)

    def span(self, start: int, size: int) -> Span | None:
        """Text span of ``size`` characters from index ``start``, if adjacent."""
        first, last = self.positions[start], self.positions[start + size - 1]
        return (first, last + 1) if last - first == size - 1 else None


@lru_cache(maxsize=20_000)
def term_sounds(term: str) -> tuple[str, ...]:
    """A query term's syllables, as the query's sounds were made from it."""
    return tuple(s for word in get_segmenter().cut(term) for s in syllables(word))


@lru_cache(maxsize=20_000)
def spoken(text: str) -> Spoken:
    return Spoken(text)


@lru_cache(maxsize=20_000)
def possible_sounds(text: str) -> tuple[frozenset, frozenset] | None:
    """(fuzzy syllables, first letters) of every reading of ``text``'s
    characters, or None when a character's readings are not known."""
    table = reading_table()
    syllables: set[str] = set()
    for run in _CJK_RUNS.finditer(text):
        for char in run.group():
            readings = table.get(char)
            if readings is None:
                return None
            syllables |= readings
    firsts = frozenset(reading[:1] for reading in syllables)
    return frozenset(fuzzy(s) for s in syllables), firsts


def sound_spans(heard: Spoken, sounds, initials) -> list[Span]:
    """Runs of adjacent characters whose syllables (or first letters) match."""
    found = []
    for wanted in sounds:
        size = len(wanted)
        for i in range(len(heard.sounds) - size + 1):
            if (
                heard.sounds[i] == wanted[0]
                and tuple(heard.sounds[i : i + size]) == wanted
            ):
                found.append(heard.span(i, size))
    for wanted in initials:
        i = heard.firsts.find(wanted)
        while i >= 0:
            found.append(heard.span(i, len(wanted)))
            i = heard.firsts.find(wanted, i + 1)
    return [span for span in found if span]


def merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _window(text: str, spans: list[Span]) -> str:
    start = max(0, spans[0][0] - SUMMARY_CHARS // 2) if spans else 0
    snippet = text[start : start + SUMMARY_CHARS]
    return (
        ("…" if start else "")
        + snippet
        + ("…" if start + SUMMARY_CHARS < len(text) else "")
    )
