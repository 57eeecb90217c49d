"""Large .xlsx sheets are stream-read (imports.xlsx_stream) with calamine's results."""

from __future__ import annotations

import datetime
import io
import re
import tempfile
import zipfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from imports.pipeline import parse_workbook
from imports.reader import SheetReader, iter_sheet, open_workbook
from imports.report import _measured_width
from imports.xlsx_stream import StreamedSheet, column_index, sheet_member

from .helpers import canonical_sheets, sample, write_workbook

STREAM_ALWAYS = override_settings(IMPORTS_STREAM_SHEET_BYTES=0)


class StreamedSheetTests(SimpleTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = Path(self.tmp.name)

    def _mixed_workbook(self) -> Path:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "混合"
        sheet.append(["标题"])
        sheet.append(["编码", "名称", "数量", "网办", "日期", "比例"])
        sheet.append(["0700157000", "（甲）", 3, True, datetime.date(2026, 1, 2), 1.5])
        sheet.append([])  # a gap inside the data
        sheet.append(["", "乙", 990100, False, None, None])
        sheet["H5"] = "far right"
        sheet.merge_cells("A1:F1")
        sheet.merge_cells("A3:A4")
        sheet.cell(row=5000, column=1).number_format = "0.00"  # formatting only
        path = self.dir / "mixed.xlsx"
        workbook.save(path)
        return path

    def test_rows_and_merges_match_calamine(self):
        path = self._mixed_workbook()
        member, _size = sheet_member(path, "混合")
        streamed = StreamedSheet(path, "混合", member)
        loaded = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("混合")
        self.assertEqual(
            sorted(streamed.merged_cell_ranges), sorted(loaded.merged_cell_ranges)
        )
        ours = [(r.number, r.cells) for r in SheetReader(streamed)]
        theirs = [(r.number, r.cells) for r in SheetReader(loaded)]
        trimmed = [(n, _trim(cells)) for n, cells in theirs]
        self.assertEqual([(n, _trim(c)) for n, c in ours], trimmed)
        self.assertIn(
            (3, ["0700157000", "（甲）", "3", "TRUE", "2026-01-02", "1.5"]),
            trimmed,
        )

    def test_width_is_declared_or_measured(self):
        path = self._mixed_workbook()
        member, _size = sheet_member(path, "混合")
        loaded = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("混合")
        self.assertEqual(StreamedSheet(path, "混合", member).width, loaded.width)
        bare = self.dir / "bare.xlsx"
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == member:
                    data = re.sub(rb"<dimension [^>]*/>", b"", data)
                target.writestr(info, data)
        undeclared = StreamedSheet(bare, "混合", member)
        self.assertEqual(undeclared.width, 0)
        self.assertEqual(_measured_width(undeclared), loaded.width)

    def test_trailing_formatting_is_not_read(self):
        path = self._mixed_workbook()
        member, _size = sheet_member(path, "混合")
        rows = list(StreamedSheet(path, "混合", member).iter_rows())
        self.assertEqual(len(rows), 5)

    def test_odd_cell_references_are_read_in_order_not_trusted(self):
        path = write_workbook(self.dir / "odd.xlsx", {"s": [["a", "b", "c"]]})
        odd = self.dir / "odd2.xlsx"
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(odd, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b'r="B1"', b'r="ZZZZZZ1"')
                    data = data.replace(b'r="C1"', b'r="c1"')
                target.writestr(info, data)
        member, _size = sheet_member(odd, "s")
        rows = list(StreamedSheet(odd, "s", member).iter_rows())
        self.assertEqual(rows, [["a", "b", "c"]])

    def test_column_letters(self):
        for letters, index in [
            ("A", 0),
            ("Z", 25),
            ("AA", 26),
            ("AM", 38),
            ("ZZ", 701),
        ]:
            with self.subTest(letters=letters):
                self.assertEqual(column_index(letters), index)

    def test_only_large_sheets_are_streamed(self):
        path = write_workbook(self.dir / "c.xlsx", canonical_sheets(sample()))
        with open_workbook(path) as workbook:
            self.assertNotIsInstance(
                iter_sheet(workbook, "事项清单")._sheet, StreamedSheet
            )
        with STREAM_ALWAYS, open_workbook(path) as workbook:
            self.assertIsInstance(
                iter_sheet(workbook, "事项清单")._sheet, StreamedSheet
            )

    def test_an_uploaded_file_is_streamed_from_a_temporary_copy(self):
        """A file object (an upload, remote storage) is streamed too, then cleaned up."""
        path = write_workbook(self.dir / "c.xlsx", canonical_sheets(sample()))
        with STREAM_ALWAYS, open_workbook(io.BytesIO(path.read_bytes())) as workbook:
            sheet = iter_sheet(workbook, "事项清单")._sheet
            self.assertIsInstance(sheet, StreamedSheet)
            copy = Path(sheet._path)
            self.assertTrue(copy.exists())
        self.assertFalse(copy.exists())
        self.assertFalse(copy.parent.exists())

    def test_a_streamed_import_parses_the_same(self):
        path = write_workbook(self.dir / "c.xlsx", canonical_sheets(sample()))
        loaded = parse_workbook(path)
        with STREAM_ALWAYS:
            streamed = parse_workbook(path)
        self.assertTrue(loaded.items)
        self.assertEqual(streamed.items, loaded.items)
        self.assertEqual(streamed.issues, loaded.issues)


def _trim(cells: list[str]) -> list[str]:
    """Calamine pads rows to the sheet width; the stream stops at the last cell."""
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells
