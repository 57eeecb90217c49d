"""Turn Wagtail's publish/unpublish and deletes into ``document_changed``."""

from django.db.models.signals import post_delete
from wagtail.signals import published, unpublished

from .indexing import ServiceItemSource, document_changed
from .models import ServiceItem


def _announce(item, *, removed=False):
    source = ServiceItemSource()
    document = None if removed else source.document_for(item)
    document_changed.send(
        sender=ServiceItem,
        doc_id=source.doc_id(item.implementation_code),
        document=document,
    )


def on_published(sender, instance, **kwargs):
    _announce(instance)


def on_unpublished(sender, instance, **kwargs):
    _announce(instance, removed=True)


def on_deleted(sender, instance, **kwargs):
    _announce(instance, removed=True)


def connect():
    published.connect(
        on_published, sender=ServiceItem, dispatch_uid="catalogue-published"
    )
    unpublished.connect(
        on_unpublished, sender=ServiceItem, dispatch_uid="catalogue-unpub"
    )
    post_delete.connect(
        on_deleted, sender=ServiceItem, dispatch_uid="catalogue-deleted"
    )
