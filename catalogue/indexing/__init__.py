"""Search documents for the catalogue: the one package ``search`` may import.

``contract`` holds what every searchable source shares — the one document
type ``SearchDocument``, the ``DocumentSource`` declaration (kind, label,
facets, bulk ``documents_for``), ``Facet``, answer cards and the change
signals.  ``items`` is the service-item source; ``changes`` announces item
changes and finds what links to items.

``document_changed`` fires when a document is published, unpublished or
deleted, with ``doc_id`` and the new ``document`` (``None`` = remove).
``documents_changed`` fires once after a bulk write (an import) with
``doc_ids``; a receiver re-reads them with the sources' ``documents_for``
(absent documents are to be removed).  Without a receiver, each document is
announced through ``document_changed`` instead, so an app that connects to
``documents_changed`` takes bulk writes on itself.

Stable within a minor version: fields may be added, never renamed.
"""

from .changes import (
    ItemReferences,
    announce_changed,
    announce_each,
    references_to_items,
)
from .contract import (
    ANSWER_PARTS,
    Answer,
    AnswerLine,
    DocumentSource,
    Facet,
    SearchDocument,
    document_changed,
    documents_changed,
    enqueue_in_transaction,
)
from .items import HIGH_FREQUENCY_BOOST, ServiceItemSource, item_code, item_document

__all__ = [
    "ANSWER_PARTS",
    "HIGH_FREQUENCY_BOOST",
    "Answer",
    "AnswerLine",
    "DocumentSource",
    "Facet",
    "ItemReferences",
    "SearchDocument",
    "ServiceItemSource",
    "announce_changed",
    "announce_each",
    "document_changed",
    "documents_changed",
    "enqueue_in_transaction",
    "item_code",
    "item_document",
    "references_to_items",
]
