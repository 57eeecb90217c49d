"""Export items to the canonical exchange workbook (what the importer reads best).

``export_items`` streams with openpyxl's write-only mode, so memory stays flat
however many items are written; the database is read in chunks with every
relation prefetched.  Re-importing an unchanged export plans no changes
(the round trip is a test).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from catalogue import services

from . import columns
from . import export_format as fmt
from .issues import column_letter

CHUNK_SIZE = 500
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# Column widths (characters) by canonical header; others get the default.
# Column widths by header, as the column declarations give them.
WIDTHS = {
    column.label: column.width
    for kind in ("items", "materials")
    for column in columns.exported(kind)
}
DEFAULT_WIDTH = 12


def export_items(items, target: str | IO[bytes]) -> dict:
    """Write ``items`` to ``target`` (a path or a binary stream).

    ``items`` is a queryset of service items (see
    ``catalogue.services.items_for_export``) or an iterable of
    implementation codes.  Returns ``{"items": n, "materials": n}``.
    """
    if not hasattr(items, "iterator"):
        items = services.items_for_export().filter(implementation_code__in=list(items))
    workbook = Workbook(write_only=True)
    item_sheet = _sheet(workbook, fmt.ITEMS_SHEET, fmt.item_headers())
    material_sheet = _sheet(workbook, fmt.MATERIALS_SHEET, fmt.material_headers())
    counts = {"items": 0, "materials": 0}
    for data, region_name in _item_data(items):
        item_sheet.append(fmt.item_row(data, region_name))
        counts["items"] += 1
        for row in fmt.material_rows(data):
            material_sheet.append(row)
            counts["materials"] += 1
    _instructions(workbook.create_sheet(fmt.INSTRUCTIONS_SHEET), counts)
    workbook.save(target)
    return counts


def _item_data(items) -> Iterable[tuple[dict, str]]:
    for item in items.iterator(chunk_size=CHUNK_SIZE):
        yield services.item_to_data(item), item.region.name


def _sheet(workbook, title: str, headers: list[str]):
    """A write-only sheet with a frozen, bold header row."""
    sheet = workbook.create_sheet(title)
    for index, header in enumerate(headers):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(header, DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, header) for header in headers])
    return sheet


def _header_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center")
    return cell


def _instructions(sheet, counts: dict) -> None:
    sheet.column_dimensions["A"].width = 120
    for line in instruction_lines(counts):
        sheet.append([fmt.neutralise(line)])


def instruction_lines(counts: dict | None = None) -> list[str]:
    """The 说明 sheet: what the workbook holds and how values are written."""
    lines = [_("Service item implementation list (exported from Banshi)")]
    if counts is not None:
        lines.append(
            _("%(items)d items and %(materials)d application materials.") % counts
        )
    return lines + value_conventions()


def value_conventions() -> list[str]:
    return [
        _(
            "Sheet 事项清单 has one item per row, keyed by 实施编码; sheet 材料信息 has "
            "one material per row, keyed by 实施编码, 序号 being its order within the item."
        ),
        _("Codes (实施编码, 基本编码, 区划代码) are text: keep leading zeros."),
        _(
            "Yes/no columns: 是 or 否. Lists (别名, 服务对象, 渠道 …): values joined with 、."
        ),
        _(
            "收费标准: items written as 项目：标准 joined with ；, or 不收费. "
            "Time limits: N个工作日, N个自然日, N个月, 即办 for 0, 无法定时限 when the law sets none."
        ),
        _("网上办理深度: Ⅰ级 to Ⅳ级. 材料必要性: 必要 or 非必要."),
        _(
            "Text starting with = + - or @ is written with a leading apostrophe (') so "
            "that spreadsheets show it as text and never run it as a formula."
        ),
    ]
