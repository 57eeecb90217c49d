"""Suggest-as-you-type over titles and aliases: Chinese, pinyin or initials."""

from __future__ import annotations

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
    if any(is_cjk(run) for run in runs(prefix)):
        lookups = [{"text__startswith": normalise(prefix).strip()[:MAX_PREFIX]}]
        lookups.append({"text__contains": normalise(prefix).strip()[:MAX_PREFIX]})
    else:
        lookups = [{"pinyin__startswith": typed}, {"initials__startswith": typed}]
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
