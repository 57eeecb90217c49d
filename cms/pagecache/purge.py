"""What publishing, unpublishing and importing retire from the page cache.

An item's change (``catalogue.indexing.document_changed`` for a publish,
unpublish or delete; ``documents_changed`` for an import's apply) retires
the item's guide, the pages that link to it (Wagtail's reference index, the
lookup search uses for the same reason) and the listing group.  A page's
publish, unpublish or delete retires its path, the listings (home lists
zones) and the guides of the items it links to (they list it under "guides
and videos").  Anything else a page shows (regions, departments, topics,
halls, high-frequency lists, site settings, a page moved) retires the
whole cache: rare edits, cheap to re-render on demand.

Every purge runs when the transaction commits, so a request that read the
old rows and renders after the purge is stored under the old generation
and never served.  With a CDN configured (``WAGTAILFRONTENDCACHE``) the same
addresses are purged there through Wagtail's ``frontend_cache``.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from catalogue.indexing import (
    document_changed,
    documents_changed,
    item_code,
    references_to_items,
)
from catalogue.services import item_path

from . import policy, store


def purge_paths(paths, *, listings: bool = False) -> None:
    """Retire every cached variant of ``paths`` (and the listings) at commit."""
    tokens = [store.path_token(path) for path in set(paths) if path]
    if listings:
        tokens.append(store.LISTINGS)
    if tokens:
        transaction.on_commit(lambda: _bump(tokens, paths, listings))


def purge_all() -> None:
    transaction.on_commit(lambda: store.bump([store.ALL]))


def _bump(tokens, paths, listings) -> None:
    store.bump(tokens)
    _purge_frontend(paths, listings)


def paths_for_items(codes) -> set[str]:
    """Guides of the items ``codes`` and the cached pages that link to them."""
    codes = list(codes)
    paths = {item_path(code) for code in codes}
    references = references_to_items(codes)
    for model, ids in references.referrers.items():
        if model._meta.label_lower in policy.CACHED_PAGES:
            paths.update(_page_paths(model.objects.filter(pk__in=ids)))
    return paths


def paths_for_page(page) -> set[str]:
    paths = set(_page_paths([page]))
    codes = {link.item.implementation_code for link in _links(page, "item_links")}
    for attachment in _links(page, "attachments"):
        if attachment.target_type == "material":
            codes.add(attachment.target_key.partition("/")[0])
    return paths | {item_path(code) for code in codes if code}


def _links(page, name):
    related = getattr(page, name, None)
    return list(related.all()) if related is not None else []


def _page_paths(pages):
    for page in pages:
        parts = page.get_url_parts()
        if parts:
            yield parts[2]


# --- receivers --------------------------------------------------------------
def on_item_changed(sender, doc_id, **kwargs):
    code = item_code(doc_id)
    if code:
        purge_paths(paths_for_items([code]), listings=True)


# Past this many items an import retires the whole cache in one write
# instead of looking up and bumping a token per guide.
BULK_PURGE_ALL = 1000


def on_items_changed(sender, codes, **kwargs):
    codes = list(codes)
    if len(codes) > BULK_PURGE_ALL:
        purge_all()
    else:
        purge_paths(paths_for_items(codes), listings=True)


def on_page_changed(sender, instance, **kwargs):
    if instance._meta.label_lower not in policy.CACHED_PAGES:
        return
    if instance._meta.label_lower == "catalogue.catalogueindexpage":
        purge_all()  # every guide and listing is served under it
        return
    purge_paths(paths_for_page(instance), listings=True)


def on_layout_changed(sender, **kwargs):
    purge_all()


def connect() -> None:
    document_changed.connect(on_item_changed, dispatch_uid="pagecache-item")
    documents_changed.connect(on_items_changed, dispatch_uid="pagecache-items")
    for signal in (page_published, page_unpublished):
        signal.connect(on_page_changed, dispatch_uid=f"pagecache-page-{id(signal)}")
    for label in policy.CACHED_PAGES:
        model = apps.get_model(label)
        post_delete.connect(
            on_page_changed, sender=model, dispatch_uid=f"pagecache-del-{label}"
        )
    page_slug_changed.connect(on_layout_changed, dispatch_uid="pagecache-slug")
    post_page_move.connect(on_layout_changed, dispatch_uid="pagecache-move")
    for label in settings.PAGE_CACHE_FLUSH_MODELS:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(
                on_layout_changed,
                sender=model,
                dispatch_uid=f"pagecache-{label}-{id(signal)}",
            )


# --- CDN ----------------------------------------------------------------------
def _purge_frontend(paths, listings) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    paths = set(paths)
    if listings:
        paths.add("/")
    roots = [site.root_url for site in Site.objects.all()]
    purge_urls_from_cache(sorted(root + path for root in roots for path in paths))
