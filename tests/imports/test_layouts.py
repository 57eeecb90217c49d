"""Other regional layouts, generated with openpyxl, parse to the same items."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from imports.pipeline import parse_workbook

from .helpers import by_code, canonical_sheets, sample, write_workbook

ITEM_SYNONYMS = {
    "实施主体": "实施机构",
    "承诺办结时限": "承诺期限",
    "法定办结时限": "法定期限",
    "网上办理深度": "网上服务深度",
    "基本编码": "事项编码",
    "事项类型": "职权类型",
    "服务对象": "申报对象",
    "到办事现场次数": "线下跑动次数",
    "设定依据": "实施依据",
    "投诉电话": "监督电话",
    "咨询电话": "咨询联系电话",
    "是否支持物流快递": "是否支持结果快递",
}
MATERIAL_SYNONYMS = {
    "实施编码": "内部编码",
    "材料必要性": "是否必要",
    "纸质材料份数": "份数",
}
VARIANTS = {
    "是": "Y",
    "否": "N",
    "Ⅰ级": "网上咨询（Ⅰ级）",
    "Ⅱ级": "二级",
    "Ⅲ级": "3",
    "Ⅳ级": "全程网办（Ⅳ级）",
    "即办": "当场办结",
}


def _renamed(headers, synonyms):
    return [synonyms.get(h, h) for h in headers]


def _variant(header: str, value: str):
    """How a region might write the same value (numbers lose leading zeros)."""
    if header in ("基本编码", "区划代码") and value.isdigit():
        return int(value)
    if header.endswith("时限") and value.endswith("个工作日"):
        return value.replace("个工作日", "工作日")
    if header == "服务对象":
        return value.replace("、", "\n")
    return VARIANTS.get(value, value)


class _LayoutTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = sample()
        cls._tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls._tmp.name)
        path = write_workbook(cls.dir / "canonical.xlsx", canonical_sheets(cls.data))
        cls.baseline = parse_workbook(path)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()
        super().tearDownClass()

    def assertSameItems(self, result):
        """No errors, and every item equals the canonical layout's."""
        self.assertEqual([e.as_dict() for e in result.errors], [])
        self.assertEqual(by_code(result.items), by_code(self.baseline.items))

    def materials_sheet(self, synonyms=None):
        headers = _renamed(self.data["material_headers"], synonyms or {})
        return [headers, *self.data["materials"]]


class CanonicalLayoutTests(_LayoutTests):
    def test_baseline_is_complete(self):
        self.assertEqual(self.baseline.errors, [])
        self.assertEqual(len(self.baseline.items), len(self.data["items"]))
        self.assertEqual(
            sum(len(i["materials"]) for i in self.baseline.items),
            len(self.data["materials"]),
        )


class PerDepartmentSheetTests(_LayoutTests):
    def _sheets(self, drop_department: bool):
        headers = self.data["item_headers"]
        column = headers.index("实施主体")
        sheets: dict[str, list] = {}
        for row in self.data["items"]:
            department = row[column]
            keep = [
                i for i in range(len(headers)) if not (drop_department and i == column)
            ]
            sheet = sheets.setdefault(department, [[headers[i] for i in keep]])
            sheet.append([row[i] for i in keep])
        sheets["材料"] = self.materials_sheet()
        return sheets

    def test_one_sheet_per_department(self):
        path = write_workbook(self.dir / "departments.xlsx", self._sheets(False))
        result = parse_workbook(path)
        self.assertSameItems(result)
        self.assertEqual(
            len([m for m in result.mapping.values() if m.kind == "items"]), 6
        )

    def test_department_taken_from_the_sheet_name(self):
        path = write_workbook(self.dir / "named.xlsx", self._sheets(True))
        self.assertSameItems(parse_workbook(path))


