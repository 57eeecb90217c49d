"""Helpers every search backend shares: analysis context, highlighting, hits.

Synonym groups and region names are read from the database at most once per
``CONTEXT_TTL`` seconds per process (and dropped at once when this process
changes them), so a query costs no extra round trips.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from ..analysis import SynonymIndex

CONTEXT_TTL = 60.0
# Suggestions: a title outranks an alias of the same document.
SUGGEST_TITLE_WEIGHT = 2.0

_context: dict[str, tuple[float, object]] = {}
_forget_hooks: list[Callable[[], None]] = []


def facet_names() -> tuple[str, ...]:
    """Facet names the registered sources declare (``search.index``)."""
    from ..index import facet_names as declared

    return declared()


def register_forget(hook: Callable[[], None]) -> None:
    """Call ``hook`` whenever all cached context is dropped."""
    _forget_hooks.append(hook)


def cached(key: str, load: Callable[[], object]):
    """``load()`` once per ``CONTEXT_TTL`` per process."""
    now = time.monotonic()
    hit = _context.get(key)
    if hit is None or now - hit[0] > CONTEXT_TTL:
        hit = (now, load())
        _context[key] = hit
    return hit[1]


def forget(*keys: str) -> None:
    """Drop cached context, e.g. after synonym edits or index writes."""
    for key in keys or list(_context):
        _context.pop(key, None)
    # Index writes and synonym edits change answers in every process.
    from ..query_cache import index_changed

    index_changed()
    if not keys:
        for hook in _forget_hooks:
            hook()


def is_public(document) -> bool:
    """Sources yield public documents; one may still say ``public = False``."""
    return bool(getattr(document, "public", True))


def current_synonyms() -> SynonymIndex:
    from ..models import SynonymGroup

    def load():
        rows = SynonymGroup.objects.filter(enabled=True).only("terms")
        return SynonymIndex(row.term_list for row in rows)

    return cached("synonyms", load)


def wanted_filters(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    """Known facet filters with a value; unknown names are ignored, not errors."""
    names = facet_names()
    return [
        (name, str(value)[:200])
        for name, value in (filters or {}).items()
        if name in names and value
    ]


def facet_keys(facets: Mapping[str, Iterable[str]]) -> str:
    """Facet values as "name=value" lines (values never contain newlines)."""
    names = facet_names()
    return "\n".join(
        f"{name}={' '.join(str(value).split())[:200]}"
        for name, values in facets.items()
        if name in names
        for value in values
        if value
    )


def count_facet_keys(keys: Iterable[str]) -> list[tuple[str, str, int]]:
    """(name, value, count) over the "name=value" lines of every match."""
    counts = Counter(line for text in keys if text for line in text.split("\n"))
    return [(*line.split("=", 1), count) for line, count in counts.items()]


def count_facet_groups(
    groups: Iterable[tuple[str, int]],
) -> list[tuple[str, str, int]]:
    """Like ``count_facet_keys`` over (facet keys, number of matches) pairs."""
    counts: Counter[str] = Counter()
    for text, number in groups:
        if not text:
            continue
        for line in text.split("\n"):
            counts[line] += number
    return [(*line.split("=", 1), count) for line, count in counts.items()]


def group_facets(
    rows: Iterable[tuple[str, str, int]],
) -> dict[str, list[tuple[str, int]]]:
    """(name, value, count) rows → name → [(value, count)], most frequent first."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in facet_names()}
    for name, value, count in rows:
        if name in facets:
            facets[name].append((value, int(count)))
    for values in facets.values():
        values.sort(key=lambda pair: (-pair[1], pair[0]))
    return facets


def highlight(title: str, aliases: Iterable[str], summary: str, terms) -> str:
    """Title (plus a matching alias or summary line) with ``terms`` in <mark>.

    Backends use ``highlighting.Highlighter.for_plan`` to mark pinyin too.
    """
    from .highlighting import Highlighter

    return Highlighter(terms).render(title, aliases, summary)
