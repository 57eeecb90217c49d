"""Stage 1: read a workbook as rows of text, lazily, with merged cells filled.

Calamine never evaluates formulas and reads xlsx, xls and ods.  Every cell
becomes text first (a whole number 990100.0 becomes "990100"), so codes
keep their digits and the parsers see one representation.  Rows are
yielded one at a time; only the merged ranges of the current sheet are kept.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from . import conf
from .filecheck import check_file
from .issues import ImportFileError, column_letter
from .xlsx_stream import StreamedSheet, sheet_member

Range = tuple[tuple[int, int], tuple[int, int]]
COPY_CHUNK = 1 << 20


@dataclass
class Row:
    number: int  # Excel's 1-based row number
    cells: list[str]

    @property
    def is_empty(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def cell_text(value) -> str:
    """One cell as text: whole floats lose their ".0", dates become ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


@contextmanager
def open_workbook(source) -> Iterator[CalamineWorkbook]:
    """Check ``source`` (a path, bytes or a binary file) and open it with calamine."""
    with _binary(source) as handle:
        check_file(handle)  # before any copy: a file too large is not copied
    with _local_path(source) as path:
        try:
            workbook = CalamineWorkbook.from_path(os.fspath(path))
        except (CalamineError, ValueError, OSError) as exc:
            raise ImportFileError(
                _("The workbook cannot be read: %(reason)s") % {"reason": exc}
            ) from exc
        try:
            yield workbook
        finally:
            workbook.close()


@contextmanager
def _binary(source) -> Iterator[IO[bytes]]:
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as handle:
            yield handle
    elif isinstance(source, bytes | bytearray):
        yield io.BytesIO(source)
    else:
        source.seek(0)
        yield source


@contextmanager
def _local_path(source) -> Iterator[Path]:
    """``source`` as a file on the local disk, copied there if it is not.

    Calamine reads a file-like object whole into memory, and a large sheet
    can only be streamed (``xlsx_stream``) from a file: an upload kept in
    remote storage is copied to a temporary file first.
    """
    if isinstance(source, str | os.PathLike):
        yield Path(source)
        return
    with tempfile.TemporaryDirectory(prefix="banshi-import-") as folder:
        path = Path(folder) / "workbook"
        with path.open("wb") as copy:
            if isinstance(source, bytes | bytearray):
                copy.write(source)
            else:
                source.seek(0)
                shutil.copyfileobj(source, copy, COPY_CHUNK)
        yield path


def sheet_names(workbook: CalamineWorkbook) -> list[str]:
    return list(workbook.sheet_names)


def iter_sheet(workbook: CalamineWorkbook, name: str) -> SheetReader:
    return SheetReader(open_sheet(workbook, name))


