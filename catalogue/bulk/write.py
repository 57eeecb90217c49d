"""Write created and changed items set-wise, a chunk at a time.

New items (the bulk of a first import) take the fast path of ``rows``:
primary keys reserved up front, every table filled by one ``executemany``.
Changed items go through ``bulk_update`` and keep their child rows' keys
(so files attached to a material survive).  Either way each item gets its
revision and audit entries (``history``).  Nothing calls ``save()`` per
item and no model signal fires; the caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations

from ..exchange import CHILDREN, SCALAR_FIELDS
from ..models import Bundle, Department, LifeEvent, Region, ServiceItem, Topic
from . import history, rows
from .existing import ExistingItem

CHUNK = 1000
M2M = ("topics", "life_events", "bundles")
ITEM_KEYS = frozenset({*SCALAR_FIELDS, "aliases", "region_code", "department_name"})


@dataclass
class ItemWrite:
    """One item to write: its full target data (exchange shape) and what it replaces.

    ``child_pks[relation]`` gives, per target child, the primary key of the
    existing row it updates (or ``None`` for a new row); rows not named are
    deleted.  ``changed`` lists the exchange keys that differ (updates only).
    """

    data: dict
    existing: ExistingItem | None = None
    changed: frozenset[str] = frozenset()
    child_pks: dict[str, list[int | None]] = field(default_factory=dict)


@dataclass
class BulkResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)


@dataclass
class Written:
    """An item as written, with what its revision must hold."""

    write: ItemWrite
    item: ServiceItem
    children: dict[str, list] = field(default_factory=dict)
    m2m: dict[str, list[int]] = field(default_factory=dict)


def write_items(
    writes: list[ItemWrite],
    *,
    user=None,
    publish: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> BulkResult:
    """Create or update ``writes`` with revisions and audit entries (no signals)."""
    result = BulkResult()
    refs = _References()
    context = history.Context(user=user, publish=publish)
    for start in range(0, len(writes), CHUNK):
        chunk = writes[start : start + CHUNK]
        now = timezone.now()
        creates = [w for w in chunk if w.existing is None]
        updates = [w for w in chunk if w.existing is not None]
        if creates:
            result.created += _create(creates, refs, context, now)
        if updates:
            result.updated += _update(updates, refs, context, now)
        if progress:
            progress(min(start + CHUNK, len(writes)), len(writes))
    return result


# --- new items ----------------------------------------------------------------


def _create(writes: list[ItemWrite], refs, context, now) -> list[int]:
    ids = rows.reserve_ids(ServiceItem, len(writes))
    written = []
    for write, pk in zip(writes, ids, strict=True):
        item = rows.new_instance(
            ServiceItem,
            {"id": pk, "implementation_code": write.data["implementation_code"]},
        )
        _set_fields(item, write.data, ITEM_KEYS, refs)
        item.updated_at = now
        history.mark_published(item, context, now, first=True)
        written.append(Written(write, item))
    _new_children(written)
    _new_relations(written, refs)
    revisions = history.revisions(written, context, now)
    rows.insert(ServiceItem, [w.item for w in written])
    for model, _fields in CHILDREN.values():
        relation = model._meta.get_field("item").remote_field.related_name
        rows.insert(model, [c for w in written for c in w.children[relation]])
    history.finish(written, revisions, context, now)
    return ids


def _new_children(written: list[Written]) -> None:
    for relation, (model, fields) in CHILDREN.items():
        count = sum(len(w.write.data[relation]) for w in written)
        ids = iter(rows.reserve_ids(model, count))
        for entry in written:
            entry.children[relation] = [
                rows.new_instance(
                    model,
                    {
                        "id": next(ids),
                        "item_id": entry.item.pk,
                        "sort_order": number,
                        **{name: data[name] for name in fields},
                    },
                )
                for number, data in enumerate(entry.write.data[relation])
            ]


def _new_relations(written: list[Written], refs) -> None:
    for name in _m2m_names():
        through, target = _through(name)
        links = []
        for entry in written:
            keys = entry.write.data.get(name, []) if name in M2M else []
            pks = [r.pk for r in refs.related(name, keys)] if keys else []
            entry.m2m[name] = pks
            links += [
                {"serviceitem_id": entry.item.pk, f"{target}_id": pk} for pk in pks
            ]
        rows.insert_values(through, links)


# --- changed items ---------------------------------------------------------------


def _update(writes: list[ItemWrite], refs, context, now) -> list[int]:
    loaded = ServiceItem.objects.in_bulk([w.existing.pk for w in writes])
    written, fields = [], set(history.PUBLISH_FIELDS) | {"updated_at"}
    for write in writes:
        item = loaded[write.existing.pk]
        keys = ITEM_KEYS & write.changed
        _set_fields(item, write.data, keys, refs)
        fields |= {_model_field(key) for key in keys}
        item.updated_at = now
        history.mark_published(item, context, now, first=False)
        written.append(Written(write, item))
    ServiceItem.objects.bulk_update(
        [w.item for w in written], sorted(fields), batch_size=200
    )
    for relation, (model, names) in CHILDREN.items():
        _update_children(written, relation, model, names)
    _update_relations(written, refs)
    revisions = history.revisions(written, context, now)
    history.finish(written, revisions, context, now)
    return [w.item.pk for w in written]


def _model_field(key: str) -> str:
    return {"region_code": "region", "department_name": "department"}.get(key, key)


def _set_fields(item: ServiceItem, data: dict, keys, refs) -> None:
    for name in SCALAR_FIELDS:
        if name in keys:
            setattr(item, name, data[name])
    if "aliases" in keys:
        item.aliases = "\n".join(data["aliases"])
    if keys & {"region_code", "department_name"}:
        item.region_id = refs.region(data["region_code"])
        item.department_id = refs.department(item.region_id, data["department_name"])


def _update_children(written: list[Written], relation, model, fields) -> None:
    stored = model.objects.in_bulk(
        [pk for w in written for pk in w.write.existing.child_pks.get(relation, [])]
    )
    to_create, to_update, to_delete = [], [], []
    for entry in written:
        write = entry.write
        old_pks = write.existing.child_pks.get(relation, [])
        if relation not in write.changed:
            entry.children[relation] = [stored[pk] for pk in old_pks]
            continue
        pks = write.child_pks.get(relation, [])
        children = []
        for number, data in enumerate(write.data[relation]):
            pk = pks[number] if number < len(pks) else None
            child = stored[pk] if pk else model(item_id=entry.item.pk)
            for name in fields:
                setattr(child, name, data[name])
            child.sort_order = number
            (to_update if pk else to_create).append(child)
            children.append(child)
        to_delete += [pk for pk in old_pks if pk not in set(pks)]
        entry.children[relation] = children
    if to_delete:
        model.objects.filter(pk__in=to_delete).delete()
    if to_update:
        model.objects.bulk_update(to_update, [*fields, "sort_order"], batch_size=200)
    for child, pk in zip(
        to_create, rows.reserve_ids(model, len(to_create)), strict=True
    ):
        child.pk = pk
    rows.insert(model, to_create)


def _update_relations(written: list[Written], refs) -> None:
    for name in _m2m_names():
        through, target = _through(name)
        pks = [w.item.pk for w in written]
        current: dict[int, list[int]] = {pk: [] for pk in pks}
        for item_id, other in through.objects.filter(
            serviceitem_id__in=pks
        ).values_list("serviceitem_id", f"{target}_id"):
            current[item_id].append(other)
        rewrite = [w for w in written if name in w.write.changed]
        if rewrite:
            through.objects.filter(
                serviceitem_id__in=[w.item.pk for w in rewrite]
            ).delete()
        links = []
        for entry in written:
            if name in entry.write.changed:
                related = [r.pk for r in refs.related(name, entry.write.data[name])]
                links += [
                    {"serviceitem_id": entry.item.pk, f"{target}_id": pk}
                    for pk in related
                ]
                entry.m2m[name] = related
            else:
                entry.m2m[name] = current[entry.item.pk]
        rows.insert_values(through, links)


def _m2m_names() -> list[str]:
    return [f.name for f in get_all_child_m2m_relations(ServiceItem)]


def _through(name: str):
    model_field = ServiceItem._meta.get_field(name)
    return model_field.remote_field.through, model_field.m2m_reverse_field_name()


class _References:
    """Reference data by natural key, loaded once per write."""

    def __init__(self):
        self.regions = dict(Region.objects.values_list("code", "pk"))
        self.departments = {
            (region, name): pk
            for pk, region, name in Department.objects.values_list(
                "pk", "region_id", "name"
            )
        }
        self.by_key = {
            "topics": {(t.audience_group, t.code): t for t in Topic.objects.all()},
            "life_events": {e.name: e for e in LifeEvent.objects.all()},
            "bundles": {b.name: b for b in Bundle.objects.all()},
        }

    def region(self, code: str) -> int:
        return self._get(self.regions, code, "region_code")

    def department(self, region_id: int, name: str) -> int:
        return self._get(self.departments, (region_id, name), "department_name")

    def related(self, relation: str, keys) -> list:
        table = self.by_key[relation]
        if relation == "topics":
            keys = [tuple(k) for k in keys]
        return [self._get(table, key, relation) for key in keys]

    @staticmethod
    def _get(table, key, field_name):
        try:
            return table[key]
        except KeyError:
            raise ValidationError(
                {field_name: _("Unknown reference: %(value)s") % {"value": key}},
                code="unknown_reference",
            ) from None
