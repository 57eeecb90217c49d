"""Reading search parameters from a request, with limits."""

from .index import kinds
from .query import SearchRequest

FACET_NAMES = ("region", "department", "topic", "audience", "online_depth", "channel")
# Shown on the results page; ``type`` filters through ``kinds``, not a facet filter.
DISPLAY_FACETS = ("type", *FACET_NAMES)
REGION_COOKIE = "banshi_region"


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_request_from(params, *, cookies=None, per_page=10) -> SearchRequest:
    """A SearchRequest from query parameters (``q``, ``region``, ``type``, facets)."""
    kind = params.get("type", "")
    if kind not in kinds():
        kind = ""
    preferred = params.get("region") or (cookies or {}).get(REGION_COOKIE, "")
    filters = {name: params[name] for name in FACET_NAMES if params.get(name)}
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
