"""Cached responses and the generation tokens that retire them.

An entry is stored under a key made of everything that can change the page
(site host, path, query, language, elderly mode, chosen region) and carries
the generations it was rendered under: the whole cache's, its path's and,
for listings, the listing group's.  Purging bumps a generation, so every
variant of a path (each language, mode and region) goes at once without
knowing their keys; one ``get_many`` reads an entry and its generations.

Generations are nanosecond stamps set once and never counted up, so a token
evicted from the cache comes back as a new value, never an old one.

Each process also keeps the entries it served and the generations it read
in memory (``_local``): for ``PAGE_CACHE_RECHECK_SECONDS`` (0.2 s) a hit
costs no round trip to Redis at all, so another process's purge shows
within that time, and the purging process's own at once.  A process that
finds its copy retired takes the entry another process has rendered since,
if there is one, rather than rendering the page itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

PREFIX = "pc:"
ALL = PREFIX + "g"
LISTINGS = PREFIX + "grp:listings"


# Tokens outlive every entry by far; one that expires comes back as a new
# value, which only retires entries, so 404 noise cannot grow the cache for ever.
TOKEN_SECONDS = 14 * 24 * 3600


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def path_token(path: str) -> str:
    digest = hashlib.sha1(path.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{PREFIX}p:{digest}"


def entry_key(parts: tuple[str, ...]) -> str:
    raw = "\x1f".join(parts).encode("utf-8")
    return PREFIX + "e:" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Entry:
    generations: tuple
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: float


def tokens_for(path: str, grouped: bool) -> tuple[str, ...]:
    tokens = (ALL, path_token(path))
    return (*tokens, LISTINGS) if grouped else tokens


class _Local:
    """This process's copy of recent entries and generations (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.tokens: dict[str, tuple[int | None, float]] = {}

    def generations(self, tokens, now, recheck):
        with self.lock:
            found = [self.tokens.get(token) for token in tokens]
        if any(f is None or now - f[1] > recheck for f in found):
            return None
        return {token: f[0] for token, f in zip(tokens, found, strict=True)}

    def remember_tokens(self, generations, now):
        with self.lock:
            self.tokens.update({t: (v, now) for t, v in generations.items()})

    def entry(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def remember_entry(self, key, entry, limit):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > limit:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.tokens.clear()


_local = _Local()


def lookup(key: str, path: str) -> tuple[Entry | None, dict]:
    """The entry under ``key`` if still current, and the generations read."""
    tokens = tokens_for(path, grouped=True)
    now, recheck = time.monotonic(), settings.PAGE_CACHE_RECHECK_SECONDS
    entry = _local.entry(key)
    generations = _local.generations(tokens, now, recheck) if entry else None
    if generations is None:
        wanted = list(tokens) if entry is not None else [key, *tokens]
        found = cache().get_many(wanted)
        generations = {token: found.get(token) for token in tokens}
        _local.remember_tokens(generations, now)
        if entry is not None and not _is_current(entry, generations):
            # Purged since this process kept it: another process may have
            # rendered the page again already, and serving its entry saves a
            # render in every process after each publish.
            entry = cache().get(key)
        elif entry is None:
            entry = found.get(key)
        if isinstance(entry, Entry) and _is_current(entry, generations):
            _local.remember_entry(key, entry, settings.PAGE_CACHE_LOCAL_ENTRIES)
    if not isinstance(entry, Entry) or not _is_current(entry, generations):
        return None, generations
    return entry, generations


def _is_current(entry, generations) -> bool:
    return isinstance(entry, Entry) and entry.generations == current(
        generations, len(entry.generations)
    )


def current(generations: dict, count: int) -> tuple:
    values = list(generations.values())
    return tuple(values[:count])


def store(key: str, entry: Entry, timeout: int) -> None:
    cache().set(key, entry, timeout)
    _local.remember_entry(key, entry, settings.PAGE_CACHE_LOCAL_ENTRIES)


def ensure(generations: dict) -> dict:
    """Fill in missing generations (set once, shared by every process)."""
    missing = [token for token, value in generations.items() if value is None]
    for token in missing:
        cache().add(token, time.time_ns(), TOKEN_SECONDS)
    if missing:
        generations = {**generations, **cache().get_many(missing)}
        _local.remember_tokens(generations, time.monotonic())
    return generations


def bump(tokens) -> None:
    """Retire every entry rendered under any of ``tokens``."""
    stamp = time.time_ns()
    generations = dict.fromkeys(tokens, stamp)
    cache().set_many(generations, TOKEN_SECONDS)
    _local.remember_tokens(generations, time.monotonic())


def forget_local() -> None:
    """Drop this process's copies (tests; a cache flushed from outside)."""
    _local.clear()
