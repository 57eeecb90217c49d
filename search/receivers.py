"""Signal handlers: keep the index and cached search context current."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from catalogue.indexing import (
    document_changed,
    documents_changed,
    enqueue_in_transaction,
)

from .backends import base
from .models import SynonymGroup


def on_document_changed(sender, doc_id, document=None, **kwargs):
    """Queue the index update; unpublished/deleted documents arrive as None."""
    from .tasks import apply_document_change, document_payload

    payload = document_payload(document) if document is not None else None
    apply_document_change.enqueue(doc_id, payload)


def on_documents_changed(sender, doc_ids, **kwargs):
    """One task for a bulk write, however many documents (of any source) it touched.

    Sent inside the bulk write's transaction, so a durable backend stores the
    task with the documents it indexes.
    """
    from .tasks import reindex_documents

    enqueue_in_transaction(reindex_documents, list(doc_ids))


def on_synonyms_changed(sender, **kwargs):
    base.forget("synonyms")


def connect():
    document_changed.connect(
        on_document_changed, dispatch_uid="search-document-changed"
    )
    documents_changed.connect(
        on_documents_changed, dispatch_uid="search-documents-changed"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_synonyms_changed,
            sender=SynonymGroup,
            dispatch_uid=f"search-synonyms-{signal}",
        )
