"""Per-client limits on submissions and look-ups, counted in the cache.

The client address is hashed before it becomes a cache key, so neither the
cache nor any log holds it.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from . import conf


def client_id(request) -> str:
    header = conf.get("CLIENT_IP_HEADER")
    address = (
        header and request.META.get(header, "").split(",")[0].strip()
    ) or request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def hit(request, scope: str, factor: int = 1) -> bool:
    """Count one attempt; False when the client is over ``factor`` × the limit."""
    window = conf.get("RATE_WINDOW_SECONDS")
    bucket = int(time.time() // window)
    key = f"formbuilder:rl:{scope}:{client_id(request)}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= conf.get("RATE_LIMIT") * factor
