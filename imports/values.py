"""Value mapping: cells a column could not read, and what an editor says they mean.

After the columns are mapped, some cells may still be spellings the parsers
do not know (a region's own word for 承诺件, a local code).  The parse
collects, per column, each distinct unread value with its count, example
rows and reason (``Unread``); an editor maps a value to a value the column
reads (a code list label or code, 是/否, 20个工作日 …), and the map
``{field: {cell text: replacement}}`` is applied before parsing on the next
run.  Cell texts are compared in the headers' normal form (NFKC, no spaces,
case folded), so a mapped value also matches its full-width or padded twin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .headers import normalise_header
from .issues import INVALID_CHOICE, INVALID_FORMAT, INVALID_NUMBER

# Reasons a mapping can fix: a value the column does not know.
MAPPABLE = frozenset({INVALID_CHOICE, INVALID_NUMBER, INVALID_FORMAT})
MAX_VALUES = 50  # distinct unread values kept per column
MAX_EXAMPLES = 3  # example rows kept per value

ValueMap = dict[str, dict[str, str]]


def normalised(values: ValueMap | None) -> ValueMap:
    """``values`` keyed by the normal form of each cell text; empty maps dropped."""
    return {
        name: {
            normalise_header(k): str(v) for k, v in table.items() if v not in (None, "")
        }
        for name, table in (values or {}).items()
        if isinstance(table, dict)
    }


def for_kind(values: ValueMap, kind: str) -> ValueMap:
    """The maps of one sheet kind: items by field, materials as ``materials:field``."""
    prefix = "materials:"
    if kind == "materials":
        return {
            k.removeprefix(prefix): v for k, v in values.items() if k.startswith(prefix)
        }
    return {k: v for k, v in values.items() if ":" not in k}


def key(kind: str, name: str) -> str:
    """The value map key of a column (see ``for_kind``)."""
    return name if kind == "items" else f"{kind}:{name}"


def replace(values: ValueMap, name: str, text: str) -> str:
    """The replacement of ``text`` in column ``name``, or ``text`` itself."""
    table = values.get(name)
    if not table or not text:
        return text
    return table.get(normalise_header(text), text)


@dataclass
class UnreadValue:
    text: str
    reason: str
    count: int = 0
    rows: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "reason": self.reason,
            "count": self.count,
            "rows": [list(r) for r in self.rows],
        }


@dataclass
class Unread:
    """Per (sheet kind, column field), the distinct values a parse could not read."""

    columns: dict[tuple[str, str], dict[str, UnreadValue]] = field(default_factory=dict)

    def add(self, kind: str, name: str, text: str, reason: str, sheet: str, row: int):
        if reason not in MAPPABLE or not text.strip():
            return
        values = self.columns.setdefault((kind, name), {})
        key = normalise_header(text)
        value = values.get(key)
        if value is None:
            if len(values) >= MAX_VALUES:
                return
            value = values[key] = UnreadValue(text.strip(), reason)
        value.count += 1
        if len(value.rows) < MAX_EXAMPLES:
            value.rows.append((sheet, row))

    def as_dict(self) -> dict:
        """``{kind: {field: [value, …]}}``, most frequent first."""
        result: dict = {}
        for (kind, name), values in sorted(self.columns.items()):
            ordered = sorted(values.values(), key=lambda v: (-v.count, v.text))
            result.setdefault(kind, {})[name] = [v.as_dict() for v in ordered]
        return result

    def template(self) -> ValueMap:
        """A value map to fill in: every unread value mapped to nothing yet."""
        return {
            key(kind, name): {v.text: None for v in values.values()}
            for (kind, name), values in sorted(self.columns.items())
        }
