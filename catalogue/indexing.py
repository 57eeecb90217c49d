"""Search documents for the catalogue: the one module ``search`` may import.

A document is plain data (``SearchDocument``); ``ServiceItemSource`` lists
every public item's document and builds the document for one item.
``document_changed`` fires when an item is published, unpublished or
deleted, with ``doc_id`` and the new ``document`` (``None`` = remove).
``documents_changed`` fires once after a bulk write (an import) with
``doc_ids``; a receiver re-reads them with ``ServiceItemSource.documents_for_codes``
(absent documents are to be removed).  Without a receiver, each document is
announced through ``document_changed`` instead, so an app that connects to
``documents_changed`` takes bulk writes on itself.  ``references_to_items``
finds what links to items (forms, pages), whose documents name them.
Receivers queue their work with ``enqueue_in_transaction``, so it runs if
and only if the change it follows commits.

Stable within a minor version: fields may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.dispatch import Signal

from .constants import LEGAL_PERSON_AUDIENCES, AudienceGroup, Channel, OnlineDepth
from .routing import index_path, item_path

__all__ = [
    "ItemReferences",
    "SearchDocument",
    "ServiceItemSource",
    "announce_changed",
    "document_changed",
    "documents_changed",
    "enqueue_in_transaction",
    "item_code",
    "references_to_items",
]

document_changed = Signal()
documents_changed = Signal()


def enqueue_in_transaction(task, *args, **kwargs) -> None:
    """Queue ``task`` so that it runs if, and only if, the current transaction commits.

    A backend that keeps tasks in the site database writes the task row in
    that very transaction: a process killed right after commit still leaves
    the task for the worker.  Any other backend (the demo's in-process one)
    is handed the task at commit, so it never acts on a change that is
    rolled back; the worker's reconciliation covers a crash in between.
    """
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


HIGH_FREQUENCY_BOOST = 1.5
# Channels citizens filter on (可预约 / 可快递).
FACET_CHANNELS = (Channel.APPOINTMENT, Channel.EXPRESS_IN, Channel.EXPRESS_OUT)


@dataclass(frozen=True)
class SearchDocument:
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


class ServiceItemSource:
    """Documents for public service items (published and not cancelled)."""

    kind = "item"
    # Facets whose values come from a code list: anything else is a mistake
    # the search API refuses (search.index.closed_facets).
    facet_choices = {
        "audience": tuple(AudienceGroup.values),
        "online_depth": tuple(OnlineDepth.values),
        "channel": tuple(str(c) for c in FACET_CHANNELS),
    }

    def iter_documents(self) -> Iterator[SearchDocument]:
        from .models import ServiceItem

        items = (
            ServiceItem.objects.public()
            .select_related("region", "department")
            .prefetch_related("topics", "life_events", "bundles", "materials")
            .order_by("pk")
        )
        base = index_path()
        for item in items.iterator(chunk_size=500):
            yield item_document(item, base)

    def document_for(self, item) -> SearchDocument | None:
        from .models import ServiceItem

        if not ServiceItem.objects.public().filter(pk=item.pk).exists():
            return None
        return item_document(item)

    def documents_for_codes(self, codes) -> Iterator[SearchDocument]:
        """Documents of the public items among ``codes`` (bulk, prefetched)."""
        from .models import ServiceItem

        codes = list(codes)
        base = index_path()
        for start in range(0, len(codes), 500):
            items = (
                ServiceItem.objects.public()
                .filter(implementation_code__in=codes[start : start + 500])
                .select_related("region", "department")
                .prefetch_related("topics", "life_events", "bundles", "materials")
            )
            for item in items:
                yield item_document(item, base)

    def stamps(self) -> Iterator[tuple[str, datetime]]:
        """(doc_id, updated_at) of every public item, without building documents."""
        from .models import ServiceItem

        rows = (
            ServiceItem.objects.public()
            .order_by()
            .values_list("implementation_code", "updated_at")
        )
        for code, stamp in rows.iterator(chunk_size=2000):
            yield self.doc_id(code), stamp

    def documents_for_ids(self, doc_ids) -> Iterator[SearchDocument]:
        return self.documents_for_codes(filter(None, map(item_code, doc_ids)))

    @staticmethod
    def doc_id(code: str) -> str:
        return f"item:{code}"


def item_code(doc_id: str) -> str | None:
    """The implementation code of an item's ``doc_id`` (None for other documents)."""
    kind, _sep, code = doc_id.partition(":")
    return code if kind == ServiceItemSource.kind and code else None


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

    from .models import ServiceItem

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
    from .models import ServiceItem

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
    from .tasks import announce_documents

    enqueue_in_transaction(announce_documents, codes)


def announce_each(codes: list[str]) -> None:
    """``document_changed`` for each item of ``codes`` (None when not public)."""
    from .models import ServiceItem

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


def item_document(item, base=None) -> SearchDocument:
    topics = list(item.topics.all())
    keywords = [t.name for t in topics]
    keywords += [e.name for e in item.life_events.all()]
    keywords += [b.name for b in item.bundles.all()]
    keywords += [item.department.name, item.department.short_name, item.handling_office]
    body = [m.name for m in item.materials.all()]
    body += [item.accept_conditions, item.result_name]
    return SearchDocument(
        doc_id=ServiceItemSource.doc_id(item.implementation_code),
        kind=ServiceItemSource.kind,
        code=item.implementation_code,
        title=item.name,
        url=item_path(item.implementation_code, base),
        aliases=tuple(item.alias_list),
        keywords=tuple(k for k in keywords if k),
        body="\n".join(b for b in body if b),
        summary=(item.accept_conditions or "")[:140],
        region_code=item.region.code,
        region_name=item.region.name,
        facets=_facets(item, topics),
        boost=HIGH_FREQUENCY_BOOST if item.is_high_frequency else 1.0,
        updated_at=item.updated_at,
    )


def _facets(item, topics) -> dict[str, tuple[str, ...]]:
    audience = set(item.audience)
    groups = []
    if "1" in audience:
        groups.append(AudienceGroup.NATURAL_PERSON.value)
    if audience & LEGAL_PERSON_AUDIENCES:
        groups.append(AudienceGroup.LEGAL_PERSON.value)
    return {
        "type": (ServiceItemSource.kind,),
        "region": (item.region.code,),
        "department": (item.department.name,),
        "topic": tuple(t.name for t in topics),
        "audience": tuple(groups),
        "online_depth": (item.online_depth,) if item.online_depth else (),
        "channel": tuple(c for c in item.channels if c in FACET_CHANNELS),
    }
