"""Per-client limits on submissions, uploads and look-ups.

Counting must be atomic: a read-then-write (the file cache's ``add`` and
``incr``) let 20 parallel submissions through a limit of 10.  So each
attempt is one atomic increment, in Redis when the site cache is Redis
(``INCR`` and ``EXPIRE … NX`` in one ``MULTI``), else in the site database
(``RateCounter``, one upsert).  Both are shared by every app process.

The client address is hashed before it becomes a key, so neither the
counters nor any log hold it.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import connection

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
    count = counter().increment(key, window)
    return count <= conf.get("RATE_LIMIT") * factor


class RedisCounter:
    """``INCR`` and ``EXPIRE NX`` in one transaction on the cache's Redis."""

    def connection(self):
        from django_redis import get_redis_connection

        return get_redis_connection("default")

    def increment(self, key: str, window: int) -> int:
        pipeline = self.connection().pipeline(transaction=True)
        pipeline.incr(key)
        pipeline.expire(key, window + 1, nx=True)
        count, _expiry = pipeline.execute()
        return int(count)


class DatabaseCounter:
    """One upsert per attempt on ``RateCounter``; stale rows go on a window's
    first attempt."""

    def increment(self, key: str, window: int) -> int:
        from .models import RateCounter

        quote = connection.ops.quote_name
        table, key_column, count, expires_at = (
            quote(name)
            for name in (RateCounter._meta.db_table, "key", "count", "expires_at")
        )
        now = datetime.now(UTC)
        expires = connection.ops.adapt_datetimefield_value(
            now + timedelta(seconds=window + 1)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {count}, {expires_at}) "  # noqa: S608 - our own names
                f"VALUES (%s, 1, %s) ON CONFLICT ({key_column}) "
                f"DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}",
                [key, expires],
            )
            count = cursor.fetchone()[0]
        if count == 1:
            RateCounter.objects.filter(expires_at__lt=now).delete()
        return count


@cache
def _counter_for(backend: str):
    if backend.startswith("django_redis."):
        return RedisCounter()
    return DatabaseCounter()


def counter():
    """Redis when the site cache is Redis, else the database."""
    return _counter_for(settings.CACHES["default"]["BACKEND"])
