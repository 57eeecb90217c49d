"""Vendor full-text structures of the embedded backend (see migration 0003).

Each store writes analysed token columns and returns SQL that yields
``(id, rank)`` for the entries matching any query token, higher is better.
Every token is quoted for the engine's query syntax, so citizen input never
reaches it as syntax.  One module per vendor; this one holds what both share.
"""

from __future__ import annotations

from .common import (
    MAX_QUERY_TOKENS,
    NAME_COLUMNS,
    NAME_FREQUENCY_COLUMNS,
    WEIGHTS,
    safe_tokens,
)
from .postgres import PostgresFullText
from .sqlite import SqliteFullText

__all__ = [
    "MAX_QUERY_TOKENS",
    "NAME_COLUMNS",
    "NAME_FREQUENCY_COLUMNS",
    "WEIGHTS",
    "PostgresFullText",
    "SqliteFullText",
    "fulltext_for",
    "safe_tokens",
]

STORES = {store.vendor: store for store in (SqliteFullText, PostgresFullText)}


def fulltext_for(vendor: str):
    """The store for a database vendor; other vendors are not supported."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return STORES[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"The embedded search backend supports SQLite and PostgreSQL, not {vendor}."
        ) from None
