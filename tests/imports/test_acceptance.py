"""The shared demo workbooks: the clean one and the messy one of issue 3."""

from __future__ import annotations

import json
import time
import unittest

from django.test import SimpleTestCase, TestCase

from catalogue.exchange import normalise_data
from imports.pipeline import parse_workbook
from imports.plan import build_plan

from .helpers import REPO_ROOT, by_code, shared_data

# Data the exchange workbook has no column for (README of the shared data):
# the demo JSON carries it, an import keeps what the database holds.
NOT_IN_WORKBOOK = (
    "handling_office",
    "online_stages",
    "legal_limit_note",
    "promised_limit_note",
    "faqs",
)


def _demo_items() -> dict[str, dict]:
    path = REPO_ROOT / "cms" / "demo" / "catalogue.json"
    return by_code(json.loads(path.read_text(encoding="utf-8"))["items"])


def _comparable(data: dict) -> dict:
    """``normalise_data`` form without the fields the workbook does not carry."""
    data = normalise_data(data)
    for name in NOT_IN_WORKBOOK:
        data.pop(name)
    data["fees"] = [{**fee, "basis": ""} for fee in data["fees"]]
    return data


class _SharedWorkbookTests(SimpleTestCase):
    file_name = ""

    @classmethod
    def setUpClass(cls):
        path = shared_data(cls.file_name)
        if path is None:
            print(f"skipping: ../shared/data/{cls.file_name} is not present")  # noqa: T201
            raise unittest.SkipTest(f"../shared/data/{cls.file_name} is not present")
        started = time.perf_counter()
        cls.result = parse_workbook(path)
        cls.seconds = time.perf_counter() - started
        super().setUpClass()  # after parsing: a TestCase plans in setUpTestData


class CleanWorkbookTests(_SharedWorkbookTests):
    file_name = "catalogue-clean.xlsx"

    def test_every_item_and_material_parses_without_errors(self):
        """379 items and 1145 materials, no errors."""
        self.assertEqual(self.result.errors, [])
        self.assertEqual(len(self.result.items), 379)
        self.assertEqual(sum(len(i["materials"]) for i in self.result.items), 1145)
        self.assertEqual(self.result.stats["materials_valid"], 1145)

    def test_items_equal_the_demo_catalogue(self):
        """Field for field, the items are the demo catalogue's (workbook fields only)."""
        demo = _demo_items()
        for item in self.result.items:
            code = item["implementation_code"]
            with self.subTest(code=code):
                self.assertEqual(_comparable(item), _comparable(demo[code]))

    def test_items_have_the_exchange_shape(self):
        """Each item is already in normalise_data form, so upsert_items takes it."""
        for item in self.result.items[:50]:
            with self.subTest(code=item["implementation_code"]):
                self.assertEqual(normalise_data(item), item)

    def test_regions_and_departments_are_collected(self):
        self.assertEqual(
            self.result.regions,
            {"990000": "江海省", "990100": "海川市", "990200": "青禾市"},
        )
        self.assertEqual(len(self.result.departments), 63)


class MessyWorkbookTests(_SharedWorkbookTests, TestCase):
    """Parsed and planned against an empty catalogue: the rules run in the plan."""

    file_name = "catalogue-messy.xlsx"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expected = json.loads(
            shared_data("catalogue-messy.expected.json").read_text(encoding="utf-8")
        )

    @classmethod
    def setUpTestData(cls):
        cls.plan = build_plan(cls.result)
        planned = {change.code for change in cls.plan.items}
        cls.valid = [i for i in cls.result.items if i["implementation_code"] in planned]

    def test_exactly_the_bad_rows_are_errors(self):
        """One error per bad row, with the expected sheet, row, column and reason."""
        found = sorted(
            (e.sheet, e.row, e.column, e.column_letter, e.code)
            for e in self.plan.errors
        )
        wanted = sorted(
            (b["sheet"], b["row"], b["column"], b["column_letter"], b["reason"])
            for b in self.expected["bad_rows"]
        )
        self.assertEqual(found, wanted)

    def test_valid_rows_equal_the_clean_workbook(self):
        """Synonyms, merged cells, padded codes and value variants all resolve."""
        clean_path = shared_data("catalogue-clean.xlsx")
        if clean_path is None:
            self.skipTest("../shared/data/catalogue-clean.xlsx is not present")
        clean = by_code(parse_workbook(clean_path).items)
        messy = by_code(self.valid)
        self.assertEqual(len(messy), self.expected["expected"]["valid_items"])
        self.assertEqual(set(messy), set(clean))
        for code, item in clean.items():
            with self.subTest(code=code):
                self.assertEqual(messy[code], item)

    def test_counts(self):
        stats = self.result.stats
        self.assertEqual(self.plan.counts["items"]["created"], 379)
        self.assertEqual(self.plan.counts["items"]["skipped"], 12)
        self.assertEqual(stats["materials_valid"], 1145)
        self.assertEqual(stats["materials_invalid"], 2)

    def test_numeric_codes_get_their_leading_zeros_back(self):
        items = by_code(self.result.items)
        for cell in self.expected["numeric_code_cells"]:
            with self.subTest(code=cell["item_code"]):
                self.assertEqual(
                    items[cell["item_code"]]["catalogue_code"], cell["original_code"]
                )

    def test_mapping_reports_layout_and_confidence(self):
        """Header in row 3, 序号 unmapped, synonyms at 0.9."""
        mapping = self.result.mapping["实施清单"]
        layout = self.expected["layout"]["item_sheets"][0]
        self.assertEqual(mapping.header_rows, layout["header_rows"])
        self.assertEqual(mapping.unmapped, ["序号"])
        self.assertEqual(mapping.confidence["department_name"], 0.9)
        self.assertEqual(mapping.confidence["name"], 1.0)
        self.assertEqual(len(mapping.columns), 38)

    def test_parses_quickly(self):
        """Well under the time openpyxl needs to read the same file."""
        print(f"catalogue-messy.xlsx parsed in {self.seconds:.2f} s")  # noqa: T201
        self.assertLess(self.seconds, 10)
