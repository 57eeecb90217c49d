"""Wagtail's own listing exports (CSV, XLSX) neutralise formula-like text."""

import csv
import io

from django.test import TestCase
from openpyxl import load_workbook
from wagtail.test.utils import WagtailTestUtils

from search.models import SynonymGroup
from tests.catalogue.factories import ServiceItemFactory

ITEMS = "/admin/snippets/catalogue/serviceitem/"
SYNONYMS = "/admin/search_synonyms/"
HOSTILE = ["=1+1事项", "+SUM(A1)", "-2+3", "@cmd", "\t=1"]


class ListingExportTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        for n, name in enumerate(HOSTILE):
            ServiceItemFactory(name=name, implementation_code=f"EX-{n:03d}")
        ServiceItemFactory(name="居民身份证换领", implementation_code="EX-900")
        SynonymGroup.objects.create(terms='=HYPERLINK("x")\n身份证')

    def setUp(self):
        self.login()

    def csv_cells(self, url):
        response = self.client.get(url, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]

    def xlsx_cells(self, url):
        response = self.client.get(url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return [c.value for row in book.active.iter_rows() for c in row]

    def test_item_names_that_look_like_formulas_are_quoted(self):
        for cells in (self.csv_cells(ITEMS), self.xlsx_cells(ITEMS)):
            for name in HOSTILE:
                self.assertIn("'" + name, cells)
                self.assertNotIn(name, cells)
            self.assertIn("居民身份证换领", cells)

    def test_synonym_exports_are_quoted_too(self):
        for cells in (self.csv_cells(SYNONYMS), self.xlsx_cells(SYNONYMS)):
            self.assertTrue(any(str(c).startswith("'=HYPERLINK") for c in cells), cells)
