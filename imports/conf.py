"""Settings of the import pipeline, read lazily with defaults.

Every limit is an ``IMPORTS_*`` setting so an operator can raise it for a
large region without a code change; reading at call time (never at import
time) lets tests override them with ``override_settings``.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Bytes of the uploaded file itself.
    "IMPORTS_MAX_FILE_SIZE": 100 * 1024 * 1024,
    # Sum of the uncompressed sizes of the parts of an xlsx/ods archive (zip bomb guard).
    "IMPORTS_MAX_UNCOMPRESSED_SIZE": 1024 * 1024 * 1024,
    # Data rows per sheet (a 100,000-item book has about 300,000 material rows).
    "IMPORTS_MAX_ROWS": 1_000_000,
    # Excel itself stores at most 32,767 characters in a cell.
    "IMPORTS_MAX_CELL_CHARS": 32_767,
    # Consecutive empty rows after which the rest of a sheet is treated as junk.
    "IMPORTS_MAX_EMPTY_ROWS": 1_000,
    # Rows from the top of a sheet searched for the header.
    "IMPORTS_HEADER_SEARCH_ROWS": 20,
    # Uncompressed XML bytes of an .xlsx sheet above which it is stream-read
    # (bounded memory, slower) instead of loaded whole by calamine (~2.5× the XML).
    "IMPORTS_STREAM_SHEET_BYTES": 64 * 1024 * 1024,
}


def get(name: str) -> int:
    """The value of setting ``name``, or its default."""
    return getattr(settings, name, DEFAULTS[name])
