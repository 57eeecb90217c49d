"""Background tasks that keep the index current (django-tasks).

Arguments are JSON-safe: a document travels as a plain dict
(``SearchDocument.as_payload``) and is rebuilt with ``from_payload``.
"""

from __future__ import annotations

from collections import defaultdict

from django_tasks import task

from catalogue.indexing import SearchDocument

# The one document type; the old name stays for callers and tests.
IndexedDocument = SearchDocument


def document_payload(document) -> dict:
    """A JSON-safe dict for any document satisfying the protocol."""
    if not isinstance(document, SearchDocument):
        document = SearchDocument.from_payload(
            {
                name: getattr(document, name)
                for name in _FIELDS
                if hasattr(document, name)
            }
        )
    return document.as_payload()


def document_from_payload(data: dict) -> SearchDocument:
    return SearchDocument.from_payload(data)


_FIELDS = tuple(SearchDocument.__dataclass_fields__)


@task()
def apply_document_change(doc_id: str, payload: dict | None) -> None:
    """Upsert the document, or remove ``doc_id`` when ``payload`` is None."""
    from . import services

    document = document_from_payload(payload) if payload else None
    services.apply_change(doc_id, document)


@task()
def reindex_documents(doc_ids: list[str]) -> int:
    """Re-read many changed documents of any source in bulk; absent ones leave the index."""
    from . import services

    return services.reindex_documents(doc_ids)


@task()
def reindex_items(codes: list[str], doc_ids: list[str]) -> int:
    """Tasks queued before ``reindex_documents`` existed (same work)."""
    from . import services

    return services.reindex_documents(doc_ids)


@task()
def reconcile_search_index() -> dict:
    from . import services

    return services.reconcile_index().as_dict()


@task()
def rebuild_search_index() -> int:
    from . import services

    return services.rebuild_index()


def group_by_kind(doc_ids) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in doc_ids:
        groups[str(doc_id).partition(":")[0]].append(doc_id)
    return groups


__all__ = [
    "IndexedDocument",
    "apply_document_change",
    "rebuild_search_index",
    "reconcile_search_index",
    "reindex_documents",
    "reindex_items",
]
