"""Cached responses and the generation tokens that retire them.

An entry is stored under a key made of everything that can change the page
(site host, path, query, language, elderly mode, chosen region) and carries
the generations it was rendered under: the whole cache's, its path's and,
for listings, the listing group's.  Purging bumps a generation, so every
variant of a path (each language, mode and region) goes at once without
knowing their keys; one ``get_many`` reads an entry and its generations.

Generations are nanosecond stamps set once and never counted up, so a token
evicted from the cache comes back as a new value, never an old one.
"""

from __future__ import annotations

import hashlib
import time
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


def lookup(key: str, path: str) -> tuple[Entry | None, dict]:
    """The entry under ``key`` if still current, and the generations read."""
    tokens = tokens_for(path, grouped=True)
    found = cache().get_many([key, *tokens])
    generations = {token: found.get(token) for token in tokens}
    entry = found.get(key)
    if entry is None or not isinstance(entry, Entry):
        return None, generations
    if entry.generations != current(generations, len(entry.generations)):
        return None, generations
    return entry, generations


def current(generations: dict, count: int) -> tuple:
    values = list(generations.values())
    return tuple(values[:count])


def store(key: str, entry: Entry, timeout: int) -> None:
    cache().set(key, entry, timeout)


def ensure(generations: dict) -> dict:
    """Fill in missing generations (set once, shared by every process)."""
    missing = [token for token, value in generations.items() if value is None]
    for token in missing:
        cache().add(token, time.time_ns(), TOKEN_SECONDS)
    if missing:
        generations = {**generations, **cache().get_many(missing)}
    return generations


def bump(tokens) -> None:
    """Retire every entry rendered under any of ``tokens``."""
    stamp = time.time_ns()
    cache().set_many(dict.fromkeys(tokens, stamp), TOKEN_SECONDS)