def open_sheet(workbook: CalamineWorkbook, name: str):
    """Sheet ``name`` with calamine's sheet interface, streamed when it is large."""
    try:
        return _streamed(workbook, name) or workbook.get_sheet_by_name(name)
    except (CalamineError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ImportFileError(
            _("Sheet %(sheet)s cannot be read: %(reason)s")
            % {"sheet": name, "reason": exc}
        ) from exc


def _streamed(workbook: CalamineWorkbook, name: str) -> StreamedSheet | None:
    """A large .xlsx sheet read from a path is streamed rather than loaded whole."""
    if workbook.path is None:
        return None
    found = sheet_member(workbook.path, name)
    if found is None or found[1] <= conf.get("IMPORTS_STREAM_SHEET_BYTES"):
        return None
    return StreamedSheet(workbook.path, name, found[0])


class SheetReader:
    """The rows of one sheet as ``Row`` objects, with limits enforced.

    Call ``set_data_start`` once the header is known: merged ranges that
    start below it are forward-filled (a department merged over its items),
    while in the header area every merge is filled (group labels).
    """

    def __init__(self, sheet):
        self.name = sheet.name
        self._sheet = sheet
        self._ranges = sorted(sheet.merged_cell_ranges or [])
        self._data_start = 0  # 0-based row index
        self._max_chars = conf.get("IMPORTS_MAX_CELL_CHARS")
        self._check_height()

    def set_data_start(self, row_number: int) -> None:
        self._data_start = row_number - 1

    def _check_height(self) -> None:
        limit = conf.get("IMPORTS_MAX_ROWS")
        if self._sheet.height > limit + conf.get("IMPORTS_HEADER_SEARCH_ROWS"):
            raise ImportFileError(
                _(
                    "Sheet %(sheet)s has %(rows)d rows, more than the limit of %(limit)d."
                )
                % {"sheet": self.name, "rows": self._sheet.height, "limit": limit}
            )

    def head(self, count: int) -> list[Row]:
        """The first ``count`` non-empty rows, for finding the header."""
        rows = []
        for row in self:
            rows.append(row)
            if len(rows) >= count:
                break
        return rows

    def data_rows(self) -> Iterator[Row]:
        """Non-empty rows from the data start on (a fresh pass over the sheet)."""
        for row in self:
            if row.number > self._data_start:
                yield row

    def __iter__(self) -> Iterator[Row]:
        start = self._sheet.start or (0, 0)
        filler = _MergeFiller(self._ranges)
        max_empty = conf.get("IMPORTS_MAX_EMPTY_ROWS")
        empty_run = 0
        for offset, values in enumerate(self._sheet.iter_rows()):
            index = start[0] + offset
            cells = self._cells(values, index, start[1])
            filler.fill(index, cells, vertical_only=index >= self._data_start)
            row = Row(index + 1, cells)
            if row.is_empty:
                empty_run += 1
                if empty_run > max_empty:
                    self._too_many_empty(index + 2 - empty_run)
                continue
            empty_run = 0
            yield row

    def _cells(self, values: list, index: int, first_column: int) -> list[str]:
        # The hot loop of the import: one pass per cell, settings read once per sheet.
        cells = [""] * first_column
        max_chars = self._max_chars
        for column, value in enumerate(values, first_column):
            if type(value) is str:
                if len(value) > max_chars:
                    self._too_long(value, index, column)
                cells.append(value)
            else:
                cells.append(cell_text(value))
        return cells

    def _too_long(self, value: str, index: int, column: int) -> None:
        raise ImportFileError(
            _(
                "Cell %(cell)s of sheet %(sheet)s holds %(size)d characters, "
                "more than the limit of %(limit)d."
            )
            % {
                "cell": f"{column_letter(column)}{index + 1}",
                "sheet": self.name,
                "size": len(value),
                "limit": self._max_chars,
            }
        )

    def _too_many_empty(self, first_empty: int) -> None:
        raise ImportFileError(
            _(
                "Sheet %(sheet)s has more than %(limit)d consecutive empty rows from "
                "row %(row)d; delete them, or the content below them, and try again."
            )
            % {
                "sheet": self.name,
                "limit": conf.get("IMPORTS_MAX_EMPTY_ROWS"),
                "row": first_empty,
            }
        )


class _MergeFiller:
    """Copy each merged range's top-left value into its other cells, row by row."""

    def __init__(self, ranges: list[Range]):
        self._pending = list(reversed(ranges))  # pop() yields the topmost first
        self._active: list[tuple[Range, str]] = []

    def fill(self, index: int, cells: list[str], *, vertical_only: bool) -> None:
        while self._pending and self._pending[-1][0][0] <= index:
            merged = self._pending.pop()
            (top, left), _end = merged
            value = cells[left] if left < len(cells) and top == index else ""
            self._active.append((merged, value))
        if not self._active:
            return
        self._active = [(m, v) for m, v in self._active if m[1][0] >= index]
        for ((top, left), (bottom, right)), value in self._active:
            if value and not (vertical_only and top == bottom):
                _fill_cells(cells, left, right, value)


def _fill_cells(cells: list[str], left: int, right: int, value: str) -> None:
    if len(cells) <= right:
        cells.extend([""] * (right + 1 - len(cells)))
    for column in range(left, right + 1):
        if not cells[column]:
            cells[column] = value
