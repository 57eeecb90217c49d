"""What a citizen's query asks for, before its words are matched.

Spoken queries carry more than the need: greetings and hesitation (您好，请问
一下…), a question about one part of a guide (需要带什么 → materials, 要多少钱 →
fees, 多久能拿到 → time limit, 在哪里办 → place, 什么条件, 流程), a case of the
service (丢了 → replacement, 到期 → renewal, 改名 → change, 注销 …) or an
implementation code typed whole.  ``understand`` separates them:

- ``text`` is what is left to match: fillers and question phrases removed;
- ``parts`` are the guide parts asked about (in the query's order);
- ``variants`` the cases asked for (``catalogue.constants.ItemVariant`` codes);
- ``codes`` the code-like pieces (``HC-SJ-001``), matched as codes, never
  read as pinyin initials.

Phrases live in ``data/query_phrases.txt`` and ``data/variant_words.txt``;
a phrase of one character counts only as a word of its own (补 in 补一张,
never in 补贴).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .segmenter import DATA_DIR, get_segmenter
from .stopwords import is_stopword
from .text import normalise

PHRASES_FILE = DATA_DIR / "query_phrases.txt"
VARIANTS_FILE = DATA_DIR / "variant_words.txt"
FILLER = "filler"
# A code: letters/digits joined by hyphens (HC-SJ-001, a national 实施编码
# 511A0138000000-511602000000-000-…), or one long mixed run of letters and digits.
CODE = re.compile(
    r"(?<![a-z0-9])(?:[a-z0-9]+(?:-[a-z0-9]+)+|(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{8,})(?![a-z0-9])"
)


@dataclass(frozen=True)
class Understanding:
    text: str
    parts: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @property
    def part(self) -> str:
        """The guide part the question asks about first ("" for none)."""
        return self.parts[0] if self.parts else ""


@lru_cache(maxsize=4096)
def understand(query: str) -> Understanding:
    """Memoised: a pure function of the text (the phrase files are read once)."""
    text = normalise(query)
    codes = tuple(dict.fromkeys(m.group(0) for m in CODE.finditer(text)))
    text = CODE.sub(" ", text)
    variants = _found(text, variant_words())
    # Parts in the order the query asks them (多少钱，多久 → fees, then time).
    first: dict[str, int] = {}
    for group, phrase in _matches(text, question_phrases()):
        if group != FILLER:
            first[group] = min(first.get(group, len(text)), max(text.find(phrase), 0))
    parts = sorted(first, key=first.__getitem__)
    kept = _remove(text, question_phrases())
    return Understanding(
        text=" ".join(kept.split()),
        parts=tuple(parts),
        variants=tuple(variants),
        codes=codes,
    )


def _found(text: str, table: list[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for group, _phrase in _matches(text, table):
        if group not in found:
            found.append(group)
    return found


def _matches(text: str, table: list[tuple[str, str]]):
    """(group, phrase) of every phrase in ``text``, longest phrases first."""
    words = None
    for group, phrase in table:
        if len(phrase) > 1:
            if phrase in text:
                yield group, phrase
            continue
        if words is None:
            words = set(get_segmenter().cut(text))
        if phrase in words:
            yield group, phrase


def _remove(text: str, table: list[tuple[str, str]]) -> str:
    """``text`` without the table's phrases (single characters as words only)."""
    text = _cover(text, [phrase for _group, phrase in table if len(phrase) > 1])
    singles = {phrase for _group, phrase in table if len(phrase) == 1}
    words = get_segmenter().cut(text)
    return "".join(" " if _is_filler_word(word, singles) else word for word in words)


def _cover(text: str, phrases: list[str]) -> str:
    """``text`` with the most characters phrases can cover blanked out.

    Phrases overlap (谢谢您 / 您好 in 谢谢您好): a greedy pass would leave 好.
    Dynamic programming over positions keeps the cover that blanks most.
    """
    starts: dict[str, list[str]] = {}
    for phrase in phrases:
        starts.setdefault(phrase[0], []).append(phrase)
    size = len(text)
    best = [0] * (size + 1)  # characters covered in text[i:]
    choice: list[str | None] = [None] * (size + 1)
    for i in range(size - 1, -1, -1):
        best[i], choice[i] = best[i + 1], None
        for phrase in starts.get(text[i], ()):
            if (
                text.startswith(phrase, i)
                and len(phrase) + best[i + len(phrase)] > best[i]
            ):
                best[i], choice[i] = len(phrase) + best[i + len(phrase)], phrase
    out, i = [], 0
    while i < size:
        if choice[i]:
            out.append(" ")
            i += len(choice[i])
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _is_filler_word(word: str, singles: set[str]) -> bool:
    """A filler character, alone or repeated (嗯, 啊啊啊, 吗吗)."""
    if len(set(word)) != 1:
        return False
    return word[0] in singles or (len(word) > 1 and is_stopword(word[0]))


@cache
def question_phrases() -> list[tuple[str, str]]:
    return _read(PHRASES_FILE)


@cache
def variant_words() -> list[tuple[str, str]]:
    return _read(VARIANTS_FILE)


def _read(path) -> list[tuple[str, str]]:
    """(group, phrase) pairs, longest phrase first (so 多久能拿到 beats 多久)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        group, _sep, phrases = line.partition(":")
        for phrase in phrases.split(","):
            phrase = normalise(phrase)
            if phrase:
                pairs.append((group.strip(), phrase))
    pairs.sort(key=lambda pair: -len(pair[1]))
    return pairs
