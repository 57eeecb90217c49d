"""Regions still send .xls and .ods: calamine reads them like .xlsx."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from imports.pipeline import parse_workbook

from .helpers import by_code, canonical_sheets, sample, write_workbook


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                table_row.addElement(_ods_cell(value, TableCell, P))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _ods_cell(value, cell_class, paragraph):
    if value is None or value == "":
        return cell_class()
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float):
        cell = cell_class(valuetype="float", value=value)
    else:
        cell = cell_class(valuetype="string")
    cell.addElement(paragraph(text=str(value)))
    return cell


class OtherFormatTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.sheets = canonical_sheets(sample())
        self.expected = parse_workbook(
            write_workbook(self.folder / "a.xlsx", self.sheets)
        )
        self.assertTrue(self.expected.items)

    def assert_same_import(self, path: Path) -> None:
        result = parse_workbook(path)
        self.assertEqual(by_code(result.items), by_code(self.expected.items))
        self.assertEqual(
            [(i.sheet, i.row, i.code) for i in result.issues],
            [(i.sheet, i.row, i.code) for i in self.expected.issues],
        )

    def test_xls_imports_like_xlsx(self):
        self.assert_same_import(write_xls(self.folder / "a.xls", self.sheets))

    def test_ods_imports_like_xlsx(self):
        self.assert_same_import(write_ods(self.folder / "a.ods", self.sheets))

    def test_an_uploaded_xls_needs_no_file_name(self):
        path = write_xls(self.folder / "a.xls", self.sheets)
        with path.open("rb") as upload:
            result = parse_workbook(upload)
        self.assertEqual(by_code(result.items), by_code(self.expected.items))
