"""Background tasks that keep the index current (django-tasks).

Arguments are JSON-safe: a document travels as a plain dict and is rebuilt
as an ``IndexedDocument`` on the worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django_tasks import task


@dataclass(frozen=True)
class IndexedDocument:
    """A ``search.protocols.SearchDocument`` rebuilt from a task payload."""

    doc_id: str
    kind: str
    code: str
    title: str
    url: str
    language: str = "zh-hans"
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    body: str = ""
    summary: str = ""
    region_code: str = ""
    region_name: str = ""
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    boost: float = 1.0
    updated_at: datetime | None = None


def document_payload(document) -> dict:
    """A JSON-safe dict for any document satisfying the protocol."""
    data = {
        name: getattr(document, name) for name in IndexedDocument.__dataclass_fields__
    }
    data["aliases"] = list(data["aliases"])
    data["keywords"] = list(data["keywords"])
    data["facets"] = {k: list(v) for k, v in dict(data["facets"]).items()}
    stamp = data["updated_at"]
    data["updated_at"] = stamp.isoformat() if stamp else None
    return data


def document_from_payload(data: dict) -> IndexedDocument:
    stamp = data.get("updated_at")
    return IndexedDocument(
        **{
            **data,
            "aliases": tuple(data.get("aliases", ())),
            "keywords": tuple(data.get("keywords", ())),
            "facets": {k: tuple(v) for k, v in data.get("facets", {}).items()},
            "updated_at": datetime.fromisoformat(stamp) if stamp else None,
        }
    )


@task()
def apply_document_change(doc_id: str, payload: dict | None) -> None:
    """Upsert the document, or remove ``doc_id`` when ``payload`` is None."""
    from . import services

    document = document_from_payload(payload) if payload else None
    services.apply_change(doc_id, document)


@task()
def reindex_items(codes: list[str], doc_ids: list[str]) -> int:
    """Re-read many changed items in bulk (an import); absent ones leave the index."""
    from catalogue.indexing import ServiceItemSource

    from . import services

    documents = list(ServiceItemSource().documents_for_codes(codes))
    found = {document.doc_id for document in documents}
    return services.apply_changes(documents, [d for d in doc_ids if d not in found])


@task()
def reconcile_search_index() -> dict:
    from . import services

    return services.reconcile_index().as_dict()


@task()
def rebuild_search_index() -> int:
    from . import services

    return services.rebuild_index()


__all__ = [
    "IndexedDocument",
    "apply_document_change",
    "rebuild_search_index",
    "reconcile_search_index",
    "reindex_items",
]
