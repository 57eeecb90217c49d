"""A short-lived cache of answers, so a burst of the same query costs one search.

Keys are the normalised request (query text in NFKC, case-folded, spaces
collapsed; region, kinds, filters, page) and entries carry the index
generation they were computed under.  Every index write and synonym edit
bumps the generation when its transaction commits, shared by all processes
through the cache (Redis in production), so no answer outlives the index it
came from; ``SEARCH_CACHE_SECONDS`` (60) bounds the rest.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION = "search:generation"
# A generation token outlives every entry; an expired one only retires entries.
GENERATION_SECONDS = 14 * 24 * 3600


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def cached(kind: str, parts: tuple, compute):
    """``compute()``, or its answer for the same ``parts`` under this generation."""
    seconds = getattr(settings, "SEARCH_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute()
    key = _key(kind, parts)
    found = cache.get_many([key, GENERATION])
    generation = found.get(GENERATION)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        cache.add(GENERATION, time.time_ns(), GENERATION_SECONDS)
        generation = cache.get(GENERATION)
    answer = compute()
    cache.set(key, (generation, answer), seconds)
    return answer


def request_parts(request) -> tuple:
    return (
        normalise(request.q),
        request.region,
        tuple(sorted(request.kinds)),
        tuple(sorted(request.filters.items())),
        request.page,
        request.per_page,
    )


def index_changed() -> None:
    """Retire every cached answer once the current transaction commits."""
    transaction.on_commit(
        lambda: cache.set(GENERATION, time.time_ns(), GENERATION_SECONDS)
    )


def _key(kind: str, parts: tuple) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False)
    return f"search:{kind}:{digest.hexdigest()}"
