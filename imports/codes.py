"""Code-list labels as regions write them → Banshi's codes.

The tables are data (``imports/data/codes.json``) so a new regional
spelling is a one-line change; lookups compare labels after the same
normalisation as headers (NFKC, case folding, no whitespace).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .headers import normalise_header

CODES_FILE = Path(__file__).parent / "data" / "codes.json"


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, Any]]:
    data = json.loads(CODES_FILE.read_text(encoding="utf-8"))
    data.pop("_comment", None)
    topics = data.pop("topics")
    tables = {name: _normalised(table) for name, table in data.items()}
    for group, table in topics.items():
        tables[f"topics:{group}"] = _normalised(table)
    return tables


def _normalised(table: dict[str, Any]) -> dict[str, Any]:
    return {normalise_header(label): code for label, code in table.items()}


def lookup(table: str, label: str) -> Any:
    """The code for ``label`` in ``table``, or ``None`` when it is not listed."""
    return _tables()[table].get(normalise_header(label))


def raw_table(table: str) -> dict[str, Any]:
    """The normalised table itself (for tests and the later template export)."""
    return dict(_tables()[table])


@lru_cache(maxsize=1)
def topic_names() -> dict[tuple[str, str], str]:
    """(audience group, code) → the topic's name, for topics the site lacks."""
    data = json.loads(CODES_FILE.read_text(encoding="utf-8"))
    names: dict[tuple[str, str], str] = {}
    for group, table in data["topics"].items():
        for label, code in table.items():
            names.setdefault((group, code), label)
    return names
