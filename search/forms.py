"""Reading search parameters from a request, with limits."""

from .index import facet_names, kind_labels
from .query import SearchRequest

REGION_COOKIE = "banshi_region"


def filter_names() -> tuple[str, ...]:
    """Facets a request filters on; ``type`` filters through ``kinds`` instead."""
    return tuple(name for name in facet_names() if name != "type")


def display_facets() -> tuple[str, ...]:
    """Facets shown on the results page, ``type`` first (the sources' declarations)."""
    return facet_names()


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_request_from(params, *, cookies=None, per_page=10) -> SearchRequest:
    """A SearchRequest from query parameters (``q``, ``region``, ``type``, facets)."""
    kind = params.get("type", "")
    kind = kind if kind in kind_labels() else ""
    preferred = params.get("region") or (cookies or {}).get(REGION_COOKIE, "")
    filters = {name: params[name] for name in filter_names() if params.get(name)}
    if "region" in filters and not params.get("region_filter"):
        # ?region= is a preference, not a filter, unless region_filter=1.
        filters.pop("region")
    return SearchRequest(
        q=params.get("q", ""),
        region=preferred[:12],
        kinds=(kind,) if kind else (),
        filters=filters,
        page=_int(params.get("page"), 1),
        per_page=_int(params.get("limit"), per_page),
    )
