"""Search documents of service items, and the answers their guides give."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy, pgettext_lazy

from ..constants import LEGAL_PERSON_AUDIENCES, AudienceGroup, Channel, OnlineDepth
from ..routing import index_path, item_path
from .contract import Answer, DocumentSource, Facet, SearchDocument

HIGH_FREQUENCY_BOOST = 1.5
# Channels citizens filter on (可预约 / 可快递).
FACET_CHANNELS = (Channel.APPOINTMENT, Channel.EXPRESS_IN, Channel.EXPRESS_OUT)

ITEM_FACETS = (
    Facet("region", gettext_lazy("Region")),
    Facet("department", gettext_lazy("Department")),
    Facet("topic", gettext_lazy("Topic")),
    Facet(
        "audience",
        gettext_lazy("For"),
        {
            AudienceGroup.NATURAL_PERSON.value: gettext_lazy("Individuals"),
            AudienceGroup.LEGAL_PERSON.value: gettext_lazy("Organisations"),
        },
    ),
    Facet(
        "online_depth",
        gettext_lazy("Online depth"),
        {
            "1": gettext_lazy("Level I: online consultation"),
            "2": gettext_lazy("Level II: online pre-review"),
            "3": gettext_lazy("Level III: online acceptance (at most one visit)"),
            "4": gettext_lazy("Level IV: fully online (no visit)"),
        },
    ),
    Facet(
        "channel",
        gettext_lazy("Services"),
        {
            Channel.APPOINTMENT.value: gettext_lazy("Appointments"),
            Channel.EXPRESS_IN.value: gettext_lazy("Mail in materials"),
            Channel.EXPRESS_OUT.value: gettext_lazy("Result by post"),
        },
    ),
)


class ServiceItemSource(DocumentSource):
    """Documents for public service items (published and not cancelled)."""

    kind = "item"
    # Context: short type labels 事项 / 指南 / 视频 / 表单 (not "办事指南").
    label = pgettext_lazy("search result type", "Service item")
    facets = ITEM_FACETS
    # Facets whose values come from a code list: anything else is a mistake
    # the search API refuses (search.index.closed_facets).
    facet_choices = {
        "audience": tuple(AudienceGroup.values),
        "online_depth": tuple(OnlineDepth.values),
        "channel": tuple(str(c) for c in FACET_CHANNELS),
    }

    def iter_documents(self) -> Iterator[SearchDocument]:
        from ..models import ServiceItem
        from .bulk import item_documents

        return item_documents(ServiceItem.objects.public(), index_path())

    def document_for(self, item) -> SearchDocument | None:
        from ..models import ServiceItem

        if not ServiceItem.objects.public().filter(pk=item.pk).exists():
            return None
        return item_document(item)

    def documents_for_keys(self, keys) -> Iterator[SearchDocument]:
        """Documents of the public items among implementation codes ``keys``."""
        from ..models import ServiceItem
        from .bulk import BULK_SIZE, item_documents

        codes = list(keys)
        base = index_path()
        for start in range(0, len(codes), BULK_SIZE):
            items = ServiceItem.objects.public().filter(
                implementation_code__in=codes[start : start + BULK_SIZE]
            )
            yield from item_documents(items, base)

    # Older names of the bulk read, kept for callers outside search.
    def documents_for_codes(self, codes) -> Iterator[SearchDocument]:
        return self.documents_for_keys(codes)

    def documents_for_ids(self, doc_ids) -> Iterator[SearchDocument]:
        return self.documents_for(doc_ids)

    def stamps(self) -> Iterator[tuple[str, datetime]]:
        """(doc_id, updated_at) of every public item, without building documents."""
        from ..models import ServiceItem

        rows = (
            ServiceItem.objects.public()
            .order_by()
            .values_list("implementation_code", "updated_at")
        )
        for code, stamp in rows.iterator(chunk_size=2000):
            yield self.doc_id(code), stamp

    def answer_for(self, doc_id: str, part: str) -> Answer | None:
        from ..models import ServiceItem
        from .answers import item_answer

        code = self.key(doc_id)
        items = ServiceItem.objects.public().filter(implementation_code=code).order_by()
        item = next(iter(items[:1]), None) if code else None
        return item_answer(item, part) if item is not None else None

    # ``doc_id`` of the base class is an instance method; items also need it
    # without an instance (``item:<code>``).
    @staticmethod
    def doc_id(code: str) -> str:  # type: ignore[override]
        return f"item:{code}"


def item_code(doc_id: str) -> str | None:
    """The implementation code of an item's ``doc_id`` (None for other documents)."""
    return ServiceItemSource().key(doc_id)


