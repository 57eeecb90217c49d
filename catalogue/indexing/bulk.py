"""Item documents in bulk, from ``values()`` rows instead of model instances.

Building a ``ServiceItem`` with four prefetched relations per document cost
about two thirds of an import's indexing (model ``__init__``, modelcluster's
managers and one queryset clone per relation and item).  Here a chunk of
items is one ``values()`` query, each relation one query over its link
table, materials one query, and the few regions, departments, topics, life
events and bundles they name are read once per call and kept.  The rows
become ``ItemParts`` and go through the same ``document_from_parts`` as
``item_document``, so both paths give equal documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..variants import effective_variant
from .items import ItemParts, document_from_parts

BULK_SIZE = 1000
ITEM_VALUES = (
    "pk",
    "implementation_code",
    "name",
    "aliases",
    "accept_conditions",
    "result_name",
    "handling_office",
    "audience",
    "online_depth",
    "channels",
    "is_high_frequency",
    "updated_at",
    "variant",
    "region_id",
    "department_id",
)


def item_documents(queryset, base=None) -> Iterator:
    """Documents of the items of ``queryset``, read ``BULK_SIZE`` at a time (by pk)."""
    names = _Names()
    last = 0
    while True:
        rows = list(
            queryset.filter(pk__gt=last).order_by("pk").values(*ITEM_VALUES)[:BULK_SIZE]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        yield from _documents(rows, names, base)
        if len(rows) < BULK_SIZE:
            return


def _documents(rows: list[dict], names: _Names, base) -> Iterator:
    from ..models import Material

    pks = [row["pk"] for row in rows]
    related = {relation: names.related(relation, pks) for relation in RELATIONS}
    materials = defaultdict(list)
    for item_id, name in (
        Material.objects.filter(item_id__in=pks)
        .order_by("item_id", "sort_order", "pk")
        .values_list("item_id", "name")
    ):
        materials[item_id].append(name)
    names.load_places(rows)
    for row in rows:
        pk = row["pk"]
        region_code, region_name = names.regions[row["region_id"]]
        department_name, short_name = names.departments[row["department_id"]]
        yield document_from_parts(
            ItemParts(
                code=row["implementation_code"],
                name=row["name"],
                aliases=tuple(
                    a.strip() for a in row["aliases"].splitlines() if a.strip()
                ),
                accept_conditions=row["accept_conditions"],
                result_name=row["result_name"],
                handling_office=row["handling_office"],
                audience=row["audience"],
                online_depth=row["online_depth"],
                channels=row["channels"],
                is_high_frequency=row["is_high_frequency"],
                updated_at=row["updated_at"],
                variant=effective_variant(row["variant"], row["name"]),
                region_code=region_code,
                region_name=region_name,
                department_name=department_name,
                department_short_name=short_name,
                topics=related["topics"].get(pk, []),
                life_events=related["life_events"].get(pk, []),
                bundles=related["bundles"].get(pk, []),
                materials=materials.get(pk, []),
            ),
            base,
        )


# Each relation's names are sorted as ``item.topics.all()`` etc. order them
# (the target's default ordering), then by primary key.
RELATIONS = ("topics", "life_events", "bundles")


class _Names:
    """Names of the reference rows the items point at, read once per call."""

    def __init__(self):
        self.regions: dict[int, tuple[str, str]] = {}
        self.departments: dict[int, tuple[str, str]] = {}
        # Relation → target pk → (sort key, name).
        self.targets: dict[str, dict[int, tuple]] = {}

    def load_places(self, rows: list[dict]) -> None:
        from ..models import Department, Region

        wanted = {r["region_id"] for r in rows} - set(self.regions)
        if wanted:
            for pk, code, name in Region.objects.filter(pk__in=wanted).values_list(
                "pk", "code", "name"
            ):
                self.regions[pk] = (code, name)
        wanted = {r["department_id"] for r in rows} - set(self.departments)
        if wanted:
            for pk, name, short in Department.objects.filter(pk__in=wanted).values_list(
                "pk", "name", "short_name"
            ):
                self.departments[pk] = (name, short)

    def related(self, relation: str, pks: list[int]) -> dict[int, list[str]]:
        from ..models import ServiceItem

        model_field = ServiceItem._meta.get_field(relation)
        through = model_field.remote_field.through
        target_column = f"{model_field.m2m_reverse_field_name()}_id"
        links = list(
            through.objects.filter(serviceitem_id__in=pks).values_list(
                "serviceitem_id", target_column
            )
        )
        targets = self._targets(relation, model_field.related_model, links)
        found: dict[int, list] = defaultdict(list)
        for item_id, target in links:
            found[item_id].append(targets[target])
        return {
            item_id: [name for _key, name in sorted(entries)]
            for item_id, entries in found.items()
        }

    def _targets(self, relation, model, links) -> dict[int, tuple]:
        known = self.targets.setdefault(relation, {})
        wanted = {target for _item, target in links} - set(known)
        if wanted:
            ordering = [o for o in model._meta.ordering if not o.startswith("-")]
            for pk, name, *key in model.objects.filter(pk__in=wanted).values_list(
                "pk", "name", *ordering
            ):
                known[pk] = ((*key, pk), name)
        return known
