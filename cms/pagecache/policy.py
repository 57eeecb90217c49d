"""Which served pages may be cached, and what retires them.

One declaration: ``CACHED_PAGES`` maps a page model to how its responses
depend on the catalogue.  ``"page"`` entries go when their own path is
purged; ``"listings"`` entries (home, browse, topic/department/life-event
lists) also go when any item changes, since each shows item counts or lists
that an item's publish, unpublish or change of topic alters.
"""

from __future__ import annotations

from django.utils import timezone

PAGE = "page"
LISTINGS = "listings"

# model label → group, or {route name: group} for routable pages ("*" = others)
CACHED_PAGES = {
    "cms.homepage": LISTINGS,
    "catalogue.catalogueindexpage": {"item": PAGE, "*": LISTINGS},
    "cms.guidepage": PAGE,
    "cms.videopage": PAGE,
    "cms.servicezonepage": PAGE,
}


def mark(request, page, args) -> None:
    """Called for every Wagtail page served (``before_serve_page``)."""
    group = CACHED_PAGES.get(page._meta.label_lower)
    if isinstance(group, dict):
        view = args[0] if args else None
        name = getattr(view, "__name__", "")
        group = group.get(name, group.get("*"))
    if group is None or page.get_view_restrictions().exists():
        return
    request.page_cache_group = group


def grouped(request) -> bool | None:
    """None: not cacheable; else whether the listing group retires it too."""
    group = getattr(request, "page_cache_group", None)
    return None if group is None else group == LISTINGS


def limit_until(request, moment) -> None:
    """Keep the page no longer than ``moment`` (a zone appearing or ending)."""
    seconds = int((moment - timezone.now()).total_seconds())
    current = getattr(request, "page_cache_until", None)
    request.page_cache_until = max(
        1, seconds if current is None else min(current, seconds)
    )


def timeout(request, seconds: int) -> int:
    until = getattr(request, "page_cache_until", None)
    return seconds if until is None else min(seconds, until)
