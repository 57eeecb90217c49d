"""Existing items as exchange data, read a chunk at a time.

``fetch_existing`` returns exactly what ``catalogue.exchange.item_to_data``
would for each item (so a diff against it is exact), using a fixed number of
``values()`` queries per chunk instead of model instances per item.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..exchange import CHILDREN, SCALAR_FIELDS
from ..models import ServiceItem

# SQLite allows 32,766 bound parameters; stay far below on every backend.
CHUNK = 500


@dataclass
class ExistingItem:
    pk: int
    data: dict
    # Primary keys of the child rows, aligned with data[relation].
    child_pks: dict[str, list[int]] = field(default_factory=dict)

    @property
    def region_code(self) -> str:
        return self.data["region_code"]


def fetch_existing(codes) -> dict[str, ExistingItem]:
    """Existing items among ``codes`` (any iterable), keyed by implementation code."""
    codes = list(codes)
    found: dict[str, ExistingItem] = {}
    for start in range(0, len(codes), CHUNK):
        found.update(_fetch_chunk(codes[start : start + CHUNK]))
    return found


def _fetch_chunk(codes: list[str]) -> dict[str, ExistingItem]:
    rows = ServiceItem.objects.filter(implementation_code__in=codes).values(
        "pk",
        "implementation_code",
        "aliases",
        "region__code",
        "department__name",
        *SCALAR_FIELDS,
    )
    by_pk: dict[int, ExistingItem] = {}
    for row in rows:
        pk = row.pop("pk")
        data = {"implementation_code": row.pop("implementation_code")}
        data.update({name: row[name] for name in SCALAR_FIELDS})
        data["aliases"] = [a.strip() for a in row["aliases"].splitlines() if a.strip()]
        data["region_code"] = row["region__code"]
        data["department_name"] = row["department__name"]
        by_pk[pk] = ExistingItem(pk=pk, data=data)
    if by_pk:
        _add_relations(by_pk)
        _add_children(by_pk)
    return {item.data["implementation_code"]: item for item in by_pk.values()}


RELATION_VALUES = {
    "topics": ("topic__audience_group", "topic__code"),
    "life_events": ("lifeevent__name",),
    "bundles": ("bundle__name",),
}


def _add_relations(by_pk: dict[int, ExistingItem]) -> None:
    for name, columns in RELATION_VALUES.items():
        through = ServiceItem._meta.get_field(name).remote_field.through
        values = defaultdict(list)
        rows = through.objects.filter(serviceitem_id__in=list(by_pk)).values_list(
            "serviceitem_id", *columns
        )
        for pk, *value in rows:
            values[pk].append(tuple(value) if len(value) > 1 else value[0])
        for pk, item in by_pk.items():
            item.data[name] = sorted(values.get(pk, []))


def _add_children(by_pk: dict[int, ExistingItem]) -> None:
    for relation, (model, fields) in CHILDREN.items():
        for item in by_pk.values():
            item.data[relation] = []
            item.child_pks[relation] = []
        rows = (
            model.objects.filter(item_id__in=list(by_pk))
            .order_by("item_id", "sort_order", "pk")
            .values("pk", "item_id", *fields)
        )
        for row in rows:
            item = by_pk[row.pop("item_id")]
            item.child_pks[relation].append(row.pop("pk"))
            item.data[relation].append(row)
