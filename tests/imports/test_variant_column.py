"""The 情形 (variant) column: imported as a code, exported as its label, blank stays blank."""

from django.test import SimpleTestCase

from imports import export_format, rows
from imports.issues import CellError


class VariantColumnTests(SimpleTestCase):
    def test_import_reads_labels_as_codes(self):
        parse = rows.ITEM_HANDLERS["variant"]
        self.assertEqual(parse("补领"), {"variant": "replacement"})
        self.assertEqual(parse("期满换证"), {"variant": "renewal"})
        self.assertEqual(parse(" 注销 "), {"variant": "cancellation"})
        self.assertEqual(parse(""), {"variant": ""})  # read from the name later
        with self.assertRaises(CellError):
            parse("随便写写")

    def test_export_writes_the_label_back(self):
        write = export_format.ITEM_FORMATTERS["variant"]
        parse = rows.ITEM_HANDLERS["variant"]
        for code in (
            "new",
            "replacement",
            "renewal",
            "change",
            "cancellation",
            "extension",
        ):
            with self.subTest(code=code):
                label = write({"variant": code}, "")
                self.assertEqual(parse(label), {"variant": code})
        self.assertEqual(write({"variant": ""}, ""), "")

    def test_the_column_has_a_canonical_header(self):
        self.assertIn("情形", export_format.item_headers())
