"""Stage 5: what an import would change, item by item, before anything is written.

``build_plan`` compares every valid parsed item with the database, a chunk
of items (one bulk read) at a time: new items, changed items with their
field-level before/after and material changes, unchanged items, and the
regions, departments and other reference data the import will create.  It
also applies the editor's region scope (``out_of_scope``).  The plan holds
the writes ``apply`` hands to ``catalogue.services.bulk_write_items``,
packed until then (``writes``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from catalogue import services

from . import codes, columns
from .diff import CHILD_RELATIONS, FEE_FIELDS, ItemDiff, diff_item
from .headers import labels
from .issues import ERROR, MISSING_REQUIRED, NO_HEADER, Issue
from .packed import unpack
from .pipeline import ParseResult
from .validate import rule_issues
from .writes import PlannedWrites

OUT_OF_SCOPE = "out_of_scope"
CHUNK = 500
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(slots=True)
class ItemChange:
    code: str
    action: str
    sheet: str = ""
    row: int | None = None
    # Tuples by default: one plan holds an ItemChange per item of the workbook.
    changes: list[tuple[str, object, object]] | tuple = ()
    materials: dict[str, list] | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "action": self.action,
            "sheet": self.sheet,
            "row": self.row,
            "changes": [
                {"field": name, "before": before, "after": after}
                for name, before, after in self.changes
            ],
            "materials": self.materials or {},
        }


@dataclass
class Plan:
    parse: ParseResult
    items: list[ItemChange] = field(default_factory=list)
    writes: PlannedWrites = field(default_factory=PlannedWrites)
    plan_issues: list[Issue] = field(default_factory=list)
    new_reference: dict[str, list[dict]] = field(default_factory=dict)
    materials: Counter = field(default_factory=Counter)
    region: str = ""

    @property
    def issues(self) -> list[Issue]:
        return [*self.parse.issues, *self.plan_issues]

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def new_regions(self) -> list[dict]:
        return self.new_reference.get("regions", [])

    @property
    def new_departments(self) -> list[dict]:
        return self.new_reference.get("departments", [])

    @property
    def counts(self) -> dict:
        actions = Counter(change.action for change in self.items)
        return {
            "items": {
                "created": actions[CREATE],
                "updated": actions[UPDATE],
                "unchanged": actions[UNCHANGED],
                "skipped": self.parse.stats.get("items_invalid", 0)
                + sum(1 for i in self.plan_issues if i.is_error),
            },
            "materials": {
                key: self.materials[key]
                for key in ("created", "updated", "unchanged", "removed")
            },
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    @property
    def unreadable(self) -> bool:
        """No sheet had a header: nothing may be applied, even skipping invalid rows."""
        return any(issue.code == NO_HEADER for issue in self.parse.issues)

    @property
    def has_changes(self) -> bool:
        return bool(self.writes) or any(self.new_reference.values())


def build_plan(
    parsed: ParseResult,
    *,
    region: str | None = None,
    allowed_regions: set[str] | None = None,
) -> Plan:
    """Diff ``parsed`` against the database (read only)."""
    plan = Plan(
        parse=parsed, region=region or "", writes=PlannedWrites(parsed.items.packer)
    )
    fields = set(parsed.fields_present)
    if region and "region_code" not in fields:
        fields.add("region_code")
        parsed.items.assign("region_code", region)
    scope = _Scope(region, allowed_regions)
    child_fields = _child_fields(parsed)
    needed = _Needed()
    records = parsed.items.entries
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        existing = services.fetch_items_data(
            r.get("implementation_code") for r in chunk
        )
        for record in chunk:
            item = unpack(record)
            stored = existing.get(item["implementation_code"])
            if scope.rejects(plan, item, stored):
                continue
            written = _plan_item(plan, record, item, stored, fields, child_fields)
            if written is not None:
                needed.add(written)
    plan.new_reference = needed.missing(parsed, region)
    return plan


def _plan_item(plan: Plan, record, item: dict, stored, fields, child_fields):
    """Record what happens to ``item``; the item as written, None if it cannot be."""
    code = item["implementation_code"]
    sheet, row = plan.parse.item_rows.get(code, ("", None))
    if stored is None:
        missing = _missing_for_new(plan, item, sheet, row)
        if missing:
            plan.plan_issues.extend(missing)
            return None
        if not _rules_hold(plan, sheet, row, item, None):
            return None
        plan.items.append(ItemChange(code, CREATE, sheet, row))
        plan.writes.add_create(record)
        plan.materials["created"] += len(item["materials"])
        return item
    diff = diff_item(stored.data, stored.child_pks, item, fields, child_fields)
    keys = diff.changed_keys
    if not keys:
        _count_materials(plan, diff)
        plan.items.append(ItemChange(code, UNCHANGED, sheet, row))
        return diff.target
    if not _rules_hold(plan, sheet, row, diff.target, stored.data):
        return None
    _count_materials(plan, diff)
    plan.items.append(
        ItemChange(code, UPDATE, sheet, row, diff.changes, _material_summary(diff))
    )
    plan.writes.add_update(
        diff.target, stored, keys, {rel: d.pks for rel, d in diff.children.items()}
    )
    return diff.target


def _rules_hold(plan: Plan, sheet: str, row, merged: dict, stored) -> bool:
    """Run the catalogue's rules on the item as it will be written; record issues."""
    mapping = plan.parse.mapping.get(sheet)
    if mapping is None:
        return True
    issues = rule_issues(mapping, row, merged, stored)
    plan.plan_issues.extend(issues)
    return not any(issue.is_error for issue in issues)


