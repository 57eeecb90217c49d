"""Stream-read one large .xlsx worksheet row by row, in bounded memory.

Calamine loads a whole sheet before the first row is seen: about 2.5 times
the sheet's XML, so a 100,000-item sheet (250 MB of XML) costs 500 MB.  For
sheets whose XML is larger than ``IMPORTS_STREAM_SHEET_BYTES`` the reader
uses this module instead: ``iterparse`` over the zip member, one row in
memory at a time, with the shared-string table and the sheet's merged ranges
(stored after the data, so found by a quick byte scan first).  The rows it
yields match calamine's: the same Python values per cell (text, float,
bool, datetime for date-formatted numbers), cached results for formulas,
which are never evaluated.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from collections.abc import Iterator

from defusedxml.ElementTree import iterparse
from openpyxl.utils.datetime import from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3}\d+):([A-Z]{1,3}\d+)"'
)
DATA_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
# Built-in number formats that show a date or time (ECMA-376 §18.8.30).
DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(45, 48)})
SCAN_CHUNK = 1 << 20


def sheet_member(path, name: str) -> tuple[str, int] | None:
    """The zip member holding sheet ``name`` and its uncompressed size, if xlsx."""
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        members = _sheet_members(archive)
        member = members.get(name)
        if member is None or member not in archive.NameToInfo:
            return None
        return member, archive.getinfo(member).file_size


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    if "xl/workbook.xml" not in archive.NameToInfo:
        return {}
    targets = {}
    rels = "xl/_rels/workbook.xml.rels"
    if rels in archive.NameToInfo:
        for _event, elem in iterparse(archive.open(rels)):
            if elem.tag == f"{RELS}Relationship":
                target = elem.get("Target", "")
                targets[elem.get("Id")] = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
    sheets = {}
    for _event, elem in iterparse(archive.open("xl/workbook.xml")):
        if elem.tag == f"{MAIN}sheet" and elem.get(DOC_REL) in targets:
            sheets[elem.get("name")] = targets[elem.get(DOC_REL)]
    return sheets


def column_index(letters: str) -> int:
    """0-based column of ``"A"``, ``"AB"``…"""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _range(ref_start: bytes, ref_end: bytes) -> tuple[tuple[int, int], tuple[int, int]]:
    (c1, r1), (c2, r2) = (
        CELL_REF.fullmatch(ref.decode()).groups() for ref in (ref_start, ref_end)
    )
    return (int(r1) - 1, column_index(c1)), (int(r2) - 1, column_index(c2))


class StreamedSheet:
    """The part of calamine's ``CalamineSheet`` that ``SheetReader`` uses."""

    start = (0, 0)

    def __init__(self, path, name: str, member: str):
        self.name = name
        self._path = path
        self._member = member
        self._columns: dict[str, int] = {}  # "AB" → 27, filled as met
        with zipfile.ZipFile(path) as archive:
            self._strings = _shared_strings(archive)
            self._date_styles = _date_styles(archive)
            self.merged_cell_ranges = self._merges(archive)
            self.height, self.width = self._dimension(archive)

    def _merges(self, archive: zipfile.ZipFile) -> list:
        """Merged ranges follow the rows, so scan the bytes for them first."""
        tail, after_data = b"", False
        with archive.open(self._member) as stream:
            while chunk := stream.read(SCAN_CHUNK):
                text = tail + chunk
                if not after_data:
                    end = DATA_END.search(text)
                    if end is None:
                        tail = text[-32:]
                        continue
                    after_data, text = True, text[end.end() :]
                tail = text
        return [_range(*m.groups()) for m in MERGE_REF.finditer(tail)]

    def _dimension(self, archive: zipfile.ZipFile) -> tuple[int, int]:
        """Rows and columns declared by ``<dimension>``, which comes before the data.

        (0, 0) when absent; the column count is 0 when it cannot be trusted.
        """
        with archive.open(self._member) as stream:
            for _event, elem in iterparse(stream, events=("start",)):
                if elem.tag == f"{MAIN}dimension":
                    last = elem.get("ref", "").split(":")[-1]
                    match = CELL_REF.fullmatch(last)
                    if not match or not _is_column(match.group(1)):
                        return (int(match.group(2)) if match else 0), 0
                    return int(match.group(2)), column_index(match.group(1)) + 1
                if elem.tag == f"{MAIN}sheetData":
                    return 0, 0
        return 0, 0

    def iter_rows(self) -> Iterator[list]:
        """Every row from the first to the last with a value, gaps as ``[]``."""
        expected = 0
        with (
            zipfile.ZipFile(self._path) as archive,
            archive.open(self._member) as stream,
        ):
            rows = None  # the <sheetData> element, emptied after every row
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    if elem.tag == f"{MAIN}sheetData":
                        rows = elem
                    continue
                if elem.tag != f"{MAIN}row":
                    continue
                number = int(elem.get("r") or expected + 1) - 1
                values = self._row(elem)
                if rows is not None:
                    rows.clear()  # memory stays one row deep
                if not any(value != "" for value in values):
                    continue  # formatting only: like calamine, not part of the range
                while expected < number:
                    expected += 1
                    yield []
                yield values
                expected = number + 1

    def _row(self, row) -> list:
        values: list = []
        columns = self._columns
        for cell in row.iter(f"{MAIN}c"):
            letters = cell.get("r", "").rstrip("0123456789")
            column = columns.get(letters)
            if column is None and _is_column(letters):
                column = columns[letters] = column_index(letters)
            if column is not None and column > len(values):
                values.extend([""] * (column - len(values)))
            values.append(self._value(cell))
        return values

    def _value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(f"{MAIN}is")
            return _text(inline) if inline is not None else ""
        raw = cell.findtext(f"{MAIN}v")
        if not raw:
            return ""
        if kind == "s":
            return self._strings[int(raw)]
        if kind == "b":
            return raw == "1"
        if kind in ("str", "e"):
            return raw
        try:
            number = float(raw)
        except ValueError:
            return raw  # not a number after all: keep what the file says
        if int(cell.get("s", 0)) in self._date_styles:
            return _date(number)
        return number


