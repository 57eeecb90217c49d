"""A short-lived cache of answers, so a burst of the same query costs one search.

Keys are the normalised request (query text in NFKC, case-folded, spaces
collapsed; region, kinds, filters, page) and entries carry the index
generation they were computed under.  Every index write and synonym edit
bumps the generation when its transaction commits, shared by all processes
through the cache (Redis in production), so no answer outlives the index it
came from; ``SEARCH_CACHE_SECONDS`` (60) bounds the rest.

Each process keeps recent answers and the generation in memory too, and
re-reads the generation at most every ``SEARCH_CACHE_RECHECK_SECONDS``
(0.5 s): a repeated query then costs no round trip at all, and an index
write shows in every process within that time.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
import time
import unicodedata
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION = "search:generation"
# A generation token outlives every entry; an expired one only retires entries.
GENERATION_SECONDS = 14 * 24 * 3600


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


LOCAL_ENTRIES = 1000
_lock = threading.Lock()
_local: OrderedDict[str, tuple] = OrderedDict()  # key -> (generation, answer, expires)
_generation: list = [None, 0.0]  # value, monotonic time read


# Set while an answer is computed: a cached call inside another (the API's
# encoded body over ``services.search``) computes directly, because the outer
# entry already holds its answer — two cache round trips fewer per miss.
_outer = contextvars.ContextVar("search_query_cache_outer", default=False)


def cached(kind: str, parts: tuple, compute):
    """``compute()``, or its answer for the same ``parts`` under this generation."""
    seconds = getattr(settings, "SEARCH_CACHE_SECONDS", 0)
    if seconds <= 0 or _outer.get():
        return compute()
    key, now = _key(kind, parts), time.monotonic()
    recheck = getattr(settings, "SEARCH_CACHE_RECHECK_SECONDS", 0.5)
    with _lock:
        local = _local.get(key)
        fresh = _generation[0] is not None and now - _generation[1] <= recheck
        if local and fresh and local[0] == _generation[0] and local[2] > now:
            return local[1]
    found = cache.get_many([GENERATION] if local else [key, GENERATION])
    generation = found.get(GENERATION)
    entry = found.get(key) or (local and local[:2])
    if generation is None:
        cache.add(GENERATION, time.time_ns(), GENERATION_SECONDS)
        generation = cache.get(GENERATION)
    _remember_generation(generation, now)
    if entry and entry[0] == generation and (not local or local[2] > now):
        _remember(key, generation, entry[1], now + seconds)
        return entry[1]
    token = _outer.set(True)
    try:
        answer = compute()
    finally:
        _outer.reset(token)
    cache.set(key, (generation, answer), seconds)
    _remember(key, generation, answer, now + seconds)
    return answer


def _remember_generation(generation, now) -> None:
    with _lock:
        _generation[:] = [generation, now]


def _remember(key, generation, answer, expires) -> None:
    with _lock:
        _local[key] = (generation, answer, expires)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def warm_up() -> None:
    """Connect the cache and read the generation (without caching an answer)."""
    _remember_generation(cache.get(GENERATION), time.monotonic())


def forget_local() -> None:
    with _lock:
        _local.clear()
        _generation[:] = [None, 0.0]


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
    transaction.on_commit(_bump)


def _bump() -> None:
    generation = time.time_ns()
    cache.set(GENERATION, generation, GENERATION_SECONDS)
    _remember_generation(generation, time.monotonic())


def _key(kind: str, parts: tuple) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False)
    return f"search:{kind}:{digest.hexdigest()}"
