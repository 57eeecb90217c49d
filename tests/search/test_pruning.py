"""Token pruning and the choice of tokens for two-stage ranking (no database)."""

from unittest import mock

import pytest

from search.backends import pruning


@pytest.fixture(autouse=True)
def fresh_counts():
    pruning.forget()
    yield
    pruning.forget()


def lookup_from(rows):
    return lambda tokens: [row for row in rows if row[0] in tokens]


ROWS = [
    ("身份证", "title", 5000),
    ("换领", "title", 900),
    ("证换", "keywords", 10),  # rare, but never in a name: tells nothing
    ("p_shen_fen", "pinyin", 5000),
    ("居民", "title", 2500),
]


def test_small_match_sets_are_scored_whole():
    with mock.patch.object(pruning, "EXACT_LIMIT", 10_000):
        assert pruning.core(["身份证", "换领"], lookup_from(ROWS), body=False) is None


def test_large_match_sets_score_holders_of_rare_telling_tokens():
    tokens = ["身份证", "换领", "证换", "p_shen_fen", "居民"]
    with (
        mock.patch.object(pruning, "EXACT_LIMIT", 3000),
        mock.patch.object(pruning, "CANDIDATE_LIMIT", 3500),
    ):
        assert pruning.core(tokens, lookup_from(ROWS), body=False) == ["换领", "居民"]


def test_at_least_one_token_is_kept():
    with (
        mock.patch.object(pruning, "EXACT_LIMIT", 10),
        mock.patch.object(pruning, "CANDIDATE_LIMIT", 1),
    ):
        assert pruning.core(
            ["身份证", "p_shen_fen"], lookup_from(ROWS), body=False
        ) in (
            ["身份证"],
            ["p_shen_fen"],
        )


def test_prune_drops_tokens_common_to_most_documents():
    rows = [("证", "title", 900), ("身份证", "title", 40), ("换领", "title", 20)]
    rows += [("居民", "title", 30)]
    kept = pruning.prune(
        ["证", "身份证", "换领", "居民"], 1000, lookup_from(rows), body=False
    )
    assert "证" not in kept
    assert set(kept) == {"身份证", "换领", "居民"}


def test_a_name_search_is_bounded_by_its_tokens_counts():
    rows = [("渔船", "title", 2), ("渔船", "pinyin", 3), ("证书", "keywords", 4)]
    # Per-column counts only bound the entries: they may overlap.
    assert pruning.name_matches_at_most(["渔船", "证书"], lookup_from(rows)) == 9
    pruning.forget()
    # A store's count over every name column at once is exact.
    exact = [*rows, ("渔船", "names", 4), ("证书", "names", 4)]
    assert pruning.name_matches_at_most(["渔船", "证书"], lookup_from(exact)) == 8
    # Body counts never bound a name search.
    pruning.forget()
    body = [("渔船", "body", 500)]
    assert pruning.name_matches_at_most(["渔船"], lookup_from(body)) == 0


def test_a_costlier_score_ranks_in_two_stages_sooner():
    rows = [("身份证", "title", 800), ("换领", "title", 90), ("居民", "title", 700)]
    tokens = ["身份证", "换领", "居民"]
    assert pruning.core(tokens, lookup_from(rows), body=False) is None
    # Ten times the cost per match: 800 matches are worth scoring in two
    # stages, and the candidates are capped at a tenth too.
    assert pruning.core(tokens, lookup_from(rows), body=False, cost=10) == ["换领"]
