"""The shapes ``search`` expects from document sources and backends.

Sources subclass ``catalogue.indexing.DocumentSource`` (the one declaration
of kind, label, facets and bulk reads) and build
``catalogue.indexing.SearchDocument``; the protocols below state the shape
structurally, so no content app imports ``search``.  Sources are listed by
dotted path in ``settings.SEARCH_DOCUMENT_SOURCES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from .query import Hit, SearchRequest, SearchResults


class SearchDocument(Protocol):
    doc_id: str
    kind: str
    code: str
    title: str
    url: str
    language: str
    aliases: Sequence[str]
    keywords: Sequence[str]
    body: str
    summary: str
    region_code: str
    region_name: str
    facets: Mapping[str, Sequence[str]]
    boost: float
    updated_at: datetime | None
    variant: str
    # Optional: ``public = False`` keeps a document out of every index.


@runtime_checkable
class DocumentSource(Protocol):
    kind: str
    label: str
    facets: Sequence  # of catalogue.indexing.Facet

    def iter_documents(self) -> Iterable[SearchDocument]: ...

    def document_for(self, obj) -> SearchDocument | None: ...

    def documents_for(self, doc_ids: Iterable[str]) -> Iterable[SearchDocument]:
        """The public documents among ``doc_ids``; absent ones are not public."""

    def answer_for(self, doc_id: str, part: str):
        """One part of the document's guide (``catalogue.indexing.Answer``) or None."""

    # Optional, for cheap reconciliation (``search.reconcile``):
    # ``stamps()`` → (doc_id, updated_at) of every public document.
    # Optional: ``facet_choices`` → {facet name: every value it can take} for
    # facets drawn from a code list; the search API refuses other values.


@runtime_checkable
class SearchBackend(Protocol):
    """What every backend (embedded, Elasticsearch) offers."""

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index; return the number of documents indexed."""

    def upsert(self, document: SearchDocument) -> None: ...

    def delete(self, doc_id: str) -> None: ...

    def upsert_many(self, documents: Iterable[SearchDocument]) -> int:
        """Index many documents at once (a bulk import); returns the count."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def suggest(self, prefix: str, limit: int = 8) -> list[str]: ...

    def popular(self, limit: int = 8, region: str = "") -> list[Hit]:
        """The most boosted documents, the region's first (zero-result help)."""

    def stamps(self) -> Iterable[tuple[str, object]]:
        """``(doc_id, updated_at)`` of every indexed document (``search.reconcile``)."""
