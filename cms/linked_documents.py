"""Keep guide, video and form documents current when the items they explain change.

Their search documents carry the names, topics and regions of the items they
link to (``content.indexing.item_context``).  When an item is published,
unpublished or written by an import, a background task re-announces every
live guide, video and published form that links to it, found through
Wagtail's reference index and the item's form.
"""

from __future__ import annotations

from django_tasks import task

from catalogue.indexing import (
    document_changed,
    documents_changed,
    enqueue_in_transaction,
    item_code,
    references_to_items,
)
from formbuilder import services as form_services

from . import form_indexing
from .content import indexing as content_indexing


def on_item_changed(sender, doc_id, document=None, **kwargs):
    code = item_code(doc_id)
    if code:
        refresh_linked_documents.enqueue([code])


def on_items_changed(sender, doc_ids, **kwargs):
    """A bulk change of any source; only its items have linked documents."""
    codes = [code for code in map(item_code, doc_ids) if code]
    if codes:
        enqueue_in_transaction(refresh_linked_documents, codes)


@task()
def refresh_linked_documents(codes: list[str]) -> None:
    """Re-announce the guides, videos and forms that link to the items ``codes``."""
    references = references_to_items(codes)
    for model in content_indexing.SOURCES:
        ids = references.referrers.get(model)
        for page in model.objects.filter(pk__in=ids or ()):
            content_indexing.announce(page)
    forms = form_services.published_forms().filter(pk__in=references.form_ids)
    for definition in forms:
        form_indexing.announce(definition)


def connect() -> None:
    document_changed.connect(on_item_changed, dispatch_uid="cms-linked-item")
    documents_changed.connect(on_items_changed, dispatch_uid="cms-linked-items")
