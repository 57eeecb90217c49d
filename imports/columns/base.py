"""``Column``: one declaration per workbook column, and the builders it uses.

A column says everything the import, the export and the template need to
know about it: its canonical header and the synonyms regions write, how a
cell is read (``read``: cell text → partial row data), how it is written
back (``write``), whether new rows must fill it, its drop-down values, the
exchange keys it carries (for partial updates, ADR 0006) and whether the
order of its values means anything.  Lengths and patterns are the model
fields' own (``catalogue.services.field_rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from catalogue import services

from .. import parsers as p
from ..issues import INVALID_FORMAT, CellError

Reader = Callable[[str], dict]


@dataclass(frozen=True)
class Context:
    """What an exported cell may need besides its own item or material."""

    region_name: str = ""
    item_code: str = ""
    number: int = 0


Writer = Callable[[dict, Context], object]


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    read: Reader
    synonyms: tuple[str, ...] = ()
    # None: read on import only (not part of the canonical export layout).
    write: Writer | None = None
    required: bool = False
    # The template's drop-down values (labels the parser reads back).
    choices: Callable[[], tuple[str, ...]] | None = None
    # The cell holds several values (a list); their order means nothing if unordered.
    multiple: bool = False
    unordered: bool = False
    # Exchange keys the column fills; None means the column's own name.
    keys: tuple[str, ...] | None = None
    width: int = 12  # characters, in the export and the template

    @property
    def exchange_keys(self) -> tuple[str, ...]:
        return (self.name,) if self.keys is None else self.keys


# --- readers ------------------------------------------------------------------


def text(key: str, model: str = "item", field: str | None = None) -> Reader:
    limit = services.field_rules(model, field or key).max_length
    return lambda cell: {key: p.parse_text(cell, limit)}


def name(key: str, model: str = "item", field: str | None = None) -> Reader:
    limit = services.field_rules(model, field or key).max_length
    return lambda cell: {key: p.parse_name(cell, limit)}


def names(key: str, model: str, field: str = "name") -> Reader:
    """A list of names (一件事, 人生事件), each within the model's length."""
    limit = services.field_rules(model, field).max_length
    return lambda cell: {key: [p.parse_name(n, limit) for n in p.parse_list(cell)]}


def choice(key: str, table: str | None = None) -> Reader:
    return lambda cell: {key: p.parse_choice(cell, table or key)}


def choices(key: str, table: str | None = None) -> Reader:
    return lambda cell: {key: p.parse_choices(cell, table or key)}


def boolean(key: str) -> Reader:
    return lambda cell: {key: p.parse_bool(cell)}


def count(key: str, model: str, default: int, field: str | None = None) -> Reader:
    maximum = services.field_rules(model, field or key).max_value or p.MAX_COUNT

    def read(cell: str) -> dict:
        value = p.parse_count(cell, maximum)
        return {key: default if value is None else value}

    return read


def time_limit(prefix: str) -> Reader:
    def read(cell: str) -> dict:
        value, unit = p.parse_time_limit(cell)
        return {f"{prefix}_limit_value": value, f"{prefix}_limit_unit": unit}

    return read


def checked(key: str, parse: Callable[[str], str], model="item", field=None) -> Reader:
    """``parse`` (normalising), then the model field's own validators."""
    rules = services.field_rules(model, field or key)

    def read(cell: str) -> dict:
        value = parse(cell)
        errors = rules.errors(value) if value else []
        if errors:
            raise CellError(INVALID_FORMAT, errors[0])
        return {key: value}

    return read


def field(key: str) -> Writer:
    return lambda data, ctx: data[key]
