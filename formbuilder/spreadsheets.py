"""Spreadsheet cells that show text and never run it (OWASP CSV injection).

Shared by every export the admin offers: the inbox workbook here, and, via
``services.NeutralisedExportMixin``, Wagtail's own listing exports (CSV and
XLSX) of service items and synonyms, which write cells as they are.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """A text starting like a formula, prefixed with ``'``; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class NeutralisedExportMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin``: every exported
    cell neutralised, in CSV and XLSX alike."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))
