"""Which backend serves search, and where documents come from.

Sources are listed by dotted path in ``settings.SEARCH_DOCUMENT_SOURCES`` and
imported on first use (never at import time).  A source is any class with a
``kind`` and the two methods of ``search.protocols.DocumentSource``;
``iter_documents()`` yields every public document of that kind (``item``,
``guide``, ``video``, ``form``, …) and ``document_for(obj)`` one document or
None.  Adding guides, videos or forms means appending one dotted path; the
search app itself does not change.  Changes reach the index through
``services.apply_change`` (or a ``document_changed``-style signal handled in
``search.receivers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from . import conf
from .protocols import DocumentSource, SearchBackend


@cache
def get_backend() -> SearchBackend:
    """The process-wide backend: Elasticsearch when ``ELASTICSEARCH_URL`` is set."""
    if conf.elasticsearch_url():
        from .backends.elastic import ElasticBackend

        return ElasticBackend()
    from .backends.embedded import EmbeddedBackend

    return EmbeddedBackend()


@cache
def get_sources() -> tuple[DocumentSource, ...]:
    paths = getattr(settings, "SEARCH_DOCUMENT_SOURCES", ())
    return tuple(import_string(path)() for path in paths)


def iter_all_documents() -> Iterator:
    for source in get_sources():
        yield from source.iter_documents()


def kinds() -> frozenset[str]:
    """The ``type`` values there are: one per source."""
    return frozenset(source.kind for source in get_sources())


def closed_facets() -> dict[str, frozenset[str]]:
    """Facets whose values a source draws from a code list (``facet_choices``)."""
    choices: dict[str, set[str]] = {"type": set(kinds())}
    for source in get_sources():
        for name, values in getattr(source, "facet_choices", {}).items():
            choices.setdefault(name, set()).update(values)
    return {name: frozenset(values) for name, values in choices.items()}
