"""Search documents for live guide pages and video tutorials.

The sources satisfy ``search.protocols.DocumentSource`` by shape and are
listed in ``settings.SEARCH_DOCUMENT_SOURCES``.  Publishing, unpublishing
and deleting a page is announced through ``catalogue.indexing.document_changed``,
the same signal (and background task) service items use.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models.signals import post_delete
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.rich_text import RichText
from wagtail.signals import page_published, page_unpublished

from catalogue.indexing import DocumentSource, Facet, SearchDocument, document_changed

from .models import GuidePage, VideoPage

SUMMARY_LENGTH = 140
# Block types whose text is not prose a citizen reads (choices, addresses).
SKIPPED_BLOCKS = (blocks.ChoiceBlock, blocks.URLBlock)


def html_text(html: str) -> str:
    """Plain text of rich text, one line per block."""
    return " ".join(strip_tags(html.replace("</", "\n</")).split())


def stream_texts(block, value) -> Iterator[str]:
    """Every piece of readable text inside a StreamField value, in order."""
    if isinstance(block, SKIPPED_BLOCKS) or value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from stream_texts(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from stream_texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for child in value:
            yield from stream_texts(block.child_block, child)
    elif isinstance(block, TableBlock):
        for row in (value or {}).get("data") or ():
            yield from (str(cell) for cell in row or () if cell)
    elif isinstance(value, RichText):
        yield html_text(value.source)
    elif isinstance(value, str):
        yield value


def stream_items(block, value) -> Iterator:
    """Service items linked from ItemLinkBlocks anywhere in a StreamField value."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from stream_items(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if name == "item" and isinstance(child_block, blocks.ChooserBlock):
                if value.get(name) is not None:
                    yield value.get(name)
            else:
                yield from stream_items(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for child in value:
            yield from stream_items(block.child_block, child)


def page_path(page) -> str:
    """The page's path on its site (hits link on the same host)."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def item_context(items) -> dict:
    """Names, topics and region facets of the live items a page explains."""
    live = list({item.pk: item for item in items if item.live}.values())
    regions = {item.region.code: item.region.name for item in live}
    topics = sorted({t.name for item in live for t in item.topics.all()})
    region_code, region_name = ("", "")
    if len(regions) == 1:
        region_code, region_name = next(iter(regions.items()))
    return {
        "keywords": tuple(item.name for item in live) + tuple(topics),
        "region_code": region_code,
        "region_name": region_name,
        "facets": {"region": tuple(sorted(regions)), "topic": tuple(topics)},
    }


# Facets of documents that explain items: the items' regions and topics.
LINKED_FACETS = (
    Facet("region", gettext_lazy("Region")),
    Facet("topic", gettext_lazy("Topic")),
)


class PageSource(DocumentSource):
    """Shared by guide and video sources: live pages of ``model`` only."""

    kind = ""
    model = None
    facets = LINKED_FACETS

    def iter_documents(self) -> Iterator[SearchDocument]:
        yield from self._documents(self.model.objects.order_by("pk"))

    def documents_for_keys(self, keys) -> Iterator[SearchDocument]:
        """Documents of the live, public pages among primary keys ``keys``."""
        pks = [int(key) for key in keys if str(key).isdigit()]
        for start in range(0, len(pks), 500):
            yield from self._documents(
                self.model.objects.filter(pk__in=pks[start : start + 500])
            )

    def _documents(self, pages) -> Iterator[SearchDocument]:
        pages = pages.live().public().specific()
        for page in pages.prefetch_related("item_links__item__topics"):
            yield self.document(page)

    def document_for(self, page) -> SearchDocument | None:
        if not self.model.objects.live().public().filter(pk=page.pk).exists():
            return None
        return self.document(self.model.objects.get(pk=page.pk))

    def document(self, page) -> SearchDocument:
        context = item_context(self.linked_items(page))
        return SearchDocument(
            doc_id=self.doc_id(page.pk),
            kind=self.kind,
            code=page.slug,
            title=page.title,
            url=page_path(page),
            keywords=tuple(k for k in context["keywords"] if k),
            body=self.body(page),
            summary=self.summary(page)[:SUMMARY_LENGTH],
            region_code=context["region_code"],
            region_name=context["region_name"],
            facets={**context["facets"], "type": (self.kind,)},
            updated_at=page.last_published_at,
        )

    def linked_items(self, page) -> list:
        return [link.item for link in page.item_links.all()]

    def body(self, page) -> str:
        raise NotImplementedError

    def summary(self, page) -> str:
        raise NotImplementedError


class GuidePageSource(PageSource):
    kind = "guide"
    label = pgettext_lazy("search result type", "Guide")
    model = GuidePage

    def linked_items(self, page) -> list:
        return [
            *super().linked_items(page),
            *stream_items(page.body.stream_block, page.body),
        ]

    def body(self, page) -> str:
        texts = stream_texts(page.body.stream_block, page.body)
        return "\n".join([page.intro, *(t for t in texts if t)])

    def summary(self, page) -> str:
        return page.intro or ""


class VideoPageSource(PageSource):
    kind = "video"
    label = pgettext_lazy("search result type", "Video")
    model = VideoPage

    def body(self, page) -> str:
        return "\n".join([page.summary, html_text(page.transcript or "")])

    def summary(self, page) -> str:
        return page.summary or html_text(page.transcript or "")


SOURCES = {GuidePage: GuidePageSource, VideoPage: VideoPageSource}


def announce(page, *, removed=False) -> None:
    """Send the page's new document (None = remove) to whoever indexes it."""
    source = SOURCES[type(page)]()
    document = None if removed else source.document_for(page)
    document_changed.send(
        sender=type(page), doc_id=source.doc_id(page.pk), document=document
    )


def on_published(sender, instance, **kwargs):
    announce(instance)


def on_removed(sender, instance, **kwargs):
    announce(instance, removed=True)


def connect() -> None:
    for model in SOURCES:
        name = model.__name__
        page_published.connect(
            on_published, sender=model, dispatch_uid=f"idx-pub-{name}"
        )
        page_unpublished.connect(
            on_removed, sender=model, dispatch_uid=f"idx-unpub-{name}"
        )
        post_delete.connect(on_removed, sender=model, dispatch_uid=f"idx-del-{name}")
