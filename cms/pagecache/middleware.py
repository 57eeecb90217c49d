"""Serve public pages from the page cache; store the ones that may be shared.

A request may be answered from the cache when it is an anonymous GET/HEAD
with no pending messages.  A response is stored only when the page served
was marked cacheable (``policy.mark`` from the ``before_serve_page`` hook),
answered 200 with HTML, set no cookie, asked for no privacy and used no CSRF
token (a page with a POST form must not hand one visitor's token to all).
Hits answer ``If-None-Match``/``If-Modified-Since`` with 304.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from ..middleware import chosen_language
from ..regions import REGION_COOKIE
from . import policy, store

_REGION_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# Hop-by-hop or per-visitor headers never replayed from the cache.
_DROPPED_HEADERS = {"set-cookie", "vary", "content-language", "date"}
HIT_HEADER = "X-Page-Cache"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _may_serve_shared(request):
            return self.get_response(request)
        key, path = _variant_key(request), request.path
        entry, generations = store.lookup(key, path)
        if entry is not None:
            return _from_entry(request, entry)
        generations = store.ensure(generations)
        response = self.get_response(request)
        grouped = policy.grouped(request)
        if grouped is None or not _may_store(request, response):
            return response
        entry = _to_entry(response, generations, grouped)
        store.store(key, entry, policy.timeout(request, seconds))
        return _with_validators(response, entry, "miss")


def _may_serve_shared(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES)):
        return False
    if "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Only then can the visitor be logged in or have messages waiting.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if request.session.get("_messages"):
            return False
    return True


def _variant_key(request) -> str:
    region = request.COOKIES.get(REGION_COOKIE, "")
    region = region if _REGION_CODE.match(region) else ""
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    return store.entry_key(
        (
            request.get_host().lower(),
            request.path,
            query,
            chosen_language(request),
            "elder" if getattr(request, "elder_mode", False) else "",
            region,
        )
    )


def _may_store(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if getattr(response, "streaming", False) or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page rendered a CSRF token (a POST form)
    return b'name="csrfmiddlewaretoken"' not in response.content


def _to_entry(response, generations, grouped) -> store.Entry:
    content = response.content
    count = 3 if grouped else 2
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in _DROPPED_HEADERS
    )
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()[:20]
    return store.Entry(
        generations=store.current(generations, count),
        status=response.status_code,
        headers=headers,
        content=content,
        etag=f'"{digest}"',
        last_modified=time.time(),
    )


def _from_entry(request, entry: store.Entry):
    if _not_modified(request, entry):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
    return _with_validators(response, entry, "hit")


def _not_modified(request, entry) -> bool:
    tags = request.META.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        return entry.etag in [t.strip() for t in tags.split(",")] or tags == "*"
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(entry.last_modified) <= since


def _with_validators(response, entry, state):
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    response[HIT_HEADER] = state
    # Phones keep the page but ask again each time: a 304 costs almost nothing.
    patch_cache_control(response, max_age=0, must_revalidate=True)
    if settings.PAGE_CACHE_CDN_SECONDS:
        patch_cache_control(
            response, public=True, s_maxage=settings.PAGE_CACHE_CDN_SECONDS
        )
    return response
