"""Cross-row checks and the catalogue's rules on import rows (imports.validate)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from catalogue import constants
from imports import codes
from imports.pipeline import parse_workbook

from .helpers import canonical_sheets, sample, write_workbook


class CodeTableTests(SimpleTestCase):
    """Every code the label tables produce is a code of catalogue.constants."""

    TABLES = {
        "item_type": constants.ItemType,
        "audience": constants.Audience,
        "exercise_level": constants.ExerciseLevel,
        "handling_type": constants.HandlingType,
        "review_type": constants.ReviewType,
        "online_depth": constants.OnlineDepth,
        "tongban_scope": constants.TongbanScope,
        "result_type": constants.ResultType,
        "material_source": constants.MaterialSource,
        "waive_via": constants.WaiveVia,
        "time_unit": constants.TimeUnit,
    }

    def test_single_codes(self):
        for table, choices in self.TABLES.items():
            for label, code in codes.raw_table(table).items():
                with self.subTest(table=table, label=label):
                    self.assertIn(code, choices.values)

    def test_multiple_codes(self):
        for table in ("channels", "channel_flags"):
            for label, values in codes.raw_table(table).items():
                with self.subTest(table=table, label=label):
                    self.assertLessEqual(set(values), set(constants.Channel.values))
        for label, (form, medium) in codes.raw_table("material_form").items():
            with self.subTest(label=label):
                self.assertIn(form, constants.MaterialForm.values)
                self.assertIn(medium, constants.MaterialMedium.values)


class RowCheckTests(SimpleTestCase):
    """Generated variants of the sample: each problem is one issue on its cell."""

    def setUp(self):
        self.data = sample()
        self.headers = self.data["item_headers"]
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)

    def parse(self, items=None, materials=None):
        data = {**self.data}
        data["items"] = items if items is not None else self.data["items"]
        data["materials"] = (
            materials if materials is not None else self.data["materials"]
        )
        return parse_workbook(
            write_workbook(self.dir / "w.xlsx", canonical_sheets(data))
        )

    def row(self, index=0, **changes):
        row = list(self.data["items"][index])
        for header, value in changes.items():
            row[self.headers.index(header)] = value
        return row

    def errors(self, result):
        return [(e.row, e.column, e.code) for e in result.errors]

    def test_identical_repeat_is_a_warning_and_imported_once(self):
        items = [*self.data["items"], self.row(0)]
        result = self.parse(items)
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.items), len(self.data["items"]))
        repeat = [w for w in result.warnings if w.code == "duplicate_row"]
        self.assertEqual(
            [(w.row, w.column) for w in repeat], [(len(items) + 1, "实施编码")]
        )

    def test_different_repeat_is_a_duplicate_key_error(self):
        items = [*self.data["items"], self.row(0, 事项名称="另一个名称")]
        result = self.parse(items)
        self.assertEqual(
            self.errors(result), [(len(items) + 1, "实施编码", "duplicate_key")]
        )
        self.assertEqual(len(result.items), len(self.data["items"]))

    # The catalogue's rules run in the plan, on the merged item: see
    # test_merged_rules.py.

    def test_one_error_per_problem_even_when_rules_would_follow(self):
        """A cell error stops the rules for that row: no follow-on errors."""
        items = [
            self.row(0, 承诺办结时限="很快", 办件类型="即办件"),
            *self.data["items"][1:],
        ]
        self.assertEqual(
            self.errors(self.parse(items)), [(2, "承诺办结时限", "invalid_number")]
        )

    def test_channel_flag_disagreeing_with_channels_is_a_warning(self):
        items = [
            self.row(
                0,
                是否支持代办="是",
                是否支持预约办理="否",
                是否支持物流快递="否",
                是否支持自助终端="否",
                渠道="网上办、窗口办",
            ),
            *self.data["items"][1:],
        ]
        result = self.parse(items)
        self.assertEqual(result.errors, [])
        self.assertIn(
            ("是否支持代办", "inconsistent"),
            [(w.column, w.code) for w in result.warnings],
        )
        item = next(i for i in result.items if i["implementation_code"] == items[0][0])
        self.assertEqual(item["channels"], ["web", "window", "agent"])

    def test_material_errors(self):
        """A bad material row invalidates its item; an unknown code is reported."""
        materials = [list(m) for m in self.data["materials"]]
        materials[0][self.data["material_headers"].index("来源渠道")] = "天上掉的"
        materials.append(
            [
                "NO-SUCH-1",
                "1",
                "某材料",
                "必要",
                "原件",
                "1",
                "申请人自备",
                "否",
                "",
                "否",
                "",
            ]
        )
        result = self.parse(materials=materials)
        self.assertEqual(
            self.errors(result),
            [
                (2, "来源渠道", "invalid_choice"),
                (len(materials) + 1, "实施编码", "unknown_reference"),
            ],
        )
        self.assertNotIn(
            materials[0][0], [i["implementation_code"] for i in result.items]
        )
        self.assertEqual(result.stats["items_invalid"], 1)

    def test_material_rule_violation(self):
        materials = [list(m) for m in self.data["materials"]]
        headers = self.data["material_headers"]
        materials[0][headers.index("是否可免提交")] = "是"
        materials[0][headers.index("免提交方式")] = ""
        result = self.parse(materials=materials)
        self.assertEqual(self.errors(result), [(2, "免提交方式", "inconsistent")])

    def test_fields_present_lists_what_the_workbook_carries(self):
        result = self.parse()
        self.assertIn("review_type", result.fields_present)
        self.assertIn("materials", result.fields_present)
        self.assertNotIn("faqs", result.fields_present)
        self.assertNotIn("handling_office", result.fields_present)
