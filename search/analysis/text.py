"""Text normalisation and splitting shared by document and query analysis.

Tokens are restricted to CJK characters, ASCII letters, digits and ``_`` so
that every backend can take them verbatim (FTS5 ``unicode61 tokenchars '_'``,
PostgreSQL lexemes, an Elasticsearch whitespace analyzer) without quoting
surprises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"^[{CJK}]+$")
_TOKEN_OK = re.compile(rf"^[{CJK}a-z0-9_]+$")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def runs(text: str) -> list[str]:
    """Maximal runs of CJK characters or of ASCII letters/digits."""
    return _RUNS.findall(normalise(text))


def is_cjk(run: str) -> bool:
    return bool(_CJK_RUN.match(run))


def is_token(token: str) -> bool:
    return bool(_TOKEN_OK.match(token))


def bigrams(run: str) -> Iterator[str]:
    for i in range(len(run) - 1):
        yield run[i : i + 2]


def unique(tokens: Iterable[str]) -> list[str]:
    """Tokens in first-seen order, without duplicates or empty strings.

    Callers pass pieces of ``runs()`` (already safe); query tokens are
    checked with ``is_token`` once more before reaching a database.
    """
    found = dict.fromkeys(tokens)
    found.pop("", None)
    return list(found)
