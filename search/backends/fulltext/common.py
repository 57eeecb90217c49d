"""What the vendor stores share: column weights, name columns, token limits."""

from __future__ import annotations

from ...analysis.text import is_token

MAX_QUERY_TOKENS = 80
# Column weights: title > aliases > keywords > body; pinyin below words.
WEIGHTS = {
    "title": 10.0,
    "aliases": 7.0,
    "keywords": 5.0,
    "body": 1.0,
    "pinyin": 3.0,
    "fuzzy": 1.5,
}


# Columns searched first; the body joins only when names find too little
# (material lists mention 身份证 in most items, and scanning them for every
# query would cost more than it finds).
NAME_COLUMNS = ("title", "aliases", "keywords", "pinyin", "fuzzy")
# Where a word's rarity is counted for ranking (``ranking.query_features``).
NAME_FREQUENCY_COLUMNS = ("title", "aliases")


def safe_tokens(tokens) -> list[str]:
    return [t for t in tokens if is_token(t)][:MAX_QUERY_TOKENS]
