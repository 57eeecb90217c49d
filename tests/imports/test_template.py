"""The blank template: headers the importer maps exactly, drop-downs that parse."""

from __future__ import annotations

import io

import openpyxl
from django.test import SimpleTestCase

from catalogue import constants
from imports import codes, parsers
from imports import export_format as fmt
from imports.headers import labels
from imports.pipeline import parse_workbook
from imports.template import LISTS_SHEET, code_lists, write_template

# Code list of each drop-down → the catalogue's choices it must cover.
CHOICES = {
    "item_type": constants.ItemType,
    "audience": constants.Audience,
    "exercise_level": constants.ExerciseLevel,
    "handling_type": constants.HandlingType,
    "online_depth": constants.OnlineDepth,
    "tongban_scope": constants.TongbanScope,
    "result_type": constants.ResultType,
    "source": constants.MaterialSource,
    "waive_via": constants.WaiveVia,
}


def template_book():
    stream = io.BytesIO()
    write_template(stream)
    stream.seek(0)
    return stream


class TemplateTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.content = template_book().getvalue()
        cls.book = openpyxl.load_workbook(io.BytesIO(cls.content))

    def test_sheets_and_headers(self):
        self.assertEqual(
            self.book.sheetnames,
            [fmt.ITEMS_SHEET, fmt.MATERIALS_SHEET, fmt.INSTRUCTIONS_SHEET, LISTS_SHEET],
        )
        self.assertEqual(self.book[LISTS_SHEET].sheet_state, "hidden")
        items = [c.value for c in self.book[fmt.ITEMS_SHEET][1]]
        materials = [c.value for c in self.book[fmt.MATERIALS_SHEET][1]]
        self.assertEqual(items, fmt.item_headers())
        self.assertEqual(materials, fmt.material_headers())

    def test_importer_maps_every_header_with_full_confidence(self):
        result = parse_workbook(io.BytesIO(self.content))
        self.assertEqual(result.errors, [])
        self.assertEqual(result.items, [])
        for sheet, kind in (
            (fmt.ITEMS_SHEET, "items"),
            (fmt.MATERIALS_SHEET, "materials"),
        ):
            mapping = result.mapping[sheet]
            self.assertEqual(mapping.kind, kind)
            self.assertEqual(set(mapping.confidence.values()), {1.0})
            self.assertEqual(mapping.unmapped, [])
        # The hidden list sheet is not mistaken for data.
        self.assertIsNone(result.mapping[LISTS_SHEET].kind)

    def test_every_code_list_column_has_a_drop_down(self):
        for code_list in code_lists():
            sheet_name = (
                fmt.ITEMS_SHEET if code_list.kind == "items" else fmt.MATERIALS_SHEET
            )
            sheet = self.book[sheet_name]
            headers = [c.value for c in sheet[1]]
            column = openpyxl.utils.get_column_letter(
                headers.index(labels(code_list.kind)[code_list.field]) + 1
            )
            with self.subTest(field=code_list.field):
                found = [
                    dv
                    for dv in sheet.data_validations.dataValidation
                    if str(dv.sqref).split(":")[0] == f"{column}2"
                ]
                self.assertEqual(len(found), 1)
                values = self._list_values(found[0].formula1)
                self.assertEqual(tuple(values), code_list.values)
                self.assertEqual(found[0].showErrorMessage, not code_list.multiple)

    def _list_values(self, formula: str) -> list[str]:
        sheet_part, cells = formula.split("!")
        sheet = self.book[sheet_part.strip("'")]
        start, end = cells.replace("$", "").split(":")
        return [c.value for row in sheet[start:end] for c in row]

    def test_drop_down_values_parse_to_every_catalogue_code(self):
        """Each list covers the whole code list and each label parses to its code."""
        lists = {cl.field: cl for cl in code_lists()}
        tables = {
            "source": "material_source",
            "online_depth": "online_depth",
        }
        for field, choices in CHOICES.items():
            table = tables.get(field, field)
            with self.subTest(field=field):
                parsed = {
                    parsers.parse_depth(v)
                    if field == "online_depth"
                    else codes.lookup(table, v)
                    for v in lists[field].values
                }
                self.assertEqual(parsed, set(choices.values))

    def test_boolean_and_form_lists_parse(self):
        for code_list in code_lists():
            for value in code_list.values:
                with self.subTest(field=code_list.field, value=value):
                    if code_list.values == (fmt.YES, fmt.NO):
                        parsers.parse_bool(value)
                    elif code_list.field == "form":
                        parsers.parse_material_form(value)
                    elif code_list.field == "channels":
                        self.assertTrue(parsers.parse_choices(value, "channels"))

    def test_instructions_are_written(self):
        lines = [
            row[0]
            for row in self.book[fmt.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
        ]
        self.assertGreater(len(lines), 5)
        self.assertTrue(all(lines))
