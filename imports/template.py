"""The blank import template: canonical headers, instructions, drop-down lists.

Every code-list column gets a drop-down (Excel data validation) whose values
are the labels the importer reads; the lists live on a hidden sheet and are
referenced by range, so long lists (topics) work and the labels are written
once.  Columns that take several values (服务对象, 渠道, topics) accept any
text: the drop-down helps pick one value, the importer checks the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from . import columns
from . import export_format as fmt
from .export import HEADER_FILL, HEADER_FONT, value_conventions
from .headers import labels
from .issues import column_letter

LISTS_SHEET = "代码表"
# Rows of the data area that carry the drop-downs.
TEMPLATE_ROWS = 5000
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


@dataclass(frozen=True)
class CodeList:
    """The drop-down of one column: its labels and whether several may be joined."""

    kind: str
    field: str
    values: tuple[str, ...]
    multiple: bool = False


def code_lists() -> list[CodeList]:
    """Every column with a drop-down, items first (from the column declarations)."""
    return [
        CodeList(kind, column.name, column.choices(), column.multiple)
        for kind in ("items", "materials")
        for column in columns.exported(kind)
        if column.choices is not None
    ]


def _required(kind: str) -> frozenset[str]:
    return columns.required(kind)


def write_template(target: str | IO[bytes]) -> None:
    """Write the blank template workbook to ``target`` (a path or binary stream)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    fields = {
        kind: [column.name for column in columns.exported(kind)]
        for kind in ("items", "materials")
    }
    sheets = {
        "items": _data_sheet(workbook, fmt.ITEMS_SHEET, "items", fields["items"]),
        "materials": _data_sheet(
            workbook, fmt.MATERIALS_SHEET, "materials", fields["materials"]
        ),
    }
    _instructions(workbook.create_sheet(fmt.INSTRUCTIONS_SHEET))
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for number, code_list in enumerate(code_lists()):
        kind = code_list.kind
        _add_list(lists, number, code_list, sheets[kind], fields[kind])
    workbook.active = 0
    workbook.save(target)


def _data_sheet(workbook, title: str, kind: str, fields: list[str]):
    sheet = workbook.create_sheet(title)
    names = labels(kind)
    for index, name in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=index, value=names[name])
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if name in _required(kind) else HEADER_FILL
        width = columns.by_name(kind)[name].width
        sheet.column_dimensions[column_letter(index - 1)].width = width
        # Codes are text: a text-formatted column keeps leading zeros as typed.
        if name in ("implementation_code", "catalogue_code", "region_code"):
            for row in range(2, 201):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    return sheet


def _add_list(lists, number: int, code_list: CodeList, sheet, fields) -> None:
    letter = column_letter(number)
    column = column_letter(fields.index(code_list.field))
    # Not the field's label: the importer would take this sheet for a data sheet.
    title = f"{sheet.title}!{column}"
    lists.cell(row=1, column=number + 1, value=title)
    for row, value in enumerate(code_list.values, start=2):
        lists.cell(row=row, column=number + 1, value=value)
    last = len(code_list.values) + 1
    validation = DataValidation(
        type="list",
        formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${last}",
        allow_blank=True,
        showErrorMessage=not code_list.multiple,
        errorTitle=_("Not in the list"),
        error=_("Choose a value from the list."),
        promptTitle=_("Several values") if code_list.multiple else None,
        prompt=_("Several values may be joined with 、.")
        if code_list.multiple
        else None,
        showInputMessage=code_list.multiple,
    )
    validation.add(f"{column}2:{column}{TEMPLATE_ROWS}")
    sheet.add_data_validation(validation)


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 120
    title = sheet.cell(row=1, column=1, value=_("Import template for service items"))
    title.font = Font(bold=True, size=14)
    lines = [
        _(
            "Fill in one item per row on 事项清单 and one application material per row "
            "on 材料信息; do not rename or reorder the header row."
        ),
        _(
            "Columns with an orange header are required. Columns with a drop-down take "
            "a value from the list; where several values are allowed, join them with 、."
        ),
        _(
            "Upload the file in the admin under Import: it shows what will change and "
            "every problem (sheet, row, column) before anything is saved."
        ),
        *value_conventions(),
    ]
    for row, line in enumerate(lines, start=2):
        sheet.cell(row=row, column=1, value=fmt.neutralise(line))
