"""Which backend serves search, and where documents come from.

Sources are listed by dotted path in ``settings.SEARCH_DOCUMENT_SOURCES`` and
imported on first use (never at import time).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .backends.embedded import EmbeddedBackend
from .protocols import DocumentSource, SearchBackend


@cache
def get_backend() -> SearchBackend:
    """The process-wide backend (embedded; Elasticsearch to come)."""
    return EmbeddedBackend()


@cache
def get_sources() -> tuple[DocumentSource, ...]:
    paths = getattr(settings, "SEARCH_DOCUMENT_SOURCES", ())
    return tuple(import_string(path)() for path in paths)


def iter_all_documents() -> Iterator:
    for source in get_sources():
        yield from source.iter_documents()
