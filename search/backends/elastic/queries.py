"""Request bodies for the Elasticsearch backend, built with elasticsearch-dsl.

The query matches the app's own query tokens (``search.analysis``) against
the ``tokens.*`` fields with the same column weights as the embedded
backend, multiplies by the document's boost (high-frequency items) and by a
region weight for the preferred region (a boost, never a filter), keeps to
public documents and the requested kinds/facets, and asks for facet counts
as aggregations over the whole match set.
"""

from __future__ import annotations

from elasticsearch_dsl import A, Q, Search

from ...query import SearchRequest
from ..base import facet_names, wanted_filters
from ..fulltext import WEIGHTS

FACET_SIZE = 50
SUGGEST_NAME = "titles"
# Fields the hits need for display and highlighting (not tokens).
SOURCE_FIELDS = [
    "doc_id",
    "kind",
    "code",
    "title",
    "url",
    "aliases",
    "summary",
    "region_code",
    "region_name",
    "department",
    "boost",
]


def text_query(tokens: list[str]) -> Q:
    """Any token in any column, each column weighted as in the embedded backend."""
    joined = " ".join(tokens)
    return Q(
        "bool",
        should=[
            Q("match", **{f"tokens.{column}": {"query": joined, "boost": weight}})
            for column, weight in WEIGHTS.items()
        ],
        minimum_should_match=1,
    )


def ranked_query(tokens: list[str], region: str, region_boost: float) -> Q:
    """Text relevance × document boost × region preference (non-filtering)."""
    functions = [
        {"field_value_factor": {"field": "boost", "missing": 1.0, "modifier": "none"}}
    ]
    if region:
        functions.append(
            {"filter": {"term": {"region_code": region}}, "weight": region_boost}
        )
    return Q(
        "function_score",
        query=text_query(tokens),
        functions=functions,
        score_mode="multiply",
        boost_mode="multiply",
    )


def filters(request: SearchRequest) -> list[Q]:
    """Public documents only, then the requested kinds and facet values."""
    clauses = [Q("term", public=True)]
    if request.kinds:
        clauses.append(Q("terms", kind=list(request.kinds)))
    for name, value in wanted_filters(request.filters):
        clauses.append(Q("term", **{f"facets.{name}": value}))
    return clauses


def search_body(
    request: SearchRequest,
    tokens: list[str],
    *,
    region: str,
    region_boost: float,
    native: str = "",
) -> Search:
    """The whole search request: query, filters, page, facets, highlight."""
    search = Search().query(
        Q(
            "bool",
            must=[ranked_query(tokens, region, region_boost)],
            filter=filters(request),
        )
    )
    search = search.extra(track_total_hits=True).source(SOURCE_FIELDS)
    search = search[request.offset : request.offset + request.per_page]
    search = search.sort("_score", {"doc_id": "asc"})
    for name in facet_names():
        search.aggs.bucket(name, facet_aggregation(name))
    if native:
        # With a Chinese analyzer the engine can mark body passages too.
        search = search.highlight(
            "body",
            fragment_size=80,
            number_of_fragments=1,
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            highlight_query=Q("match", body=" ".join(tokens)).to_dict(),
        )
    return search


def facet_aggregation(name: str):
    terms = A("terms", field=f"facets.{name}", size=FACET_SIZE)
    if name == "region":
        # Region values are codes; one name per code for display.
        terms.bucket("names", "terms", field="region_name", size=1)
    return terms


def suggest_body(prefix: str, limit: int) -> Search:
    """Completion suggester over titles, aliases, their pinyin and initials."""
    search = Search().source(["suggest_texts"]).extra(size=0)
    return search.suggest(
        SUGGEST_NAME,
        prefix,
        completion={"field": "suggest", "size": limit * 2, "skip_duplicates": True},
    )


def popular_body(limit: int, region: str) -> Search:
    """Most boosted public documents, the region's first."""
    functions = [{"field_value_factor": {"field": "boost", "missing": 1.0}}]
    if region:
        functions.append({"filter": {"term": {"region_code": region}}, "weight": 10.0})
    query = Q(
        "function_score",
        query=Q("bool", filter=[Q("term", public=True)]),
        functions=functions,
        score_mode="multiply",
        boost_mode="replace",
    )
    search = Search().query(query).source(SOURCE_FIELDS)
    return search.sort("_score", {"doc_id": "asc"})[:limit]
