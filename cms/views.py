"""Operational endpoints."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def _search_engine_ok() -> bool | None:
    url = settings.ELASTICSEARCH_URL
    if not url:
        return None
    try:
        from elasticsearch import Elasticsearch

        return bool(Elasticsearch(url, request_timeout=2).ping())
    except Exception:  # noqa: BLE001
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_ok()}
    search_ok = _search_engine_ok()
    if search_ok is not None:
        checks["search_engine"] = search_ok
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