class TwoRowHeaderTests(_LayoutTests):
    GROUPS = {
        "咨询电话": ("咨询", "电话"),
        "投诉电话": ("投诉", "电话"),
        "法定办结时限": ("法定", "办结时限"),
        "承诺办结时限": ("承诺", "办结时限"),
        "是否支持预约办理": ("是否支持", "预约办理"),
        "是否支持物流快递": ("是否支持", "物流快递"),
        "是否支持自助终端": ("是否支持", "自助终端"),
        "是否支持代办": ("是否支持", "代办"),
    }

    def test_merged_group_labels_over_sub_labels(self):
        from imports.issues import column_letter

        headers = self.data["item_headers"]
        top, bottom, merges = [], [], ["A1:E1"]
        for index, header in enumerate(headers):
            group, sub = self.GROUPS.get(header, (header, None))
            top.append(None if top and group == "是否支持" == top_group(top) else group)
            bottom.append(sub)
            if sub is None:
                letter = column_letter(index)
                merges.append(f"{letter}2:{letter}3")
        first = headers.index("是否支持预约办理")
        merges.append(f"{column_letter(first)}2:{column_letter(first + 3)}2")
        rows = [["政务服务事项实施清单"], top, bottom, *self.data["items"]]
        path = write_workbook(
            self.dir / "two-row.xlsx",
            {"清单": rows, "材料": self.materials_sheet()},
            {"清单": merges},
        )
        result = parse_workbook(path)
        self.assertEqual(result.mapping["清单"].header_rows, [2, 3])
        self.assertEqual(
            result.mapping["清单"].header_of("legal_limit"), "法定/办结时限"
        )
        self.assertSameItems(result)


def top_group(top: list) -> str | None:
    """The last group label written in the upper header row."""
    return next((label for label in reversed(top) if label), None)


class SynonymShuffleTitleTests(_LayoutTests):
    def _workbook(self, department_header: str, seed: int) -> Path:
        headers = _renamed(
            self.data["item_headers"], {**ITEM_SYNONYMS, "实施主体": department_header}
        )
        order = list(range(len(headers)))
        random.Random(seed).shuffle(order)  # noqa: S311 - a repeatable test order
        rows = [
            [_variant(self.data["item_headers"][i], row[i]) for i in order]
            for row in self.data["items"]
        ]
        count = f"共 {len(rows)} 项：其中行政许可若干项"
        sheet = [
            ["政务服务事项实施清单（2026年版）"],
            [count],
            ["序号", *(headers[i] for i in order)],
        ]
        sheet += [[n, *row] for n, row in enumerate(rows, 1)]
        path = self.dir / f"synonyms-{seed}.xlsx"
        return write_workbook(
            path,
            {"实施清单": sheet, "材料": self.materials_sheet(MATERIAL_SYNONYMS)},
            {"实施清单": ["A1:H1"]},
        )

    def test_domain_synonyms_shuffled_columns_and_title_rows(self):
        for seed, department_header in enumerate(["审批部门", "实施机构", "办理部门"]):
            with self.subTest(department_header=department_header):
                result = parse_workbook(self._workbook(department_header, seed))
                mapping = result.mapping["实施清单"]
                self.assertEqual(mapping.header_rows, [3])
                self.assertEqual(mapping.confidence["department_name"], 0.9)
                self.assertEqual(mapping.unmapped, ["序号"])
                self.assertSameItems(result)


class MappingOverrideTests(_LayoutTests):
    def test_an_editor_maps_an_unknown_header(self):
        headers = list(self.data["item_headers"])
        headers[headers.index("事项名称")] = "办件名头"
        sheets = canonical_sheets(self.data)
        sheets["事项清单"][0] = headers
        path = write_workbook(self.dir / "override.xlsx", sheets)

        detected = parse_workbook(path)
        # Without a name column the rows can only update stored items (the
        # plan asks a new item for its name); the header is left unmapped.
        self.assertNotIn("name", detected.fields_present)
        self.assertIn("办件名头", detected.mapping["事项清单"].unmapped)

        columns = dict(detected.mapping["事项清单"].columns)
        columns["name"] = headers.index("办件名头")
        corrected = parse_workbook(path, mapping={"事项清单": columns})
        self.assertSameItems(corrected)
        self.assertEqual(corrected.mapping["事项清单"].confidence["name"], 1.0)
