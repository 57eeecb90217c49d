"""Header normalisation and mapping (imports.headers, imports.layout)."""

from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from imports.headers import (
    CONTAINS,
    EXACT,
    SYNONYM,
    lookup_table,
    map_columns,
    match_header,
    normalise_header,
)
from imports.layout import detect_layout
from imports.reader import Row


class NormaliseHeaderTests(SimpleTestCase):
    def test_table(self):
        cases = [
            ("事项名称", "事项名称"),
            ("事项名称 ", "事项名称"),
            ("通办范围\u00a0", "通办范围"),
            ("\u3000实施 编码", "实施编码"),
            ("*事项名称", "事项名称"),
            ("ＡＢＣ（１）", "abc(1)"),
            ("PC在线办理跳转地址", "pc在线办理跳转地址"),
            ("", ""),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(normalise_header(text), expected)


class MatchHeaderTests(SimpleTestCase):
    def test_confidences(self):
        table = lookup_table("items")
        cases = [
            ("实施主体", "department_name", EXACT),
            ("审批部门", "department_name", SYNONYM),
            ("实施机构", "department_name", SYNONYM),
            ("办理部门", "department_name", SYNONYM),
            ("承诺期限", "promised_limit", SYNONYM),
            ("法定期限", "legal_limit", SYNONYM),
            ("网上服务深度", "online_depth", SYNONYM),
            ("事项编码", "catalogue_code", SYNONYM),
            ("行使层级 ", "exercise_level", EXACT),
            ("事项名称（必填）", "name", CONTAINS),
            ("序号", None, 0.0),
            ("共 379 项：其中行政许可 137 项；行政处罚 2 项；行政征收 6 项", None, 0.0),
        ]
        for text, field, confidence in cases:
            with self.subTest(text=text):
                match = match_header(text, table)
                self.assertEqual((match.field, match.confidence), (field, confidence))

    def test_material_synonyms(self):
        table = lookup_table("materials")
        self.assertEqual(match_header("是否必要", table).field, "required")
        self.assertEqual(match_header("份数", table).field, "copies")

    @override_settings(IMPORTS_EXTRA_HEADER_SYNONYMS={"items": {"name": ["办事项目"]}})
    def test_synonyms_extend_through_settings(self):
        self.assertEqual(match_header("办事项目", lookup_table("items")).field, "name")

    def test_a_field_claimed_twice_keeps_the_surer_column(self):
        columns, confidence, unmapped = map_columns(
            {0: "咨询方式", 1: "咨询电话", 2: "备忘"}, "items"
        )
        self.assertEqual(columns, {"consult_phone": 1})
        self.assertEqual(confidence, {"consult_phone": EXACT})
        self.assertEqual(unmapped, ["咨询方式", "备忘"])


class DetectLayoutTests(SimpleTestCase):
    def test_title_and_summary_rows_are_skipped(self):
        rows = [
            Row(1, ["政务服务事项实施清单"] * 4),
            Row(2, ["共 3 项：其中行政许可 3 项"] + [""] * 3),
            Row(3, ["序号", "实施编码", "事项名称", "审批部门"]),
            Row(4, ["1", "A-1", "名称", "部门"]),
        ]
        mapping = detect_layout("s", rows)
        self.assertEqual(mapping.kind, "items")
        self.assertEqual(mapping.header_rows, [3])
        self.assertEqual(mapping.first_data_row, 4)
        self.assertEqual(
            mapping.columns, {"implementation_code": 1, "name": 2, "department_name": 3}
        )
        self.assertEqual(mapping.unmapped, ["序号"])

    def test_two_row_header_combines_ambiguous_sub_labels(self):
        rows = [
            Row(1, ["实施编码", "事项名称", "咨询", "投诉", "是否支持", "是否支持"]),
            Row(2, ["实施编码", "事项名称", "电话", "电话", "预约办理", "代办"]),
        ]
        mapping = detect_layout("s", rows)
        self.assertEqual(mapping.header_rows, [1, 2])
        self.assertEqual(mapping.columns["consult_phone"], 2)
        self.assertEqual(mapping.columns["complaint_phone"], 3)
        self.assertEqual(mapping.columns["supports_appointment"], 4)
        self.assertEqual(mapping.confidence["supports_agent"], EXACT)
        self.assertEqual(mapping.header_of("consult_phone"), "咨询/电话")

    def test_materials_sheet(self):
        mapping = detect_layout(
            "材料", [Row(1, ["实施编码", "序号", "材料名称", "是否必要", "份数"])]
        )
        self.assertEqual(mapping.kind, "materials")
        self.assertEqual(mapping.columns["sequence"], 1)

    def test_notes_sheet_is_not_a_table(self):
        mapping = detect_layout(
            "说明",
            [Row(1, ["本工作簿为演示数据，字段定义见 domain.md 与数据说明文件。"])],
        )
        self.assertIsNone(mapping.kind)