def _missing_for_new(plan: Plan, item: dict, sheet: str, row) -> list[Issue]:
    """A new item needs every required column; name each one its sheet lacks.

    Updates need only the implementation code (ADR 0006).  The region may
    come from ``--region``; a sheet without a department column is named
    after its department (one sheet per department).
    """
    mapping = plan.parse.mapping.get(sheet)
    present = set(mapping.columns) if mapping else set()
    missing = [
        name
        for name in sorted(columns.required("items") - {"department_name"})
        if name not in present and not (name == "region_code" and item.get(name))
    ]
    names = labels("items")
    return [
        Issue(
            sheet=sheet,
            row=row,
            column=names.get(name, name),
            column_letter="",
            code=MISSING_REQUIRED,
            message=_(
                "A new item needs a region code; add the column or choose a region."
            )
            if name == "region_code"
            else _("A new item needs this column; the sheet does not have it."),
            severity=ERROR,
            value=item["implementation_code"],
        )
        for name in missing
    ]


def _count_materials(plan: Plan, diff: ItemDiff) -> None:
    materials = diff.children.get("materials")
    if materials is None:
        return
    plan.materials["created"] += len(materials.added)
    plan.materials["updated"] += len(materials.changed)
    plan.materials["unchanged"] += materials.unchanged
    plan.materials["removed"] += len(materials.removed)


def _material_summary(diff: ItemDiff) -> dict:
    materials = diff.children.get("materials")
    if materials is None or not materials.is_changed:
        return {}
    return {
        "added": materials.added,
        "changed": [
            {
                "name": c["name"],
                "changes": [
                    {"field": n, "before": b, "after": a} for n, b, a in c["changes"]
                ],
            }
            for c in materials.changed
        ],
        "removed": materials.removed,
    }


def _child_fields(parsed: ParseResult) -> dict[str, set[str]]:
    """Per child relation, the fields the workbook carries (ADR 0006)."""
    material_fields: set[str] = set()
    for mapping in parsed.mapping.values():
        if mapping.kind == "materials":
            for column in mapping.columns:
                material_fields |= columns.exchange_keys("materials", [column])
    return {"materials": material_fields, "fees": set(FEE_FIELDS)}


class _Scope:
    """The regions an import may touch: ``region``'s subtree ∩ the editor's regions."""

    def __init__(self, region: str | None, allowed: set[str] | None):
        self.allowed = None if allowed is None else set(allowed)
        if region:
            subtree = services.region_subtree_codes(region) | {region}
            self.allowed = subtree if self.allowed is None else self.allowed & subtree

    def rejects(self, plan: Plan, item: dict, stored) -> bool:
        if self.allowed is None:
            return False
        regions = {item["region_code"]} if item.get("region_code") else set()
        if stored is not None:
            regions.add(stored.region_code)
        outside = sorted(regions - self.allowed)
        if not outside:
            return False
        code = item["implementation_code"]
        sheet, row = plan.parse.item_rows.get(code, ("", None))
        plan.plan_issues.append(
            Issue(
                sheet=sheet,
                row=row,
                column=_region_header(plan.parse, sheet),
                column_letter="",
                code=OUT_OF_SCOPE,
                message=_(
                    "Region %(region)s is outside the regions you may import into."
                )
                % {"region": ", ".join(outside)},
                severity=ERROR,
                value=code,
            )
        )
        return True


def _region_header(parsed: ParseResult, sheet: str) -> str:
    mapping = parsed.mapping.get(sheet)
    return mapping.header_of("region_code") if mapping else ""


class _Needed:
    """The reference data the importable items name, gathered item by item."""

    def __init__(self):
        self.regions: set[str] = set()
        self.departments: set[tuple[str, str]] = set()
        self.topics: set[tuple[str, str]] = set()
        self.life_events: set[str] = set()
        self.bundles: set[str] = set()

    def add(self, item: dict) -> None:
        self.regions.add(item["region_code"])
        self.departments.add((item["region_code"], item["department_name"]))
        self.topics.update(tuple(t) for t in item["topics"])
        self.life_events.update(item["life_events"])
        self.bundles.update(item["bundles"])

    def missing(self, parsed: ParseResult, region) -> dict:
        needed = self.regions | ({region} if region else set())
        names = codes.topic_names()
        return services.missing_reference_data(
            regions={code: parsed.regions.get(code, "") for code in needed if code},
            departments=self.departments,
            topics={t: names.get(t, t[1]) for t in self.topics},
            life_events=self.life_events,
            bundles=self.bundles,
        )


__all__ = ["CHILD_RELATIONS", "ItemChange", "Plan", "build_plan"]
