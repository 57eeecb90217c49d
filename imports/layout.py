"""Find the header of a sheet: which rows, which kind of sheet, which columns.

Regional books put a merged title and a count summary ("共 379 项：…") above
the header, and sometimes a two-row header whose upper row holds merged
group labels.  Every candidate row (and row pair) among the first rows is
scored by how surely its cells map to known fields; the best wins.
"""

from __future__ import annotations

from collections import Counter

from .headers import (
    KINDS,
    MAX_HEADER_CHARS,
    SheetMapping,
    lookup_table,
    map_columns,
    match_header,
    normalise_header,
)
from .reader import Row

# A sheet needs this many mapped columns, and its key fields, to be read;
# two are enough when one is the implementation code (an update of one field).
MIN_MAPPED = 3
KEY_FIELDS = {
    "items": {"implementation_code"},
    "materials": {"implementation_code", "name"},
}


def detect_layout(sheet: str, head: list[Row]) -> SheetMapping:
    """The best-scoring header among ``head``; kind ``None`` if there is none."""
    best = SheetMapping(sheet=sheet, kind=None)
    best_score = 0.0
    for position, row in enumerate(head):
        below = head[position + 1] if position + 1 < len(head) else None
        for rows, texts in _candidates(row, below):
            for kind in KINDS:
                columns, confidence, unmapped = map_columns(texts[0], kind, texts[1])
                score = sum(confidence.values())
                enough = len(columns) >= MIN_MAPPED or (
                    "implementation_code" in columns and len(columns) >= 2
                )
                if enough and score > best_score + 1e-9:
                    best_score = score
                    best = SheetMapping(
                        sheet, kind, rows, texts[1], columns, confidence, unmapped
                    )
    return best


def has_key_fields(mapping: SheetMapping) -> bool:
    return mapping.kind is not None and KEY_FIELDS[mapping.kind] <= set(mapping.columns)


def apply_override(mapping: SheetMapping, columns: dict[str, int]) -> SheetMapping:
    """Replace detected columns by an editor's ``field → index`` choice."""
    kind = mapping.kind or _kind_of(columns)
    return SheetMapping(
        sheet=mapping.sheet,
        kind=kind,
        header_rows=mapping.header_rows or [1],
        headers=mapping.headers,
        columns=dict(columns),
        confidence=dict.fromkeys(columns, 1.0),
        unmapped=[
            text
            for index, text in sorted(mapping.headers.items())
            if index not in columns.values() and text.strip()
        ],
    )


def _kind_of(columns: dict[str, int]) -> str:
    tables = {kind: {m.field for m in lookup_table(kind).values()} for kind in KINDS}
    only_materials = tables["materials"] - tables["items"]
    return "materials" if only_materials & set(columns) else "items"


def _candidates(row: Row, below: Row | None):
    """(header row numbers, (texts to match, texts as written)) per candidate."""
    single = dict(enumerate(row.cells))
    yield [row.number], (single, _stripped(single))
    if below is not None and below.number == row.number + 1:
        match_texts, written = _two_row_texts(row.cells, below.cells)
        # Only a real group row counts: one whose labels combine with a sub label.
        if match_texts != _stripped(dict(enumerate(below.cells))):
            yield [row.number, below.number], (match_texts, written)


def _stripped(texts: dict[int, str]) -> dict[int, str]:
    return {index: text.strip() for index, text in texts.items()}


def _two_row_texts(top: list[str], bottom: list[str]):
    """Sub label alone where it is unambiguous, else group + sub label."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    counts = Counter(normalise_header(text) for text in bottom if text)
    tables = {kind: lookup_table(kind) for kind in KINDS}
    match_texts, written = {}, {}
    for index, (group, sub) in enumerate(zip(top, bottom, strict=True)):
        group, sub = group.strip(), sub.strip()
        if len(normalise_header(group)) > MAX_HEADER_CHARS:
            group = ""  # a title or count summary, not a group label
        if not sub or sub == group or not group:
            match_texts[index] = written[index] = sub or group
        elif counts[normalise_header(sub)] == 1 and _surer_alone(group, sub, tables):
            match_texts[index] = written[index] = sub
        else:
            match_texts[index], written[index] = group + sub, f"{group}/{sub}"
    return match_texts, written


def _surer_alone(group: str, sub: str, tables) -> bool:
    for table in tables.values():
        alone, combined = match_header(sub, table), match_header(group + sub, table)
        if combined.confidence > alone.confidence:
            return False
    return any(match_header(sub, table).field for table in tables.values())
