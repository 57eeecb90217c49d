"""The Elasticsearch index: document class, analyzers and index settings.

Ranking rests on the app's own analysis (``search.analysis``): each column
of ``AnalyzedDocument`` is indexed as a ``tokens.<column>`` text field with a
whitespace analyzer, so the tokens (words, bigrams, ``p_``/``f_`` pinyin,
``i_`` initials) are exactly the ones the embedded backend stores, and both
backends rank alike.  An Elasticsearch-side Chinese analyzer (smartcn or IK,
``SEARCH_ELASTICSEARCH_ANALYZER``) can be added over the raw texts; it then
also feeds highlighting of body text.
"""

from __future__ import annotations

from elasticsearch_dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Float,
    Index,
    Keyword,
    Mapping,
    Object,
    Text,
    analyzer,
)

from ...analysis import COLUMNS
from ..base import facet_names

# Pre-analysed tokens are separated by spaces and already normalised.
TOKENS = analyzer("banshi_tokens", tokenizer="whitespace")
# Suggestions match a typed prefix against whole titles, pinyin or initials.
SUGGEST = analyzer("banshi_suggest", tokenizer="keyword", filter=["lowercase"])
# Index-time and query-time analyzers of the optional Chinese plugins.
NATIVE = {
    "smartcn": ("smartcn", "smartcn"),
    "ik": ("ik_max_word", "ik_smart"),
}
RAW_TEXTS = ("title", "aliases", "keywords", "body")


def token_field() -> Text:
    # Term frequency within a short name says little; norms keep short names
    # (a whole-name match) ahead of long ones, as FTS5's bm25 does.
    return Text(analyzer=TOKENS, index_options="freqs")


class SearchEntry(Document):
    """One public document (service item, guide, video, form)."""

    doc_id = Keyword()
    kind = Keyword()
    code = Keyword()
    url = Keyword(index=False)
    # title, aliases, keywords and body: see ``raw_mapping`` (analyzer-dependent).
    summary = Text(index=False)
    region_code = Keyword()
    region_name = Keyword()
    department = Keyword()
    # facets: one keyword per declared facet, see ``facet_mapping``.
    tokens = Object(properties={column: token_field() for column in COLUMNS})
    boost = Float()
    # Only public documents are indexed; the flag lets every query say so too.
    public = Boolean()
    updated_at = Date()
    suggest = Completion(analyzer=SUGGEST, preserve_separators=False)
    # (text, pinyin, initials) per suggestion input: maps a pinyin match back
    # to the Chinese title or alias it came from.
    suggest_texts = Object(enabled=False)


def build_index(name: str, native: str = "", *, replicas: int | None = None) -> Index:
    """The index definition (settings, analyzers, mapping) under ``name``."""
    index = Index(name)
    settings = {"number_of_shards": 1}
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    index.settings(**settings)
    index.analyzer(TOKENS)
    index.analyzer(SUGGEST)
    index.document(SearchEntry)
    mapping = raw_mapping(native)
    mapping.field("facets", facet_mapping())
    index.mapping(mapping)
    return index


def facet_mapping() -> Object:
    """A keyword per facet the registered sources declare."""
    return Object(properties={name: Keyword() for name in facet_names()})


def raw_mapping(native: str = "") -> Mapping:
    """Raw texts: stored only, or analysed by the plugin ``native`` (smartcn, ik)."""
    mapping = Mapping()
    for name in RAW_TEXTS:
        if not native:
            mapping.field(name, Text(index=False))
            continue
        index_analyzer, search_analyzer = NATIVE[native]
        options = {"analyzer": index_analyzer, "search_analyzer": search_analyzer}
        if name == "body":
            # Offsets make highlighting long texts cheap.
            options["term_vector"] = "with_positions_offsets"
        mapping.field(name, Text(**options))
    return mapping
