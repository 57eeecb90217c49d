"""Suggest-as-you-type over titles and aliases: Chinese, pinyin or initials."""

from __future__ import annotations

from django.db import connections

from ..analysis.spelling import spell
from ..analysis.text import is_cjk, normalise, runs
from ..models import IndexSuggestion
from .base import SUGGEST_TITLE_WEIGHT as TITLE_WEIGHT

MAX_PREFIX = 50


def suggestion_rows(pk: int, doc):
    texts = dict.fromkeys([doc.title, *doc.aliases])
    for text in texts:
        if text:
            sound, first = spell(text)
            weight = (doc.boost or 1.0) * (TITLE_WEIGHT if text == doc.title else 1.0)
            yield pk, text[:500], sound, first, weight


def suggest_texts(using: str, prefix: str, limit: int = 8) -> list[str]:
    """Titles/aliases starting with (or, for Chinese, containing) ``prefix``."""
    typed = "".join(runs(prefix))[:MAX_PREFIX]
    limit = max(1, min(int(limit), 50))
    if not typed:
        return []
    rows = IndexSuggestion.objects.using(using)
    vendor = connections[using].vendor
    if any(is_cjk(run) for run in runs(prefix)):
        text = normalise(prefix).strip()[:MAX_PREFIX]
        lookups = [_starting("text", text, vendor), {"text__contains": text}]
    else:
        lookups = [
            _starting("pinyin", typed, vendor),
            _starting("initials", typed, vendor),
        ]
    found: dict[str, None] = {}
    for lookup in lookups:
        query = (
            rows.filter(**lookup)
            .order_by("-weight", "text")
            .values_list("text", flat=True)
        )
        found.update(dict.fromkeys(query[: limit * 4]))
        if len(found) >= limit:
            break
    return list(found)[:limit]


def _starting(column: str, prefix: str, vendor: str) -> dict:
    """Lookups for values of ``column`` starting with ``prefix``.

    SQLite's LIKE ignores ASCII case, so its planner cannot use the column's
    (case-sensitive) index for ``startswith`` and scanned every suggestion
    per keystroke; the range of strings from the prefix up to the prefix
    followed by the last code point is the same set and is read from the index.
    """
    lookup = {f"{column}__startswith": prefix}
    if vendor == "sqlite" and prefix:
        lookup |= {f"{column}__gte": prefix, f"{column}__lt": prefix + LAST_CODE_POINT}
    return lookup


LAST_CODE_POINT = "\U0010ffff"
