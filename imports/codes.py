"""Code-list labels as regions write them → Banshi's codes.

The tables are data (``imports/data/codes.json``) so a new regional
spelling is a one-line change; lookups compare labels after the same
normalisation as headers (NFKC, case folding, no whitespace).
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .headers import normalise_header
from .numerals import to_int

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
    """The code for ``label`` in ``table``, or ``None`` when it is not listed.

    Besides the labels of the table (and their listed variants) a cell may
    hold the national code itself, in any width of digits or as a Chinese
    numeral and without the leading zeros Excel drops (``1`` → ``01``), the
    code with its label (``07 行政确认``, ``行政确认(07)``;
    where the label decides when the two disagree, since local schemes
    number differently) or a label with a common suffix (``行政许可类``, ``行政许可事项``).
    """
    key = normalise_header(label)
    found = _tables()[table].get(key)
    if found is not None or not key:
        return found
    return _variant(table, key)


# "02 行政确认", "02-行政确认", "02.行政确认", "02：行政确认"; "行政确认(02)".
# The label part must start and end with a letter or ideograph, so a list of
# codes (1^2^3) is never read as a code and a label.
_CODE_FIRST = re.compile(r"^\(?(\d+)\)?[\s.、:_\-]*([^\W\d_](?:.*[^\W\d_])?\)?)$")
_CODE_LAST = re.compile(r"^([^\W\d_](?:.*[^\W\d_])?)[(\[]?(\d+)[)\]]?$")
SUFFIXES = ("类事项", "事项", "类别", "类型", "类")


def _variant(table: str, key: str) -> Any:
    code = _code(table, key)
    if code is not None:
        return code
    for pattern, code_group, label_group in ((_CODE_FIRST, 1, 2), (_CODE_LAST, 2, 1)):
        match = pattern.match(key)
        if match:
            # The label decides: local schemes number their lists differently.
            label = lookup(table, match.group(label_group))
            code = label if label is not None else _code(table, match.group(code_group))
            if code is not None:
                return code
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return _tables()[table].get(key.removesuffix(suffix))
    return None


def _code(table: str, key: str) -> Any:
    """``key`` as one of the table's own codes (digits padded to the code width)."""
    number = to_int(key)
    codes = _codes(table)
    if number is None:
        return codes.get(key)
    digits = str(number)
    return codes.get(digits.zfill(_width(table))) or codes.get(digits)


@cache
def _codes(table: str) -> dict[str, Any]:
    """The table's codes by their own spelling (only plain string codes)."""
    values = _tables()[table].values()
    return {v.casefold(): v for v in values if isinstance(v, str)}


@cache
def _width(table: str) -> int:
    digits = [len(code) for code in _codes(table) if code.isdigit()]
    return max(digits, default=0)


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
