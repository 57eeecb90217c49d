"""The report workbook: the input copied as values, one outcome column added."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from django.test import SimpleTestCase, override_settings
from django.utils import translation

from imports.pipeline import parse_workbook
from imports.report import ERROR_FILL, SUMMARY_SHEET, WARNING_FILL, write_report

from .helpers import write_workbook

HEADERS = [
    "实施编码",
    "事项名称",
    "区划代码",
    "实施主体",
    "事项类型",
    "行使层级",
    "办件类型",
    "承诺办结时限",
    "到办事现场次数",
    "必须现场办理原因说明",
]
REST = ["海川市公安局", "行政许可", "市级", "即办件", "即办", 1, "需现场核验身份"]
GOOD = ["A-001", "事项一", "990100", *REST]


def fill_of(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else ""


class ReportTests(SimpleTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.source = write_workbook(
            self.folder / "in.xlsx",
            {
                "标题页": [["政务服务事项清单", "=SUM(1,2)"], ["共 3 项"]],
                "事项": [
                    ["某市实施清单"],
                    HEADERS,
                    GOOD,
                    [
                        "A-002",
                        "",
                        "990100",
                        "海川市公安局",
                        "行政许可",
                        "市级",
                        "即办件",
                    ],
                    ["A-003", "x", "990100", "局", "非法", *REST[2:]],
                    [None],
                    ["A-004", "事项四", 990100, *REST],
                ],
            },
        )
        # Text that looks like a formula, stored as text (as regions' files do).
        book = openpyxl.load_workbook(self.source)
        book["事项"]["B5"].value = '=HYPERLINK("x")'
        book["事项"]["B5"].data_type = "s"
        book.save(self.source)

    def report(self, outcomes, **kwargs) -> openpyxl.Workbook:
        out = io.BytesIO()
        write_report(self.source, outcomes, out, **kwargs)
        self.content = out.getvalue()
        return openpyxl.load_workbook(io.BytesIO(self.content))

    def test_values_and_sheets_are_copied(self):
        book = self.report([])
        self.assertEqual(book.sheetnames, ["标题页", "事项", SUMMARY_SHEET])
        sheet = book["事项"]
        self.assertEqual([c.value for c in sheet[3]][: len(GOOD)], GOOD)
        self.assertEqual(sheet["C7"].value, 990100)  # numbers stay numbers
        self.assertIsNone(sheet["A6"].value)  # empty rows keep their place

    def test_problems_are_listed_on_their_row_with_a_fill(self):
        result = parse_workbook(self.source)
        self.assertTrue(result.errors)
        header_rows = {
            name: m.header_rows[-1]
            for name, m in result.mapping.items()
            if m.header_rows
        }
        book = self.report(result.issues, header_rows=header_rows)
        sheet = book["事项"]
        extra = len(HEADERS) + 1
        self.assertEqual(sheet.cell(row=2, column=extra).value, "Import result")
        note = sheet.cell(row=4, column=extra)
        self.assertIn("事项名称", note.value)
        self.assertIn("Error", note.value)
        self.assertEqual(fill_of(note), ERROR_FILL.fgColor.rgb)
        self.assertEqual(fill_of(sheet["B4"]), ERROR_FILL.fgColor.rgb)  # the bad cell
        self.assertEqual(fill_of(sheet["A4"]), "")
        bad = sheet.cell(row=5, column=extra).value
        self.assertIn("formula", bad.lower())
        self.assertIn("事项类型", bad)
        self.assertIsNone(sheet.cell(row=3, column=extra).value)  # a clean row

    def test_warnings_are_yellow_and_outcomes_are_named(self):
        outcomes = [
            {"sheet": "事项", "row": 3, "outcome": "created"},
            {
                "sheet": "事项",
                "row": 7,
                "outcome": "warning",
                "column": "区划代码",
                "column_letter": "C",
                "code": "inconsistent",
                "message": "check it",
            },
        ]
        sheet = self.report(outcomes)["事项"]
        extra = len(HEADERS) + 1
        self.assertEqual(sheet.cell(row=3, column=extra).value, "New")
        warning = sheet.cell(row=7, column=extra)
        self.assertEqual(warning.value, "Warning · column 区划代码: check it")
        self.assertEqual(fill_of(warning), WARNING_FILL.fgColor.rgb)
        self.assertEqual(fill_of(sheet["C7"]), WARNING_FILL.fgColor.rgb)

    def test_formulas_never_reach_the_report(self):
        """Formula-like input text and messages are written as neutral strings."""
        outcomes = [{"sheet": "事项", "row": 5, "outcome": "error", "message": "=1+1"}]
        book = self.report(outcomes)
        with zipfile.ZipFile(io.BytesIO(self.content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    self.assertNotIn(b"<f>", archive.read(name))
        sheet = book["事项"]
        self.assertEqual(sheet["B5"].value, '\'=HYPERLINK("x")')
        self.assertEqual(sheet["B5"].data_type, "s")
        summary = list(book[SUMMARY_SHEET].iter_rows(values_only=True))
        self.assertEqual(summary[1][5], "'=1+1")

    def test_summary_lists_sheet_level_problems(self):
        outcomes = [
            {
                "sheet": "标题页",
                "row": None,
                "severity": "warning",
                "code": "sheet_ignored",
                "message": "not imported",
            },
        ]
        summary = list(self.report(outcomes)[SUMMARY_SHEET].iter_rows(values_only=True))
        self.assertEqual(
            summary[1],
            ("标题页", None, None, "Warning", "sheet_ignored", "not imported"),
        )

    def test_summary_sheet_name_does_not_clash(self):
        self.source = write_workbook(
            self.folder / "clash.xlsx", {SUMMARY_SHEET: [["a"]]}
        )
        book = self.report([])
        self.assertEqual(book.sheetnames, [SUMMARY_SHEET, SUMMARY_SHEET + "2"])


@override_settings(IMPORTS_STREAM_SHEET_BYTES=0)
class StreamedReportTests(ReportTests):
    """Every report test again with each sheet streamed, as a large one is."""

    def test_streamed_report_matches_the_loaded_one(self):
        outcomes = parse_workbook(self.source).issues
        streamed = self.report(outcomes)
        with override_settings(IMPORTS_STREAM_SHEET_BYTES=2**40):
            loaded = self.report(outcomes)
        self.assertEqual(streamed.sheetnames, loaded.sheetnames)
        # Not 标题页: its formula has no cached value, so calamine leaves its
        # column out of the sheet's width while the declared dimension counts it.
        for name in ("事项", SUMMARY_SHEET):
            with self.subTest(sheet=name):
                self.assertEqual(
                    [[(c.value, fill_of(c)) for c in row] for row in streamed[name]],
                    [[(c.value, fill_of(c)) for c in row] for row in loaded[name]],
                )
