"""Every workbook column, declared once (``base.Column``), and what derives from it.

Header matching (``headers``), cell parsing (``rows``), the export layout
(``export_format``), the template's drop-downs and required columns
(``template``), partial updates (``exchange_keys``, the plan's material
fields) and the diff's unordered keys all read these declarations, so a
new column is one ``Column`` in ``items.py`` or ``materials.py``.
"""

from __future__ import annotations

from functools import cache

from .base import Column, Context
from .items import ITEM_COLUMNS
from .materials import MATERIAL_COLUMNS

__all__ = [
    "Column",
    "Context",
    "by_name",
    "columns",
    "exchange_keys",
    "exported",
    "list_keys",
    "required",
    "unordered_keys",
]

KINDS = {"items": ITEM_COLUMNS, "materials": MATERIAL_COLUMNS}


def columns(kind: str) -> tuple[Column, ...]:
    return KINDS[kind]


@cache
def by_name(kind: str) -> dict[str, Column]:
    return {column.name: column for column in KINDS[kind]}


@cache
def exported(kind: str) -> tuple[Column, ...]:
    """The canonical layout's columns, in order."""
    return tuple(column for column in KINDS[kind] if column.write is not None)


@cache
def required(kind: str) -> frozenset[str]:
    return frozenset(column.name for column in KINDS[kind] if column.required)


@cache
def unordered_keys() -> frozenset[str]:
    """Exchange keys whose list order means nothing (compared as sets)."""
    return frozenset(
        key
        for column in ITEM_COLUMNS
        if column.unordered
        for key in column.exchange_keys
    )


@cache
def list_keys() -> tuple[str, ...]:
    """Exchange keys holding a list that a row fills directly."""
    return tuple(
        dict.fromkeys(
            key
            for column in ITEM_COLUMNS
            if column.multiple and not column.name.endswith("topics")
            for key in column.exchange_keys
            if key != "topics"
        )
    )


def exchange_keys(kind: str, names) -> set[str]:
    """The exchange keys of the columns ``names`` of a ``kind`` sheet."""
    table = by_name(kind)
    return {key for name in names if name in table for key in table[name].exchange_keys}
