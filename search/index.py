"""Which backend serves search, and where documents come from.

Sources are listed by dotted path in ``settings.SEARCH_DOCUMENT_SOURCES`` and
imported on first use (never at import time).  A source is a
``catalogue.indexing.DocumentSource``: it declares its ``kind`` (``item``,
``guide``, ``video``, ``form``, …), ``label`` and ``facets``, lists every
public document (``iter_documents``) and reads many at once
(``documents_for(doc_ids)``).  The type filter, the facet lists and their
labels, and bulk re-indexing all derive from these declarations, so adding a
searchable type means appending one dotted path; the search app itself does
not change.  Changes reach the index through ``services.apply_change`` (or
the ``document_changed`` / ``documents_changed`` signals handled in
``search.receivers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import pgettext_lazy

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


def iter_all_documents(kinds=()) -> Iterator:
    for source in get_sources():
        if not kinds or source.kind in kinds:
            yield from source.iter_documents()


def source_for(kind: str) -> DocumentSource | None:
    return next((s for s in get_sources() if s.kind == kind), None)


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


def kind_labels() -> dict[str, str]:
    """Kind → what results call one document of it (事项, 指南, 视频, 表单)."""
    return {s.kind: getattr(s, "label", "") or s.kind for s in get_sources()}


@cache
def facet_declarations() -> dict[str, object]:
    """Facet name → its declaration, ``type`` first, then in source order.

    ``type`` is every source's own facet: its values are the kinds, labelled
    by the sources' labels.  Other facets are the union of what the sources
    declare; the first declaration of a name wins.
    """
    from catalogue.indexing import Facet

    facets: dict[str, object] = {"type": Facet("type", TYPE_LABEL, _KindLabels())}
    for source in get_sources():
        for facet in getattr(source, "facets", ()):
            facets.setdefault(facet.name, facet)
    return facets


def facet_names() -> tuple[str, ...]:
    """Every facet documents may carry (``type`` included), in display order."""
    return tuple(facet_declarations())


class _KindLabels(dict):
    """The ``type`` facet's value labels, read from the sources when asked."""

    def get(self, key, default=None):
        return kind_labels().get(key, default)

    def __getitem__(self, key):
        return kind_labels()[key]

    def items(self):
        return kind_labels().items()


TYPE_LABEL = pgettext_lazy("search facet", "Type")
