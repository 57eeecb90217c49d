"""Stage 3 (per row): one sheet row → a partial item or material dict.

Each mapped column's declared reader (``imports.columns``) turns its cell
text into the exchange keys it fills.
Keys starting with "_" are row context (region name, topic groups, channel
flags) that ``validate`` folds into the final exchange shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import columns
from .headers import SheetMapping
from .issues import ERROR, MISSING_REQUIRED, CellError, Issue, column_letter
from .reader import Row
from .values import ValueMap, replace


@cache
def _handlers(kind: str, language: str | None) -> tuple[dict, frozenset[str]]:
    """Readers by field; remembered outcomes hold messages, hence per language."""
    table = columns.by_name(kind)
    return {
        name: _remembered(column.read) for name, column in table.items()
    }, columns.required(kind)


# A column repeats few short values (codes, labels, counts, 是/否) over
# thousands of rows; reading each distinct one once was a fifth of a large
# import's parse.  Long texts (names, conditions) are mostly unique and stay
# unremembered, and each column remembers a bounded number of values.
MEMO_TEXT_LENGTH = 40
MEMO_ENTRIES = 2048
_PLAIN = (str, int, float, bool, type(None))


def _remembered(read):
    """``read`` with the outcome of short cells remembered (readers are pure)."""
    memo: dict[str, tuple] = {}

    def remembered(text: str) -> dict:
        if len(text) > MEMO_TEXT_LENGTH:
            return read(text)
        hit = memo.get(text)
        if hit is None:
            try:
                result = read(text)
            except CellError as error:
                if len(memo) < MEMO_ENTRIES:
                    memo[text] = (None, (error.code, error.message, error.severity))
                raise
            if len(memo) < MEMO_ENTRIES and _storable(result):
                memo[text] = (result, None)
            return result
        result, error = hit
        if error is not None:
            raise CellError(*error)
        # A fresh dict (and lists) per row: later stages may change them.
        return {k: list(v) if type(v) is list else v for k, v in result.items()}

    return remembered


def _storable(result: dict) -> bool:
    return all(
        type(v) in _PLAIN or (type(v) is list and all(type(x) in _PLAIN for x in v))
        for v in result.values()
    )


@dataclass
class ParsedRow:
    sheet: str
    number: int
    data: dict = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # fields with a cell error

    @property
    def has_errors(self) -> bool:
        return any(issue.is_error for issue in self.issues)


_ACTIVE = object()


def parse_row(
    row: Row,
    mapping: SheetMapping,
    values: ValueMap | None = None,
    language=_ACTIVE,
) -> ParsedRow:
    """Run the reader of every mapped column; collect one issue per bad cell.

    ``values`` (``imports.values``) replaces cell texts an editor has mapped;
    ``language`` is the active one (a sheet's reader passes it once).
    """
    if language is _ACTIVE:
        language = get_language()
    handlers, required = _handlers(mapping.kind, language)
    parsed = ParsedRow(mapping.sheet, row.number)
    for field_name, index in mapping.columns.items():
        handler = handlers.get(field_name)
        text = row.cells[index] if index < len(row.cells) else ""
        if values:
            text = replace(values, field_name, text)
        if handler is None:
            continue
        if field_name in required and not text.strip():
            _fail(
                parsed,
                mapping,
                field_name,
                CellError(MISSING_REQUIRED, _("A value is required.")),
                text,
            )
            continue
        try:
            parsed.data.update(handler(text))
        except CellError as error:
            _fail(parsed, mapping, field_name, error, text)
    return parsed


def _fail(
    parsed: ParsedRow,
    mapping: SheetMapping,
    field_name: str,
    error: CellError,
    text: str,
) -> None:
    parsed.failed.add(field_name)
    parsed.issues.append(
        cell_issue(
            mapping,
            parsed.number,
            field_name,
            error.code,
            error.message,
            text,
            error.severity,
        )
    )


def cell_issue(
    mapping: SheetMapping,
    row: int | None,
    field_name: str,
    code: str,
    message: str,
    value=None,
    severity: str = ERROR,
) -> Issue:
    """An issue on the column of ``field_name`` (header as written in the file)."""
    index = mapping.columns.get(field_name)
    return Issue(
        sheet=mapping.sheet,
        row=row,
        column=mapping.header_of(field_name),
        column_letter=column_letter(index) if index is not None else "",
        code=code,
        message=message,
        severity=severity,
        value=value,
    )


def exchange_keys(kind: str, mapped: dict[str, int]) -> set[str]:
    """The exchange keys a sheet with ``mapped`` columns carries (for partial updates)."""
    if kind == "materials":
        return {"materials"}
    return columns.exchange_keys(kind, mapped)
