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
    """The parts' paths and component schemas in one document (names must not clash)."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Banshi API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
        "components": {"schemas": {}},
    }
    for part in parts:
        for section, target in (
            (part.get("paths", {}), document["paths"]),
            (
                part.get("components", {}).get("schemas", {}),
                document["components"]["schemas"],
            ),
        ):
            clash = set(section) & set(target)
            if clash:
                raise ValueError(f"OpenAPI parts both define {sorted(clash)}")
            target.update(section)
    return document


@require_GET
def openapi(request):
    document = merged_document(
        [form_services.openapi_document(), search_services.openapi_document()]
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
