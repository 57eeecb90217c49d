"""Problems found in an import file: whole-file errors and per-cell issues.

A file that cannot be read at all raises ``ImportFileError``; everything
else becomes an ``Issue`` that names the sheet, the Excel row (1-based), the
column header as the region wrote it and a reason code, so an editor can find
the cell and the admin can group problems by reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"

# Reason codes (stable: they appear in JSON summaries and in the admin).
MISSING_REQUIRED = "missing_required"
DUPLICATE_KEY = "duplicate_key"
DUPLICATE_ROW = "duplicate_row"
INVALID_CHOICE = "invalid_choice"
INVALID_NUMBER = "invalid_number"
INVALID_FORMAT = "invalid_format"
INCONSISTENT = "inconsistent"
TOO_LONG = "too_long"
FORMULA_INJECTION = "formula_injection"
UNKNOWN_REFERENCE = "unknown_reference"
UNMAPPED_COLUMN = "unmapped_column"
MISSING_COLUMN = "missing_column"
SHEET_IGNORED = "sheet_ignored"
NO_HEADER = "no_header"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why."""


class CellError(Exception):
    """Raised by a value parser; the caller turns it into an ``Issue``."""

    def __init__(self, code: str, message: str, severity: str = ERROR):
        super().__init__(message)
        self.code = code
        self.message = message
        self.severity = severity


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    column_letter: str
    code: str
    message: str
    severity: str = ERROR
    value: Any = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return asdict(self)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
