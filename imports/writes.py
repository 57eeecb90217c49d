"""The writes of a plan, held packed until ``apply`` hands them over a chunk at a time.

``catalogue.services.bulk_write_items`` takes its writes by slices of a
thousand; this sequence builds the ``ItemWrite`` objects of a slice only
when asked, so a 100,000-item plan never holds 100,000 item dicts (see
``packed``).  An update keeps only what the write needs of the stored item:
its primary key and its child rows' keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalogue import services

from .packed import PackedList, Packer, Record, unpack


@dataclass(slots=True, frozen=True)
class _Update:
    target: Record
    pk: int
    old_child_pks: dict[str, list[int]]
    changed: frozenset[str]
    child_pks: dict[str, list[int | None]]


class PlannedWrites(PackedList):
    """``ItemWrite`` objects, built on access from packed records."""

    def __init__(self, packer: Packer | None = None):
        super().__init__()
        self.packer = packer or Packer()

    def add_create(self, record: Record) -> None:
        self.entries.append(record)

    def add_update(self, target: dict, stored, changed, child_pks) -> None:
        self.entries.append(
            _Update(
                self.packer.pack(target),
                stored.pk,
                stored.child_pks,
                frozenset(changed),
                child_pks,
            )
        )

    def build(self, entry: Record | _Update) -> services.ItemWrite:
        if type(entry) is Record:
            return services.ItemWrite(data=unpack(entry))
        return services.ItemWrite(
            data=unpack(entry.target),
            existing=services.ExistingItem(
                pk=entry.pk, data={}, child_pks=entry.old_child_pks
            ),
            changed=entry.changed,
            child_pks=entry.child_pks,
        )