def _is_column(letters: str) -> bool:
    """Excel's column letters, A to XFD; anything else is ignored, not trusted."""
    return (
        0 < len(letters) <= 3
        and letters.isascii()
        and letters.isalpha()
        and letters.isupper()
    )


def _date(serial: float):
    """A date-formatted number as calamine gives it: a date when it has no time."""
    value = from_excel(serial)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value


def _text(elem) -> str:
    """A string item's text: its runs, without phonetic (ruby) hints."""
    direct = elem.findtext(f"{MAIN}t")
    if direct is not None:
        return direct
    return "".join(run.findtext(f"{MAIN}t") or "" for run in elem.iter(f"{MAIN}r"))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    member = next(
        (n for n in archive.NameToInfo if n.lower() == "xl/sharedstrings.xml"), None
    )
    if member is None:
        return []
    strings: list[str] = []
    unique: dict[str, str] = {}
    for _event, elem in iterparse(archive.open(member)):
        if elem.tag == f"{MAIN}si":
            text = _text(elem)
            strings.append(unique.setdefault(text, text))
            elem.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.NameToInfo:
        return frozenset()
    custom, formats, in_xfs = {}, [], False
    for event, elem in iterparse(
        archive.open("xl/styles.xml"), events=("start", "end")
    ):
        if elem.tag == f"{MAIN}numFmt" and event == "end":
            custom[int(elem.get("numFmtId", -1))] = elem.get("formatCode", "")
        elif elem.tag == f"{MAIN}cellXfs":
            in_xfs = event == "start"
        elif elem.tag == f"{MAIN}xf" and in_xfs and event == "start":
            formats.append(int(elem.get("numFmtId", 0)))
    return frozenset(
        index
        for index, fmt in enumerate(formats)
        if fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt]))
    )


def _is_date_code(code: str) -> bool:
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[ymdhs]", plain)) and "general" not in plain
