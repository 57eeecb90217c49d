"""Remembered column mappings: only corrections are kept, per region and layout."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.test import TestCase

from imports import mappings
from imports.mappings import SavedMapping

from .helpers import write_workbook

HEADERS = [
    "实施编码",
    "标题XYZ",
    "区划代码",
    "实施主体",
    "事项类型",
    "行使层级",
    "办件类型",
]


def previews(headers=HEADERS):
    """The detected sheets of a one-sheet workbook with ``headers``."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "a.xlsx", {"清单": [headers]})
        return mappings.detect_sheets(io.BytesIO(path.read_bytes()))


class SavedMappingTests(TestCase):
    def test_correction_is_remembered_for_the_region_and_layout_only(self):
        found = previews()
        self.assertNotIn("name", found[0].detected)
        chosen = {"清单": {**found[0].detected, "name": 1}}
        mappings.remember("981001", found, chosen)

        again = previews()
        mappings.apply_remembered(again, "981001")
        self.assertTrue(again[0].remembered)
        self.assertEqual(again[0].layout.columns["name"], 1)
        self.assertEqual(mappings.overrides(again, chosen), chosen)

        other_region = previews()
        mappings.apply_remembered(other_region, "982001")
        self.assertFalse(other_region[0].remembered)

        other_layout = previews(headers=[*HEADERS, "备注"])
        mappings.apply_remembered(other_layout, "981001")
        self.assertFalse(other_layout[0].remembered)

    def test_agreeing_with_detection_forgets_the_correction(self):
        found = previews()
        mappings.remember("981001", found, {"清单": {**found[0].detected, "name": 1}})
        self.assertEqual(SavedMapping.objects.count(), 1)
        mappings.remember("981001", found, {"清单": dict(found[0].detected)})
        self.assertEqual(SavedMapping.objects.count(), 0)
        self.assertEqual(mappings.overrides(found, {"清单": found[0].detected}), {})

    def test_signature_ignores_spacing_and_width_but_not_headers(self):
        base = mappings.signature(previews()[0].layout)
        spaced = mappings.signature(
            previews(headers=[" 实施编码 ", *HEADERS[1:]])[0].layout
        )
        self.assertEqual(base, spaced)
        changed = mappings.signature(
            previews(headers=[*HEADERS[:-1], "事项类别"])[0].layout
        )
        self.assertNotEqual(base, changed)
