"""What links to items, and how item changes are announced to search."""

from __future__ import annotations

from dataclasses import dataclass, field

from .contract import document_changed, documents_changed, enqueue_in_transaction
from .items import ServiceItemSource


@dataclass(frozen=True)
class ItemReferences:
    """What points at some items: their forms, and objects that link to them."""

    form_ids: frozenset[int] = frozenset()
    # Model → primary keys of its objects that link to the items (Wagtail's
    # reference index: choosers, inline links and StreamField blocks alike).
    referrers: dict[type, frozenset[str]] = field(default_factory=dict)


def references_to_items(codes) -> ItemReferences:
    """Forms and referring objects of the items among ``codes``.

    Documents of guides, videos and forms carry the names of the items they
    explain, so they are rebuilt when those items change.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from ..models import ServiceItem

    codes, forms, referrers = list(codes), set(), {}
    item_type = ContentType.objects.get_for_model(ServiceItem)
    for start in range(0, len(codes), 500):
        rows = ServiceItem.objects.filter(
            implementation_code__in=codes[start : start + 500]
        ).values_list("pk", "application_form_id")
        forms.update(form for _pk, form in rows if form)
        links = ReferenceIndex.objects.filter(
            to_content_type=item_type, to_object_id__in=[str(pk) for pk, _f in rows]
        ).values_list("content_type_id", "object_id")
        for type_id, object_id in links:
            model = ContentType.objects.get_for_id(type_id).model_class()
            referrers.setdefault(model, set()).add(object_id)
    return ItemReferences(
        frozenset(forms), {m: frozenset(ids) for m, ids in referrers.items()}
    )


def announce_changed(item_ids: list[int]) -> None:
    """Tell search about many changed items with one signal or one task.

    With a ``documents_changed`` receiver (search's bulk path) that is one
    signal.  Otherwise one background task re-announces each document through
    ``document_changed``, so the import itself never builds documents.
    """
    from ..models import ServiceItem

    codes = []
    for start in range(0, len(item_ids), 500):
        codes += ServiceItem.objects.filter(
            pk__in=item_ids[start : start + 500]
        ).values_list("implementation_code", flat=True)
    if not codes:
        return
    if documents_changed.has_listeners():
        doc_ids = [ServiceItemSource.doc_id(code) for code in codes]
        documents_changed.send(sender=ServiceItem, doc_ids=doc_ids, codes=codes)
        return
    from ..tasks import announce_documents

    enqueue_in_transaction(announce_documents, codes)


def announce_each(codes: list[str]) -> None:
    """``document_changed`` for each item of ``codes`` (None when not public)."""
    from ..models import ServiceItem

    source = ServiceItemSource()
    found = set()
    for document in source.documents_for_codes(codes):
        found.add(document.code)
        document_changed.send(
            sender=ServiceItem, doc_id=document.doc_id, document=document
        )
    for code in sorted(set(codes) - found):
        document_changed.send(
            sender=ServiceItem, doc_id=source.doc_id(code), document=None
        )
