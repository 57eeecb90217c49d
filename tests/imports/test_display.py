"""The import diff shows code-list values as their labels, never raw codes."""

from django.test import SimpleTestCase
from django.utils import translation

from imports.export_format import choice_labels
from imports.views.display import format_value


class DiffValueTests(SimpleTestCase):
    def test_code_list_values_read_as_their_labels(self):
        """告知承诺 instead of the raw ``commitment``, for every waive_via code."""
        with translation.override("zh-hans"):
            for code, label in choice_labels("waive_via").items():
                with self.subTest(code=code):
                    self.assertEqual(format_value(code, "waive_via"), label)
                    self.assertNotEqual(format_value(code, "waive_via"), code)
            self.assertEqual(format_value("commitment", "waive_via"), "告知承诺")

    def test_lists_and_other_tables(self):
        audience = choice_labels("audience")
        codes = list(audience)[:2]
        self.assertEqual(
            format_value(codes, "audience"), "、".join(audience[c] for c in codes)
        )
        self.assertEqual(
            format_value("10", "source"), choice_labels("material_source")["10"]
        )

    def test_free_text_and_unknown_codes_stay_as_written(self):
        self.assertEqual(format_value("居民身份证", "name"), "居民身份证")
        self.assertEqual(format_value("no-such-code", "waive_via"), "no-such-code")
        self.assertEqual(format_value(None, "waive_via"), "—")
