"""Whole-response cache of public pages (guides, home, listings, content pages).

``middleware.PageCacheMiddleware`` serves and stores; ``policy`` says which
pages are cached; ``purge`` retires them when what they show changes;
``store`` holds entries and generation tokens in ``caches[PAGE_CACHE_ALIAS]``
(Redis in production).  See docs/decisions/0017-page-cache.md.
"""

from .purge import paths_for_items, purge_all, purge_paths

__all__ = ["paths_for_items", "purge_all", "purge_paths"]
