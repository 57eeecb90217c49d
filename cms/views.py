"""Operational endpoints: liveness and readiness."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .readiness import readiness


@never_cache
def healthz(request):
    """Liveness: the process answers.  Dependencies are ``/readyz``'s business,
    so an outage of one never gets healthy app servers restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: 200 when every dependency answers, else 503 naming the ones down."""
    report = readiness()
    report["status"] = "ok" if report["ready"] else "error"
    return JsonResponse(report, status=200 if report["ready"] else 503)