@dataclass(slots=True)
class ItemParts:
    """What an item's document is made of, read from an instance or from rows.

    ``item_document`` (one item) and ``bulk.item_documents`` (many, from
    ``values()`` rows without model instances) both build documents through
    ``document_from_parts``, so the two paths cannot drift apart.
    """

    code: str
    name: str
    aliases: tuple[str, ...]
    accept_conditions: str
    result_name: str
    handling_office: str
    audience: list
    online_depth: str
    channels: list
    is_high_frequency: bool
    updated_at: datetime | None
    variant: str
    region_code: str
    region_name: str
    department_name: str
    department_short_name: str
    topics: list[str]
    life_events: list[str]
    bundles: list[str]
    materials: list[str]


def parts_of(item) -> ItemParts:
    return ItemParts(
        code=item.implementation_code,
        name=item.name,
        aliases=tuple(item.alias_list),
        accept_conditions=item.accept_conditions,
        result_name=item.result_name,
        handling_office=item.handling_office,
        audience=item.audience,
        online_depth=item.online_depth,
        channels=item.channels,
        is_high_frequency=item.is_high_frequency,
        updated_at=item.updated_at,
        variant=item.effective_variant,
        region_code=item.region.code,
        region_name=item.region.name,
        department_name=item.department.name,
        department_short_name=item.department.short_name,
        topics=[t.name for t in item.topics.all()],
        life_events=[e.name for e in item.life_events.all()],
        bundles=[b.name for b in item.bundles.all()],
        materials=[m.name for m in item.materials.all()],
    )


def item_document(item, base=None) -> SearchDocument:
    return document_from_parts(parts_of(item), base)


def document_from_parts(item: ItemParts, base=None) -> SearchDocument:
    keywords = [*item.topics, *item.life_events, *item.bundles]
    keywords += [item.department_name, item.department_short_name, item.handling_office]
    body = [*item.materials, item.accept_conditions, item.result_name]
    return SearchDocument(
        doc_id=ServiceItemSource.doc_id(item.code),
        kind=ServiceItemSource.kind,
        code=item.code,
        title=item.name,
        url=item_path(item.code, base),
        aliases=item.aliases,
        keywords=tuple(k for k in keywords if k),
        body="\n".join(b for b in body if b),
        summary=(item.accept_conditions or "")[:140],
        region_code=item.region_code,
        region_name=item.region_name,
        facets=_facets(item),
        boost=HIGH_FREQUENCY_BOOST if item.is_high_frequency else 1.0,
        updated_at=item.updated_at,
        variant=item.variant,
    )


def _facets(item: ItemParts) -> dict[str, tuple[str, ...]]:
    audience = set(item.audience)
    groups = []
    if "1" in audience:
        groups.append(AudienceGroup.NATURAL_PERSON.value)
    if audience & LEGAL_PERSON_AUDIENCES:
        groups.append(AudienceGroup.LEGAL_PERSON.value)
    return {
        "type": (ServiceItemSource.kind,),
        "region": (item.region_code,),
        "department": (item.department_name,),
        "topic": tuple(item.topics),
        "audience": tuple(groups),
        "online_depth": (item.online_depth,) if item.online_depth else (),
        "channel": tuple(c for c in item.channels if c in FACET_CHANNELS),
    }


__all__ = [
    "ItemParts",
    "ServiceItemSource",
    "document_from_parts",
    "item_code",
    "item_document",
]
