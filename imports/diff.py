"""Stage 5 (per item): merge a parsed row onto the stored item and diff them.

ADR 0006: only the keys the workbook carries replace stored values; the
rest keep what the database holds.  Values are compared after a light
normalisation (trimmed text, ``\\r\\n`` → ``\\n``, code lists as sets) so an
export re-imported plans nothing.  Child rows are matched to stored ones by
name, so editing one material is one change and files attached to the
other materials (blank forms, samples) survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import columns

CHILD_RELATIONS = ("materials", "fees", "steps", "faqs")
CHILD_KEY = {"materials": "name", "fees": "name", "steps": "name", "faqs": "question"}
# Keys whose order carries no meaning (code lists and reference names).
UNORDERED = columns.unordered_keys()
# Child fields a workbook can carry; a fee's legal basis has no column.
FEE_FIELDS = frozenset({"name", "standard"})


@dataclass
class ChildDiff:
    target: list[dict] = field(default_factory=list)
    pks: list[int | None] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)  # {"name", "changes"}
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    reordered: bool = False

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.reordered)


@dataclass
class ItemDiff:
    target: dict
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    children: dict[str, ChildDiff] = field(default_factory=dict)

    @property
    def changed_keys(self) -> frozenset[str]:
        keys = {name for name, _before, _after in self.changes}
        keys |= {rel for rel, diff in self.children.items() if diff.is_changed}
        return frozenset(keys)


def normalise(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


def same(key: str, before, after) -> bool:
    if before == after:
        return True  # the common case of a re-import, without normalising
    before, after = normalise(before), normalise(after)
    if key in UNORDERED and isinstance(before, list) and isinstance(after, list):
        return sorted(map(repr, before)) == sorted(map(repr, after))
    return before == after


def diff_item(
    stored: dict,
    child_pks: dict[str, list[int]],
    parsed: dict,
    fields: set[str],
    child_fields: dict[str, set[str]],
) -> ItemDiff:
    """Merge ``parsed`` (only ``fields``) onto ``stored``; list what changes."""
    target = dict(stored)
    result = ItemDiff(target=target)
    for key in sorted(fields - set(CHILD_RELATIONS)):
        if key not in stored:
            continue
        if not same(key, stored[key], parsed[key]):
            result.changes.append((key, stored[key], parsed[key]))
            target[key] = parsed[key]
    for relation in CHILD_RELATIONS:
        if relation in fields:
            child = diff_children(
                stored[relation],
                child_pks.get(relation, []),
                parsed[relation],
                child_fields.get(relation),
                CHILD_KEY[relation],
            )
            result.children[relation] = child
            if child.is_changed:
                target[relation] = child.target
    return result


def diff_children(
    stored: list[dict],
    pks: list[int],
    incoming: list[dict],
    fields: set[str] | None,
    key: str,
) -> ChildDiff:
    """Match incoming child rows to stored ones by ``key``; merge ``fields``."""
    unused = list(range(len(stored)))
    result = ChildDiff()
    for incoming_row in incoming:
        wanted = normalise(incoming_row[key])
        match = next((i for i in unused if normalise(stored[i][key]) == wanted), None)
        if match is None:
            result.target.append(incoming_row)
            result.pks.append(None)
            result.added.append(incoming_row[key])
            continue
        unused.remove(match)
        merged, changes = _merge_child(stored[match], incoming_row, fields)
        result.target.append(merged)
        result.pks.append(pks[match] if match < len(pks) else None)
        if changes:
            result.changed.append({"name": incoming_row[key], "changes": changes})
        else:
            result.unchanged += 1
    result.removed = [stored[i][key] for i in unused]
    matched = [pk for pk in result.pks if pk is not None]
    result.reordered = matched != [pk for pk in pks if pk in set(matched)]
    return result


def _merge_child(stored: dict, incoming: dict, fields: set[str] | None):
    merged = dict(stored)
    changes = []
    for name, value in incoming.items():
        if fields is not None and name not in fields:
            continue
        if not same(name, stored.get(name), value):
            changes.append((name, stored.get(name), value))
            merged[name] = value
    return merged, changes
