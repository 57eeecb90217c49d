"""Export to the canonical workbook: layout, neutralised text, round trip."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase

from catalogue import services
from catalogue.exchange import normalise_data
from imports import export_format as fmt
from imports.export import export_items
from imports.pipeline import parse_workbook

from .helpers import REPO_ROOT, shared_data

DEMO = REPO_ROOT / "cms" / "demo" / "catalogue.json"


def demo_data() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def load_demo_subset(step: int = 9) -> list[str]:
    """Reference data and every ``step``-th demo item; returns their codes."""
    data = demo_data()
    services.sync_reference_data(data)
    rows = data["items"][::step]
    services.upsert_items(rows)
    return [row["implementation_code"] for row in rows]


class NeutraliseTests(SimpleTestCase):
    def test_formula_starts_are_prefixed(self):
        """= + - @ tab and CR at the start get a leading apostrophe."""
        for text in (
            "=1+1",
            "+86 123",
            "-abc",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=HYPERLINK(x)",
        ):
            with self.subTest(text=text):
                self.assertEqual(fmt.neutralise(text), "'" + text)

    def test_safe_text_is_unchanged(self):
        """Plain text, signed plain numbers and inner formula characters stay."""
        for text in ("居民身份证", "-5", "+3.5", "a=b", "12345", ""):
            with self.subTest(text=text):
                self.assertEqual(fmt.neutralise(text), text)

    def test_control_characters_are_dropped(self):
        self.assertEqual(fmt.neutralise("a\x01b\x1fc\nd"), "abc\nd")


class ValueFormatTests(SimpleTestCase):
    def test_time_limits(self):
        cases = [
            ((20, "working_day"), "20个工作日"),
            ((60, "natural_day"), "60个自然日"),
            ((3, "month"), "3个月"),
            ((0, "working_day"), "即办"),
            ((None, ""), "无法定时限"),
        ]
        for (value, unit), text in cases:
            with self.subTest(text=text):
                self.assertEqual(fmt.time_limit(value, unit), text)

    def test_promised_limit_absent_is_empty(self):
        self.assertEqual(fmt.promised_limit(None, ""), "")

    def test_channels_and_flags(self):
        data = normalise_data(
            {
                "implementation_code": "X",
                "region_code": "990100",
                "department_name": "局",
                "channels": ["web", "window", "express_in", "express_out"],
            }
        )
        row = dict(zip(fmt.item_headers(), fmt.item_row(data), strict=True))
        self.assertEqual(row["渠道"], "网上办、窗口办、邮递办")
        self.assertEqual(row["是否支持物流快递"], "是")
        self.assertEqual(row["是否支持预约办理"], "否")


class CanonicalLayoutTests(SimpleTestCase):
    """The export writes exactly the shared canonical workbook from the same data."""

    def test_rows_equal_catalogue_clean_xlsx(self):
        path = shared_data("catalogue-clean.xlsx")
        if path is None:
            self.skipTest("../shared/data/catalogue-clean.xlsx is not present")
        data = demo_data()
        names = {region["code"]: region["name"] for region in data["regions"]}
        book = openpyxl.load_workbook(path, read_only=True)
        items = list(book[fmt.ITEMS_SHEET].iter_rows(values_only=True))
        materials = list(book[fmt.MATERIALS_SHEET].iter_rows(values_only=True))
        self.assertEqual(list(items[0]), fmt.item_headers())
        self.assertEqual(list(materials[0]), fmt.material_headers())
        mine_materials = []
        for item, row in zip(data["items"], items[1:], strict=True):
            item = normalise_data(item)
            with self.subTest(code=item["implementation_code"]):
                self.assertEqual(
                    fmt.item_row(item, names[item["region_code"]]), list(row)
                )
            mine_materials += fmt.material_rows(item)
        self.assertEqual(mine_materials, [list(row) for row in materials[1:]])


class ExportRoundTripTests(TestCase):
    """Export from the database, parse it back: no errors, the same data."""

    @classmethod
    def setUpTestData(cls):
        cls.codes = load_demo_subset()

    def export(self, items=None) -> bytes:
        stream = io.BytesIO()
        export_items(
            items if items is not None else services.items_for_export(), stream
        )
        return stream.getvalue()

    def test_parses_back_without_errors_to_the_database_data(self):
        content = self.export()
        result = parse_workbook(io.BytesIO(content))
        self.assertEqual(result.errors, [])
        self.assertEqual(
            sorted(i["implementation_code"] for i in result.items), sorted(self.codes)
        )
        database = {
            i.implementation_code: services.item_to_data(i)
            for i in services.items_for_export()
        }
        self.assertIn("materials", result.fields_present)
        for item in result.items:
            expected = database[item["implementation_code"]]
            # The workbook has no column for a fee's legal basis.
            expected["fees"] = [{**fee, "basis": ""} for fee in expected["fees"]]
            expected["topics"] = [tuple(t) for t in expected["topics"]]
            with self.subTest(code=item["implementation_code"]):
                for key in result.fields_present:
                    self.assertEqual(item[key], expected[key], key)

    def test_codes_are_text_with_leading_zeros(self):
        book = openpyxl.load_workbook(io.BytesIO(self.export()))
        sheet = book[fmt.ITEMS_SHEET]
        headers = [c.value for c in sheet[1]]
        column = headers.index("基本编码") + 1
        values = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
        self.assertTrue(values)
        for value in values:
            self.assertEqual(value.data_type, "s")
        self.assertTrue(any(v.value.startswith("0") for v in values))

    def test_codes_select_items(self):
        result = parse_workbook(io.BytesIO(self.export(self.codes[:2])))
        self.assertEqual(
            sorted(i["implementation_code"] for i in result.items),
            sorted(self.codes[:2]),
        )

    def test_formula_text_is_neutralised(self):
        """Text starting with = is stored as a string with an apostrophe, never a formula."""
        item = services.items_for_export().get(implementation_code=self.codes[0])
        item.accept_conditions = '=HYPERLINK("http://evil","点击")'
        item.legal_basis = "@SUM(1+1)"
        services.save_item(item=item, publish=True)
        content = self.export([self.codes[0]])
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    self.assertNotIn(b"<f>", archive.read(name))
        sheet = openpyxl.load_workbook(io.BytesIO(content))[fmt.ITEMS_SHEET]
        values = {c.value for c in sheet[2]}
        self.assertIn('\'=HYPERLINK("http://evil","点击")', values)
        self.assertIn("'@SUM(1+1)", values)
        # Read back, the quoted text is the item's own text: nothing to change.
        from imports.services import plan_import

        plan = plan_import(io.BytesIO(content))
        self.assertEqual(plan.errors, [])
        self.assertEqual([c.action for c in plan.items], ["unchanged"])

    def test_a_theme_whose_name_holds_a_separator_round_trips(self):
        """社会保障（社会保险、社会救助） is exported joined with 、 and read back whole."""
        from catalogue.models import Topic
        from imports.services import plan_import

        topics = Topic.objects.filter(
            audience_group="natural_person", code__in=["010", "085", "060"]
        )
        self.assertEqual(len(topics), 3)
        item = services.items_for_export().get(implementation_code=self.codes[0])
        item.audience = ["1"]
        item.topics.set(topics)
        services.save_item(item=item, publish=True)
        plan = plan_import(io.BytesIO(self.export([self.codes[0]])))
        self.assertEqual(plan.errors, [])
        self.assertEqual([c.action for c in plan.items], ["unchanged"])

    def test_reimporting_an_export_plans_zero_changes(self):
        """An export imported again plans no change at all (issue 3)."""
        from imports.services import plan_import

        stream = io.BytesIO()
        export_items(services.items_for_export(), stream)
        stream.seek(0)
        plan = plan_import(stream)
        self.assertEqual(plan.errors, [])
        changed = [c.as_dict() for c in plan.items if c.action != "unchanged"]
        self.assertEqual(changed, [])
        self.assertEqual(plan.counts["items"]["unchanged"], len(self.codes))
        self.assertEqual(plan.counts["materials"]["created"], 0)
        self.assertEqual(plan.counts["materials"]["removed"], 0)
        self.assertFalse(plan.has_changes)


class ExportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.codes = load_demo_subset(step=25)

    def test_region_option_limits_the_items(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.xlsx"
            out = io.StringIO()
            call_command("export_items", str(path), region="990100", stdout=out)
            summary = json.loads(out.getvalue())
            result = parse_workbook(path)
        regions = {i["region_code"] for i in result.items}
        self.assertEqual(regions, {"990100"})
        self.assertEqual(summary["items"], len(result.items))
        self.assertGreater(summary["items"], 0)
        self.assertLess(summary["items"], len(self.codes))

    def test_whole_catalogue_without_region(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.xlsx"
            call_command("export_items", str(path), stdout=io.StringIO())
            self.assertEqual(len(parse_workbook(path).items), len(self.codes))

    def test_unknown_region_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "Unknown region code: 123456"):
            call_command("export_items", "never.xlsx", region="123456")


class QuotedFormulaParseTests(SimpleTestCase):
    def test_the_exports_quoted_form_reads_back_as_the_text(self):
        from imports.parsers import parse_text

        for text in ("=1+1", "+86 123", "-abc", "@SUM(A1)"):
            with self.subTest(text=text):
                self.assertEqual(parse_text(fmt.neutralise(text)), text)
        self.assertEqual(parse_text("'abc"), "'abc")  # other quotes are data
