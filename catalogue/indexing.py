"""Search documents for the catalogue: the one module ``search`` may import.

A document is plain data (``SearchDocument``); ``ServiceItemSource`` lists
every public item's document and builds the document for one item.
``document_changed`` fires when an item is published, unpublished or
deleted, with ``doc_id`` and the new ``document`` (``None`` = remove).

Stable within a minor version: fields may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.dispatch import Signal

from .constants import LEGAL_PERSON_AUDIENCES, AudienceGroup, Channel

__all__ = ["SearchDocument", "ServiceItemSource", "document_changed"]

document_changed = Signal()

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

    def iter_documents(self) -> Iterator[SearchDocument]:
        from .models import ServiceItem

        items = (
            ServiceItem.objects.public()
            .select_related("region", "department")
            .prefetch_related("topics", "life_events", "bundles", "materials")
            .order_by("pk")
        )
        for item in items.iterator(chunk_size=500):
            yield item_document(item)

    def document_for(self, item) -> SearchDocument | None:
        from .models import ServiceItem

        if not ServiceItem.objects.public().filter(pk=item.pk).exists():
            return None
        return item_document(item)

    @staticmethod
    def doc_id(code: str) -> str:
        return f"item:{code}"


def item_document(item) -> SearchDocument:
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
        url=item.get_url(),
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
        "region": (item.region.code,),
        "department": (item.department.name,),
        "topic": tuple(t.name for t in topics),
        "audience": tuple(groups),
        "online_depth": (item.online_depth,) if item.online_depth else (),
        "channel": tuple(c for c in item.channels if c in FACET_CHANNELS),
    }
