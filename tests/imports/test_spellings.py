"""Every spelling domain.md documents, one data line each (data/spellings.tsv).

Each line of the table is its own test case, named by its line number, so a
region's new spelling is one line here and one line in ``codes.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imports import parsers as p

TABLE = Path(__file__).parent / "data" / "spellings.tsv"


def _parser(name: str):
    kind, _sep, table = name.partition(":")
    simple = {
        "bool": p.parse_bool,
        "required": p.parse_required,
        "count": p.parse_count,
        "time_limit": p.parse_time_limit,
        "depth": p.parse_depth,
        "stages": p.parse_stages,
        "list": p.parse_list,
        "region_code": p.parse_region_code,
        "catalogue_code": p.parse_catalogue_code,
        "implementation_code": p.parse_implementation_code,
        "url": p.parse_url,
    }
    if kind in simple:
        return simple[kind]
    if kind == "choice":
        return lambda text: p.parse_choice(text, table)
    if kind == "choices":
        return lambda text: p.parse_choices(text, table)
    if kind == "topics":
        return lambda text: p.parse_topics(text, table)
    raise AssertionError(f"unknown parser {name}")


def _lines():
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parser, text, expected = line.split("\t")
        yield pytest.param(
            parser, text.replace("\\n", "\n"), json.loads(expected), id=f"L{number}"
        )


def _plain(value):
    """Tuples as lists, the shape JSON gives the expected values."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize(("parser", "text", "expected"), list(_lines()))
def test_spelling(parser, text, expected):
    assert _plain(_parser(parser)(text)) == expected


def test_every_line_is_a_case():
    # A malformed line (a missing tab) must fail loudly, not be skipped.
    assert len(list(_lines())) > 200
