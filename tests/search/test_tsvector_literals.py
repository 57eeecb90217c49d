"""PostgreSQL tsvector literals: every valid token at its position and
weight, names also in the names-only literal, unsafe tokens left out, and
positions stopped at the cap a tsvector holds.

A literal may list a token once per place (the server merges them), so
literals are compared as the token → positions they stand for, and on
PostgreSQL as the tsvector the server reads.
"""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from search.analysis import COLUMNS, AnalyzedDocument
from search.analysis.text import is_token
from search.backends.fulltext import NAME_COLUMNS, PostgresFullText

STORE = PostgresFullText()


def reference(doc):
    """One token at a time, as the literal is defined."""
    every, names, position = {}, {}, 0
    for column in COLUMNS:
        for token in getattr(doc, column).split():
            if not is_token(token):
                continue
            position = min(position + 1, STORE.MAX_POSITION)
            mark = f"{position}{STORE.LETTERS[column]}"
            every.setdefault(token, []).append(mark)
            if column in NAME_COLUMNS:
                names.setdefault(token, []).append(mark)

    def literal(positions):
        return " ".join(f"'{t}':{','.join(p)}" for t, p in positions.items())

    return literal(every), literal(names)


def parsed(literal: str) -> dict[str, list[str]]:
    """Token → its positions in order, however the literal groups them."""
    positions: dict[str, list[str]] = {}
    for entry in literal.split():
        token, _colon, marks = entry.rpartition(":")
        positions.setdefault(token.strip("'"), []).extend(marks.split(","))
    return positions


def document(**columns):
    return AnalyzedDocument(**{c: columns.get(c, "") for c in COLUMNS})


def test_weights_positions_and_names():
    doc = document(title="居民 身份证", aliases="身份证", body="身份证 照片")
    every, names = STORE.vectors(doc)
    assert parsed(every) == {
        "居民": ["1A"],
        "身份证": ["2A", "3B", "4D"],
        "照片": ["5D"],
    }
    assert parsed(names) == {"居民": ["1A"], "身份证": ["2A", "3B"]}


def test_unsafe_tokens_are_left_out():
    doc = document(title="居民 it's 身份证", body="a'b 照片")
    every, _names = STORE.vectors(doc)
    assert parsed(every) == {"居民": ["1A"], "身份证": ["2A"], "照片": ["3D"]}


def test_positions_stop_at_the_cap():
    body = " ".join(f"w{n}" for n in range(STORE.MAX_POSITION + 5))
    every, _names = STORE.vectors(document(title="居民", body=body))
    assert every.endswith(f"'w{STORE.MAX_POSITION + 4}':{STORE.MAX_POSITION}D")
    assert parsed(every) == parsed(reference(document(title="居民", body=body))[0])


TOKENS = st.sampled_from(
    ["居民", "身份证", "ju_min", "sfz", "a1", "it's", "x y", "证", "Ab", ""]
)
TEXT = st.lists(TOKENS, max_size=12).map(" ".join)


@given(st.fixed_dictionaries(dict.fromkeys(COLUMNS, TEXT)))
def test_literals_equal_the_token_by_token_definition(columns):
    doc = document(**columns)
    every, names = STORE.vectors(doc)
    expected_every, expected_names = reference(doc)
    assert parsed(every) == parsed(expected_every)
    assert parsed(names) == parsed(expected_names)


@pytest.mark.django_db
@given(st.fixed_dictionaries(dict.fromkeys(COLUMNS, TEXT)))
def test_the_server_reads_the_token_by_token_vectors(columns):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    doc = document(**columns)
    with connection.cursor() as cursor:
        for made, expected in zip(STORE.vectors(doc), reference(doc), strict=True):
            cursor.execute(
                "SELECT CAST(%s AS tsvector) = CAST(%s AS tsvector)", [made, expected]
            )
            assert cursor.fetchone()[0], (made, expected)
