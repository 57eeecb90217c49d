"""The import pipeline's entry point: workbook → canonical items + issues.

``parse_workbook`` runs stages 1–4 (read, map, parse, validate) in one
pass over the sheets, in workbook order, holding one sheet at a time.
Materials are resolved against the items at the end, so a materials sheet
may come before or after the item sheets.  Nothing touches the database:
the plan and apply stages take ``ParseResult.items`` (the shape
``catalogue.services.upsert_items`` accepts, held packed: see ``packed``)
from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import conf
from .headers import SheetMapping, labels
from .issues import (
    ERROR,
    MISSING_COLUMN,
    NO_HEADER,
    SHEET_IGNORED,
    UNMAPPED_COLUMN,
    WARNING,
    ImportFileError,
    Issue,
)
from .layout import apply_override, detect_layout, has_key_fields
from .packed import PackedItems, Packer, Record
from .reader import iter_sheet, open_workbook
from .rows import ParsedRow, exchange_keys, parse_row
from .validate import (
    ItemIndex,
    build_item,
    build_material,
    unknown_item_issue,
)
from .values import Unread, for_kind, normalised


@dataclass
class ParseResult:
    items: PackedItems = field(default_factory=PackedItems)
    issues: list[Issue] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    mapping: dict[str, SheetMapping] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # code → name ("" if unnamed)
    departments: list[dict] = field(default_factory=list)  # {"region_code", "name"}
    # Exchange keys the workbook carries; the plan stage keeps the others as they are.
    fields_present: set[str] = field(default_factory=set)
    # Where each valid item was read: implementation code → (sheet, Excel row).
    item_rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Values the columns could not read, for the value-mapping step.
    unread: Unread = field(default_factory=Unread)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == WARNING]


def parse_workbook(
    source,
    *,
    mapping: dict[str, dict[str, int]] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> ParseResult:
    """Read, map, parse and validate a workbook (a path or a binary file).

    ``mapping`` optionally gives, per sheet name, an editor's ``field →
    column index`` choice that replaces the detected one; ``values`` an
    editor's value map (``imports.values``).  Raises ``ImportFileError``
    for a file that cannot be read at all.
    """
    run = _Run(normalised(values))
    with open_workbook(source) as workbook:
        for name in workbook.sheet_names:
            run.read_sheet(workbook, name, (mapping or {}).get(name))
    return run.finish()


class _Run:
    def __init__(self, values=None):
        self.values = values or {}
        self.result = ParseResult()
        self.index = ItemIndex()
        self.packer = Packer()
        self.items: dict[str, Record] = {}
        # Implementation code → its materials as (序号, packed material).
        self.materials: dict[str, list[tuple[int | None, Record]]] = {}
        self.invalid_codes: set[str] = set()
        self.departments: set[tuple[str, str]] = set()
        self.items_unknown = False
        self.pending: list[tuple[ParsedRow, SheetMapping, dict]] = []
        self.stats = {
            "sheets": {},
            "items_valid": 0,
            "items_invalid": 0,
            "materials_valid": 0,
            "materials_invalid": 0,
            "materials_dropped": 0,
        }

    def read_sheet(self, workbook, name: str, override: dict | None) -> None:
        reader = iter_sheet(workbook, name)
        layout = detect_layout(
            name, reader.head(conf.get("IMPORTS_HEADER_SEARCH_ROWS"))
        )
        if override:
            layout = apply_override(layout, override)
        self.result.mapping[name] = layout
        if not self._usable(layout):
            return
        reader.set_data_start(layout.first_data_row)
        count = 0
        handle = self._item_row if layout.kind == "items" else self._material_row
        values, language = for_kind(self.values, layout.kind), get_language()
        for row in reader.data_rows():
            parsed = parse_row(row, layout, values, language)
            if not parsed.data and not parsed.issues:
                continue  # only unmapped columns (a row counter) are filled
            self._note_unread(parsed, layout, row)
            count += 1
            if count > conf.get("IMPORTS_MAX_ROWS"):
                raise ImportFileError(
                    _("Sheet %(sheet)s has more data rows than the limit of %(limit)d.")
                    % {"sheet": name, "limit": conf.get("IMPORTS_MAX_ROWS")}
                )
            handle(parsed, layout)
        self.stats["sheets"][name] = count

    def _usable(self, layout: SheetMapping) -> bool:
        if layout.kind is None:
            self._sheet_issue(
                layout,
                SHEET_IGNORED,
                _("No known column headers were found; the sheet is not imported."),
                WARNING,
            )
            return False
        self._report_unmapped(layout)
        if not has_key_fields(layout):
            # Its items are unknown, so materials cannot be said to point at nothing.
            self.items_unknown |= layout.kind == "items"
            self._sheet_issue(
                layout,
                MISSING_COLUMN,
                _(
                    "The sheet has no implementation code (实施编码) or name column; it cannot be imported."
                ),
                ERROR,
            )
            return False
        self.result.fields_present |= exchange_keys(layout.kind, layout.columns)
        return True

    def _note_unread(self, parsed: ParsedRow, layout: SheetMapping, row) -> None:
        for name in parsed.failed:
            index = layout.columns[name]
            text = row.cells[index] if index < len(row.cells) else ""
            reason = next(
                (i.code for i in parsed.issues if i.column == layout.header_of(name)),
                "",
            )
            self.result.unread.add(
                layout.kind, name, text, reason, layout.sheet, parsed.number
            )

    def _report_unmapped(self, layout: SheetMapping) -> None:
        for header in layout.unmapped:
            message = _("Column %(header)s is not a known field and is ignored.")
            self._sheet_issue(
                layout, UNMAPPED_COLUMN, message % {"header": header}, WARNING, header
            )

    def _sheet_issue(self, layout, code, message, severity, column="") -> None:
        self.result.issues.append(
            Issue(layout.sheet, None, column, "", code, message, severity)
        )

    def _item_row(self, parsed: ParsedRow, layout: SheetMapping) -> None:
        unique = self.index.check(parsed, layout)
        item = build_item(parsed, layout)
        # The catalogue's rules run in the plan, on the item merged with the stored one.
        self.result.issues.extend(parsed.issues)
        if not unique and not parsed.has_errors:
            return  # an exact repeat of an earlier row: imported once
        if parsed.has_errors:
            self.stats["items_invalid"] += 1
            if unique:  # a clashing repeat must not spoil the row it repeats
                self.invalid_codes.add(parsed.data.get("implementation_code", ""))
            return
        self.items[item["implementation_code"]] = self.packer.pack(item)
        self.result.item_rows[item["implementation_code"]] = (
            parsed.sheet,
            parsed.number,
        )
        self._note_reference_data(item, parsed.data.get("_region_name", ""))

    def _note_reference_data(self, item: dict, region_name: str) -> None:
        code = item.get("region_code", "")
        if code and (region_name or code not in self.result.regions):
            self.result.regions[code] = region_name
        key = (code, item.get("department_name", ""))
        if key not in self.departments:
            self.departments.add(key)
            self.result.departments.append({"region_code": code, "name": key[1]})

    def _material_row(self, parsed: ParsedRow, layout: SheetMapping) -> None:
        material = self.packer.pack_shared(build_material(parsed, layout))
        code = parsed.data.get("_item_code", "")
        if code in self.items or code in self.invalid_codes:
            self._resolve_material(parsed, layout, material)
        else:  # its item may be on a later sheet
            self.pending.append((parsed, layout, material))

    def finish(self) -> ParseResult:
        if not self.stats["sheets"]:
            self._nothing_recognised()
        for parsed, layout, material in self.pending:
            self._resolve_material(parsed, layout, material)
        self.pending = []
        broken = {code for code in self.invalid_codes if code in self.items}
        for code in broken:
            del self.items[code]
            self.stats["materials_dropped"] += len(self.materials.pop(code, ()))
        self.stats["items_invalid"] += len(broken)
        self.stats["items_valid"] = len(self.items)
        self.stats["materials_valid"] = sum(map(len, self.materials.values()))
        records = (self._with_materials(code, r) for code, r in self.items.items())
        self.result.items = PackedItems(records, self.packer)
        self.items, self.materials = {}, {}
        self.result.stats = self.stats
        return self.result

    def _nothing_recognised(self) -> None:
        """No sheet could be read: one error per sheet saying what was looked for."""
        self.result.issues = [i for i in self.result.issues if i.code != SHEET_IGNORED]
        names = labels("items")
        wanted = "、".join(
            names[f] for f in ("implementation_code", "name", "region_code")
        )
        rows = conf.get("IMPORTS_HEADER_SEARCH_ROWS")
        for layout in self.result.mapping.values():
            if layout.kind is not None:
                continue  # a sheet without key columns already has its error
            self._sheet_issue(
                layout,
                NO_HEADER,
                _(
                    "No header row was found in the first %(rows)d rows: looked for "
                    "known column headers such as %(headers)s."
                )
                % {"rows": rows, "headers": wanted},
                ERROR,
            )
        if not self.result.mapping:
            self.result.issues.append(
                Issue(
                    "", None, "", "", NO_HEADER, _("The workbook has no sheets."), ERROR
                )
            )

    def _with_materials(self, code: str, record: Record) -> Record:
        pairs = self.materials.pop(code, None)
        if not pairs:
            return record
        return self.packer.replace(record, "materials", _ordered(pairs))

    def _resolve_material(
        self, parsed: ParsedRow, layout: SheetMapping, material: dict
    ) -> None:
        code = parsed.data.get("_item_code", "")
        if code and code not in self.items and code not in self.invalid_codes:
            if self.items_unknown:
                self.stats["materials_dropped"] += 1
                return
            unknown_item_issue(parsed, layout, code)
        self.result.issues.extend(parsed.issues)
        if parsed.has_errors:
            self.stats["materials_invalid"] += 1
            self.invalid_codes.add(code)  # its item would be imported incomplete
        elif code in self.invalid_codes:
            self.stats["materials_dropped"] += 1
        else:
            self.materials.setdefault(code, []).append(
                (parsed.data.get("_sequence"), material)
            )


def _ordered(pairs: list[tuple[int | None, Record]]) -> list[Record]:
    """Materials by their 序号 when every row has one, else in file order."""
    if all(seq is not None for seq, _m in pairs):
        pairs = sorted(pairs, key=lambda pair: pair[0])
    return [material for _seq, material in pairs]
