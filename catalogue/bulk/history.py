"""What ``publish_item`` leaves besides the row: revision, audit log, references.

Per written item: one revision holding the item's ``serializable_data()``
(so the admin's history, compare and revert work as after an edit), the
item marked live with that revision, the ``wagtail.create``/``wagtail.edit``
and ``wagtail.publish`` log entries Wagtail's actions write, and the item's
outbound references in Wagtail's reference index — one bulk insert each
per chunk instead of a save per item.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache

from django.contrib.contenttypes.fields import GenericRel
from django.contrib.contenttypes.models import ContentType
from modelcluster.fields import ParentalKey
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

from ..models import ServiceItem
from . import rows

PUBLISH_FIELDS = ("live", "has_unpublished_changes", "last_published_at", "expired")


@dataclass
class Context:
    user: object = None
    publish: bool = True
    # Entries of one import share a uuid, as Wagtail groups one user action.
    log_uuid: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def user_id(self):
        return getattr(self.user, "pk", None)


def mark_published(item: ServiceItem, context: Context, now, *, first: bool) -> None:
    if not context.publish:
        item.has_unpublished_changes = True
        if first:
            item.live = False
        return
    item.live = True
    item.has_unpublished_changes = False
    item.expired = False
    item.last_published_at = now
    if item.first_published_at is None:
        item.first_published_at = now


def revisions(written, context: Context, now) -> list[dict]:
    """A revision per item, its content taken before the item points at it."""
    content_type = ContentType.objects.get_for_model(ServiceItem)
    ids = rows.reserve_ids(Revision, len(written))
    result = []
    for entry, pk in zip(written, ids, strict=True):
        item = entry.item
        result.append(
            {
                "id": pk,
                "content_type_id": content_type.pk,
                "base_content_type_id": content_type.pk,
                "object_id": str(item.pk),
                "user_id": context.user_id,
                "created_at": now,
                "content": rows.serializable_data(item, entry.children, entry.m2m),
                "object_str": str(item),
            }
        )
        item.latest_revision_id = pk
        if context.publish:
            item.live_revision_id = pk
    return result


def finish(written, revisions: list[dict], context: Context, now) -> None:
    """Store the revisions, point changed items at them, log and index."""
    rows.insert_values(Revision, revisions)
    updated = [entry.item for entry in written if entry.write.existing]
    if updated:
        ServiceItem.objects.bulk_update(
            updated, ["latest_revision", "live_revision"], batch_size=500
        )
    content_type = ContentType.objects.get_for_model(ServiceItem)
    rows.insert_values(
        ModelLogEntry,
        [
            log
            for entry, revision in zip(written, revisions, strict=True)
            for log in _log_entries(entry, revision["id"], content_type, context, now)
        ],
    )
    _index_references(written, content_type)


def _log_entries(entry, revision_id, content_type, context, now):
    actions = ["wagtail.edit" if entry.write.existing else "wagtail.create"]
    if context.publish:
        actions.append("wagtail.publish")
    label = str(entry.item)
    return [
        {
            "content_type_id": content_type.pk,
            "label": label,
            "action": action,
            "data": {},
            "timestamp": now,
            "uuid": context.log_uuid,
            "user_id": context.user_id,
            "revision_id": revision_id,
            "content_changed": True,
            "deleted": False,
            "object_id": str(entry.item.pk),
        }
        for action in actions
    ]


# --- reference index -----------------------------------------------------------


@cache
def _reference_fields(model) -> list:
    """Foreign keys Wagtail's reference index records for ``model``."""
    found = []
    for model_field in model._meta.get_fields():
        if not (model_field.is_relation and model_field.many_to_one):
            continue
        if isinstance(model_field, ParentalKey | GenericRel):
            continue
        if getattr(model_field, "wagtail_reference_index_ignore", False):
            continue
        if getattr(model_field.related_model, "wagtail_reference_index_ignore", False):
            continue
        if not hasattr(model_field, "attname"):
            continue
        to_type = ReferenceIndex._get_base_content_type(model_field.related_model).id
        found.append((model_field.name, model_field.attname, to_type))
    return found


def _references(entry):
    item = entry.item
    for name, attname, to_type in _reference_fields(type(item)):
        value = getattr(item, attname)
        if value is not None:
            yield to_type, str(value), name, name
    for relation, children in entry.children.items():
        for child in children:
            for name, attname, to_type in _reference_fields(type(child)):
                value = getattr(child, attname)
                if value is not None:
                    yield (
                        to_type,
                        str(value),
                        f"{relation}.item.{name}",
                        f"{relation}.{child.pk}.{name}",
                    )


@cache
def _path_hash(content_path: str):
    return ReferenceIndex._get_content_path_hash(content_path)


def _index_references(written, content_type) -> None:
    replaced = [str(e.item.pk) for e in written if e.write.existing]
    if replaced:
        ReferenceIndex.objects.filter(
            base_content_type=content_type, object_id__in=replaced
        ).delete()
    rows.insert_values(
        ReferenceIndex,
        [
            {
                "content_type_id": content_type.pk,
                "base_content_type_id": content_type.pk,
                "object_id": str(entry.item.pk),
                "to_content_type_id": to_type,
                "to_object_id": to_id,
                "model_path": model_path,
                "content_path": content_path,
                "content_path_hash": _path_hash(content_path),
            }
            for entry in written
            for to_type, to_id, model_path, content_path in set(_references(entry))
        ],
    )
