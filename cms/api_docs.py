"""One OpenAPI document for everything under ``/api/v1``.

The forms API and the search API each describe their own paths; the site
shell, which mounts both, serves them merged.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from formbuilder import services as form_services
from search import services as search_services

DESCRIPTION = (
    "Banshi's public API: published application forms (JSON Schema, submissions, "
    "status) and the citizen search. No session authentication."
)


def merged_document(parts: list[dict]) -> dict:
    """The parts' paths and components in one document.

    Each part is a valid document of its own, so parts may carry the same
    component (the error shape); a name two parts define differently is a
    mistake.
    """
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Banshi API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
        "components": {},
    }
    for part in parts:
        _merge(part.get("paths", {}), document["paths"], "paths")
        for section, entries in part.get("components", {}).items():
            target = document["components"].setdefault(section, {})
            _merge(entries, target, f"components.{section}")
    return document


def _merge(entries: dict, target: dict, where: str) -> None:
    clash = sorted(
        name for name in set(entries) & set(target) if entries[name] != target[name]
    )
    if clash:
        raise ValueError(f"OpenAPI parts define {where} {clash} differently")
    target.update(entries)


@require_GET
def openapi(request):
    document = merged_document(
        [form_services.openapi_document(), search_services.openapi_document()]
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
