"""Stage 2: map column headers to canonical fields, with a confidence each.

Headers are compared after NFKC (full-width → half-width), case folding and
removal of whitespace (including non-breaking and ideographic spaces) and
required-field stars.  Labels and synonyms are part of each column's
declaration (``imports.columns``); the result is a plain
``field → column index`` dict an editor can correct and pass back in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings

KINDS = ("items", "materials")
EXACT, SYNONYM, CONTAINS = 1.0, 0.9, 0.6
# Longer cells are titles or notes, never headers.
MAX_HEADER_CHARS = 30
_NOISE = re.compile(r"[\s*]+")


def normalise_header(text: str) -> str:
    """The comparable form of a header: NFKC, casefolded, no spaces or stars."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).casefold()


@dataclass(frozen=True)
class Match:
    field: str | None
    confidence: float = 0.0


@dataclass
class SheetMapping:
    """How one sheet's columns map to fields; ``columns`` is the editable part."""

    sheet: str
    kind: str | None
    header_rows: list[int] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)  # index → as written
    columns: dict[str, int] = field(default_factory=dict)  # field → index
    confidence: dict[str, float] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return (self.header_rows[-1] + 1) if self.header_rows else 1

    def header_of(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        return self.headers.get(index, "") if index is not None else ""

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "header_rows": self.header_rows,
            "columns": dict(self.columns),
            "confidence": dict(self.confidence),
            "unmapped": list(self.unmapped),
        }


@lru_cache(maxsize=1)
def _shipped_table() -> dict:
    """Per kind, field → its label and synonyms, from the column declarations."""
    from . import columns  # columns → parsers → codes → headers: import when used

    return {
        kind: {
            column.name: {"label": column.label, "synonyms": column.synonyms}
            for column in columns.columns(kind)
        }
        for kind in KINDS
    }


def labels(kind: str) -> dict[str, str]:
    """Canonical header per field of ``kind`` (what our export writes)."""
    return {name: entry["label"] for name, entry in _shipped_table()[kind].items()}


def lookup_table(kind: str) -> dict[str, Match]:
    """Normalised header → match, shipped synonyms plus the settings' extras."""
    table: dict[str, Match] = {}
    extra = getattr(settings, "IMPORTS_EXTRA_HEADER_SYNONYMS", {}).get(kind, {})
    for name, entry in _shipped_table()[kind].items():
        for synonym in [*entry["synonyms"], *extra.get(name, [])]:
            table.setdefault(normalise_header(synonym), Match(name, SYNONYM))
    for name, entry in _shipped_table()[kind].items():
        table[normalise_header(entry["label"])] = Match(name, EXACT)
    return table


def match_header(text: str, table: dict[str, Match]) -> Match:
    """Exact label, synonym, or else the longest known header the text contains."""
    key = normalise_header(text)
    if not key or len(key) > MAX_HEADER_CHARS:
        return Match(None)
    if key in table:
        return table[key]
    contained = [k for k in table if len(k) >= 3 and k in key]
    if not contained:
        return Match(None)
    return Match(table[max(contained, key=len)].field, CONTAINS)


def map_columns(
    texts: dict[int, str], kind: str, written: dict[int, str] | None = None
) -> tuple[dict, dict, list]:
    """Best column per field; a field claimed twice keeps the surer, then leftmost.

    ``texts`` are matched; ``written`` (default: ``texts``) name unmapped columns.
    """
    table = lookup_table(kind)
    written = written if written is not None else texts
    columns: dict[str, int] = {}
    confidence: dict[str, float] = {}
    unmapped = []
    for index, text in sorted(texts.items()):
        match = match_header(text, table)
        if match.field is None or confidence.get(match.field, 0) >= match.confidence:
            if written[index].strip():
                unmapped.append(written[index].strip())
            continue
        if match.field in columns:
            unmapped.append(written[columns[match.field]].strip())
        columns[match.field] = index
        confidence[match.field] = match.confidence
    return columns, confidence, unmapped
