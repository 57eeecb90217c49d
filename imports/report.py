"""The import report: a copy of the input workbook with each row's outcome added.

Every sheet is copied cell by cell as values (calamine reads the cached
result of a formula and never evaluates it; a large sheet is streamed, as
the import reads it), one column is added after the
last used column with the row's problems in words, and the row's problem
cells are filled red (error) or yellow (warning).  A last sheet lists every
problem, including those of whole sheets.  Written text is neutralised, so
a formula-like value from the input cannot run in the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .export_format import neutralise
from .issues import column_letter
from .reader import open_sheet, open_workbook

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
ERROR_OUTCOMES = frozenset({"error", "skipped"})
# The summary sheet's name; a numeral is added if the input has one already.
SUMMARY_SHEET = "导入问题"


@dataclass(frozen=True)
class Outcome:
    """One line of the report: a row's result or one of its problems."""

    sheet: str
    row: int | None
    outcome: str  # created|updated|unchanged|skipped|error|warning
    column: str = ""
    column_letter: str = ""
    code: str = ""
    message: str = ""

    @property
    def is_problem(self) -> bool:
        return self.outcome in ("error", "warning", "skipped")

    @classmethod
    def of(cls, value) -> Outcome:
        """From a dict, an ``ImportRowOutcome`` or a pipeline ``Issue``."""
        get = (
            value.get
            if isinstance(value, dict)
            else lambda k, d="": getattr(value, k, d)
        )
        outcome = get("outcome", "") or get("severity", "") or "error"
        return cls(
            sheet=get("sheet", ""),
            row=get("row", None),
            outcome=outcome,
            column=get("column", "") or "",
            column_letter=get("column_letter", "") or "",
            code=get("code", "") or "",
            message=str(get("message", "") or ""),
        )


def write_report(
    input_path,
    row_outcomes: Iterable,
    out: str | IO[bytes],
    *,
    header_rows: dict[str, int] | None = None,
    language: str | None = None,
) -> None:
    """Write the report of an import of ``input_path`` to ``out``.

    ``row_outcomes`` are dicts or objects with ``sheet``, ``row`` (Excel's
    1-based number, ``None`` for the whole sheet), ``outcome`` or
    ``severity``, ``column``, ``column_letter``, ``code`` and ``message``.
    ``header_rows`` names each sheet's (last) header row, where the added
    column gets its title (default: the sheet's first row).
    """
    outcomes = [Outcome.of(o) for o in row_outcomes]
    by_row: dict[tuple[str, int | None], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_row[(outcome.sheet, outcome.row)].append(outcome)
    with translation.override(language or translation.get_language()):
        book = Workbook(write_only=True)
        with open_workbook(input_path) as source:
            names = list(source.sheet_names)
            for name in names:
                sheet = open_sheet(source, name)
                _copy_sheet(book, sheet, by_row, (header_rows or {}).get(name, 1))
        _summary_sheet(book, _unique(SUMMARY_SHEET, names), outcomes)
        book.save(out)


def _copy_sheet(book, sheet, by_row, header_row: int) -> None:
    target = book.create_sheet(sheet.name)
    top, left = sheet.start or (0, 0)
    extra = left + (sheet.width or _measured_width(sheet))
    target.column_dimensions[column_letter(extra)].width = 60
    for _blank in range(top):
        target.append([])
    letters: dict[str, str] = {}  # header as written → column letter
    for offset, values in enumerate(sheet.iter_rows()):
        number = top + offset + 1
        cells = [None] * left + [_value(v) for v in values]
        if number == header_row:
            letters = _header_letters(cells)
            target.append([*cells, *[None] * (extra - len(cells)), _title(target)])
            continue
        found = by_row.get((sheet.name, number), [])
        target.append(_styled_row(target, cells, found, extra, letters))


def _measured_width(sheet) -> int:
    """Columns used, for a streamed sheet whose file does not declare them."""
    return max((len(values) for values in sheet.iter_rows()), default=0)


def _header_letters(cells: list) -> dict[str, str]:
    return {
        str(value).strip(): column_letter(index)
        for index, value in enumerate(cells)
        if isinstance(value, str) and value.strip()
    }


def _styled_row(target, cells: list, found: list[Outcome], extra: int, header_letters):
    """The copied row, its problem cells filled, plus the outcome cell."""
    cells = cells + [None] * (extra - len(cells))
    if not found:
        return cells
    fill = ERROR_FILL if any(o.outcome in ERROR_OUTCOMES for o in found) else None
    fill = fill or (WARNING_FILL if any(o.is_problem for o in found) else None)
    if fill is None:
        return [*cells, neutralise(_status_text(found))]
    # Outcomes stored on a run name the column by its header only.
    letters = {
        o.column_letter or header_letters.get(o.column.strip(), "") for o in found
    }
    row = [
        _filled(target, value, fill) if column_letter(index) in letters else value
        for index, value in enumerate(cells)
    ]
    note = WriteOnlyCell(target, value=neutralise(_problem_text(found)))
    note.fill, note.alignment = fill, WRAP
    return [*row, note]


def _filled(target, value, fill) -> WriteOnlyCell:
    cell = WriteOnlyCell(target, value=value)
    cell.fill = fill
    return cell


def _title(target) -> WriteOnlyCell:
    cell = WriteOnlyCell(target, value=_("Import result"))
    cell.font = BOLD
    return cell


def _value(value):
    """A cell as written: text neutralised, other values (numbers, dates) as they are."""
    if isinstance(value, str):
        return neutralise(value) or None
    return None if value == "" else value


def _status_text(found: list[Outcome]) -> str:
    labels = {
        "created": _("New"),
        "updated": _("Updated"),
        "unchanged": _("Unchanged"),
    }
    return "；".join(dict.fromkeys(labels.get(o.outcome, o.outcome) for o in found))


def _problem_text(found: list[Outcome]) -> str:
    lines = []
    for outcome in found:
        if not outcome.is_problem:
            continue
        if outcome.outcome == "skipped" and not outcome.message:
            lines.append(_("Skipped: the row was not imported."))
            continue
        kind = _("Warning") if outcome.outcome == "warning" else _("Error")
        where = (
            _("column %(column)s: ") % {"column": outcome.column}
            if outcome.column
            else ""
        )
        lines.append(f"{kind} · {where}{outcome.message}")
    return "\n".join(lines)


def _summary_sheet(book, title: str, outcomes: list[Outcome]) -> None:
    sheet = book.create_sheet(title)
    for letter, width in zip("ABCDEF", (20, 8, 20, 10, 20, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    headers = [
        _("Sheet"),
        _("Row"),
        _("Column"),
        _("Severity"),
        _("Reason"),
        _("Message"),
    ]
    sheet.append([_bold(sheet, h) for h in headers])
    for o in outcomes:
        if o.is_problem:
            severity = _("Warning") if o.outcome == "warning" else _("Error")
            cells = [o.sheet, o.row, o.column, severity, o.code, o.message]
            sheet.append([neutralise(c) if isinstance(c, str) else c for c in cells])


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def _unique(name: str, taken: list[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}{number}", number + 1
    return candidate
