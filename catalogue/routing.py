"""Public addresses of catalogue objects, served by ``CatalogueIndexPage``."""

from django.urls import NoReverseMatch


def index_page(request=None):
    """The live catalogue index of the current site (or the first one)."""
    from .models import CatalogueIndexPage

    cached = getattr(request, "_catalogue_index_page", None)
    if cached is not None:
        return cached
    pages = CatalogueIndexPage.objects.live()
    site = getattr(request, "site", None) if request else None
    page = None
    if site is not None:
        page = pages.descendant_of(site.root_page, inclusive=True).first()
    page = page or pages.first()
    if request is not None and page is not None:
        request._catalogue_index_page = page
    return page


def subpage_url(name, args=(), request=None):
    page = index_page(request)
    if page is None:
        return ""
    try:
        return page.get_url(request) + page.reverse_subpage(name, args=args)
    except NoReverseMatch:
        return ""


def item_url(code, request=None):
    return subpage_url("item", args=[code], request=request)


def item_path(code, base=None):
    """The item's path on the sites that serve the catalogue (``/items/<code>/``).

    Search documents store this path, not an absolute address: a hit must
    open on whatever host and port the visitor uses (both demo sites, a
    proxy), and Wagtail builds absolute addresses from a Site's root.
    ``base`` is ``index_path()``, for callers that build many paths.
    """
    base = index_path() if base is None else base
    return f"{base}{code}/" if base else ""


def index_path():
    """The catalogue index page's path within its site ('' without one)."""
    page = index_page()
    parts = page.get_url_parts() if page is not None else None
    return parts[2] if parts else ""
