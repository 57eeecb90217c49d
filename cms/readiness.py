"""Readiness: can this app server do its work?  Each dependency named.

Liveness (``/healthz``) only says the process answers; a load balancer
restarts on that.  Readiness (``/readyz``) says whether to send it traffic:
the database, the cache (Redis in production: page cache, rate limits,
import progress), a live background worker when tasks wait for one, and
the search backend (for Elasticsearch: the cluster answers and the alias
exists).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.utils.crypto import get_random_string


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return False, type(exc).__name__
    return True, "ok"


def check_cache() -> tuple[bool, str]:
    key, value = "readiness:probe", get_random_string(12)
    try:
        cache.set(key, value, 10)
        if cache.get(key) != value:
            return False, "a value written could not be read back"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    return True, "ok"


def check_worker() -> tuple[bool, str]:
    from .worker import worker_status

    try:
        status = worker_status()
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    if status.ready:
        return True, f"{len(status.workers)} alive" if status.required else "in-process"
    return False, f"no worker beat recently; {status.queued} tasks queued"


def check_search() -> tuple[bool, str]:
    from search import services as search_services

    try:
        return search_services.backend_health()
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "worker": check_worker,
    "search": check_search,
}


def readiness() -> dict:
    results = {name: check() for name, check in CHECKS.items()}
    return {
        "ready": all(ok for ok, _detail in results.values()),
        "checks": {name: {"ok": ok, "detail": d} for name, (ok, d) in results.items()},
    }
