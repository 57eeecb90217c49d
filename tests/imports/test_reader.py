"""Reading workbooks (imports.reader) and refusing bad files."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from imports.filecheck import OLE_MAGIC
from imports.issues import ImportFileError, column_letter
from imports.pipeline import parse_workbook
from imports.reader import cell_text, iter_sheet, open_workbook

from .helpers import canonical_sheets, sample, write_workbook


class CellTextTests(SimpleTestCase):
    def test_table(self):
        import datetime

        cases = [
            (None, ""),
            ("", ""),
            ("0700157000", "0700157000"),
            (990100.0, "990100"),
            (700157000.0, "700157000"),
            (12, "12"),
            (1.5, "1.5"),
            (True, "TRUE"),
            (datetime.date(2026, 1, 2), "2026-01-02"),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(cell_text(value), expected)

    def test_column_letters(self):
        for index, letter in [(0, "A"), (25, "Z"), (26, "AA"), (38, "AM"), (701, "ZZ")]:
            with self.subTest(index=index):
                self.assertEqual(column_letter(index), letter)


class _TempDirTests(SimpleTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = Path(self.tmp.name)

    def assertRefused(self, source, words):
        """parse_workbook raises ImportFileError whose message names the problem."""
        with self.assertRaises(ImportFileError) as caught:
            parse_workbook(source)
        message = str(caught.exception)
        for word in words:
            self.assertIn(word, message)
        return message


class MergedCellTests(_TempDirTests):
    def test_vertical_merges_in_the_data_area_are_filled(self):
        path = write_workbook(
            self.dir / "m.xlsx",
            {"s": [["标题"], ["a", "b"], ["x", "1"], ["", "2"], ["", "3"], ["y", "4"]]},
            {"s": ["A1:B1", "A3:A5"]},
        )
        with open_workbook(path) as workbook:
            reader = iter_sheet(workbook, "s")
            reader.set_data_start(3)
            rows = [(r.number, r.cells) for r in reader.data_rows()]
        self.assertEqual(
            rows,
            [(3, ["x", "1"]), (4, ["x", "2"]), (5, ["x", "3"]), (6, ["y", "4"])],
        )

    def test_file_objects_are_read_too(self):
        path = write_workbook(self.dir / "c.xlsx", canonical_sheets(sample()))
        result = parse_workbook(io.BytesIO(path.read_bytes()))
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.items), len(sample()["items"]))


class BadFileTests(_TempDirTests):
    def setUp(self):
        super().setUp()
        # The assertions read the English messages; the site default is zh-hans.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_renamed_csv(self):
        path = self.dir / "list.xlsx"
        path.write_text("实施编码,事项名称\nHC-1,测试\n", encoding="utf-8")
        self.assertRefused(path, ["CSV"])

    def test_non_workbook_bytes(self):
        self.assertRefused(io.BytesIO(b"\x00\x01\x02\xff" * 100), ["not an Excel"])

    def test_empty_file(self):
        self.assertRefused(io.BytesIO(b""), ["empty"])

    def test_corrupt_zip(self):
        data = write_workbook(
            self.dir / "ok.xlsx", canonical_sheets(sample())
        ).read_bytes()
        self.assertRefused(io.BytesIO(data[: len(data) // 2]), ["damaged"])

    def test_zip_that_is_not_a_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        self.assertRefused(buffer, ["not an Excel"])

    def test_macro_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
        self.assertRefused(buffer, ["macros"])

    def test_encrypted_workbook(self):
        data = (
            OLE_MAGIC
            + b"\x00" * 500
            + "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 100
        )
        self.assertRefused(io.BytesIO(data), ["password"])

    @override_settings(IMPORTS_MAX_UNCOMPRESSED_SIZE=1000)
    def test_zip_bomb_guard(self):
        path = write_workbook(self.dir / "big.xlsx", canonical_sheets(sample()))
        self.assertRefused(path, ["zip bomb", "1000"])

    @override_settings(IMPORTS_MAX_FILE_SIZE=100)
    def test_file_size_limit(self):
        path = write_workbook(self.dir / "big.xlsx", canonical_sheets(sample()))
        self.assertRefused(path, ["limit of 100 bytes"])

    @override_settings(IMPORTS_MAX_CELL_CHARS=50)
    def test_oversized_cell(self):
        data = sample()
        data["items"][0][2] = "名" * 60
        path = write_workbook(self.dir / "cell.xlsx", canonical_sheets(data))
        message = self.assertRefused(path, ["C2", "事项清单", "60"])
        self.assertIn("50", message)

    @override_settings(IMPORTS_MAX_EMPTY_ROWS=5)
    def test_many_empty_rows(self):
        data = sample()
        rows = [data["item_headers"], data["items"][0]] + [[]] * 20 + [data["items"][1]]
        path = write_workbook(self.dir / "empty.xlsx", {"事项清单": rows})
        self.assertRefused(path, ["empty rows", "事项清单", "row 3"])

    @override_settings(IMPORTS_MAX_ROWS=5)
    def test_too_many_rows(self):
        path = write_workbook(self.dir / "rows.xlsx", canonical_sheets(sample()))
        self.assertRefused(path, ["limit of 5", "事项清单"])

    def test_sheet_of_a_million_empty_rows(self):
        """Formatting far down an otherwise empty sheet is neither read nor refused."""
        from openpyxl import load_workbook
        from openpyxl.styles import Font

        path = write_workbook(self.dir / "fmt.xlsx", canonical_sheets(sample()))
        workbook = load_workbook(path)
        workbook["事项清单"].cell(row=1_000_000, column=1).font = Font(bold=True)
        workbook.save(path)
        result = parse_workbook(path)
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.items), len(sample()["items"]))
