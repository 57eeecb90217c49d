"""Every request body the Elasticsearch backend sends, checked parameter by parameter
against the typed request classes the pinned ``elasticsearch`` client ships
(``elasticsearch.dsl.query`` / ``aggs`` / ``types``).

No server runs here; a parameter Elasticsearch does not know (``encoder``
inside a highlight field, which 8.0–8.13 refuse) fails this test instead of
a citizen's search.
"""

import inspect

from django.test import SimpleTestCase
from elasticsearch.dsl import aggs as dsl_aggs
from elasticsearch.dsl import query as dsl_query
from elasticsearch.dsl import types
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import analyze_query
from search.backends.elastic import queries
from search.backends.fulltext import safe_tokens
from search.query import SearchRequest

# Field-level query options (``{"match": {field: {...}}}``) by query name.
FIELD_OPTIONS = {"match": types.MatchQuery, "term": types.TermQuery}
# The client types no score function's options; these are the properties of
# FieldValueFactorScoreFunction in Elastic's 8.x specification.
SCORE_FUNCTIONS = {"field_value_factor": {"field", "factor", "missing", "modifier"}}
FUNCTION_KEYS = {"filter", "weight", *SCORE_FUNCTIONS}


def parameters(cls) -> set[str]:
    names = inspect.signature(cls.__init__).parameters
    return {n for n, p in names.items() if n != "self" and p.kind is not p.VAR_KEYWORD}


class SpecChecker:
    def __init__(self, case):
        self.case = case

    def query(self, clause: dict, path="query"):
        self.case.assertEqual(len(clause), 1, path)
        ((name, params),) = clause.items()
        cls = dsl_query.Query.get_dsl_class(name)
        if name in FIELD_OPTIONS:
            ((field, options),) = params.items()
            if isinstance(options, dict):
                self.known(options, parameters(FIELD_OPTIONS[name]), f"{path}.{name}")
            return
        if name == "terms":
            known = parameters(cls) - {"_field", "_value"}
            fields = [k for k in params if k not in known]
            self.case.assertEqual(len(fields), 1, f"{path}.terms: {params}")
            return
        self.known(params, parameters(cls), f"{path}.{name}")
        for key in ("must", "should", "filter", "must_not"):
            for n, child in enumerate(_list(params.get(key))):
                self.query(child, f"{path}.{name}.{key}[{n}]")
        if "query" in params:
            self.query(params["query"], f"{path}.{name}.query")
        for n, function in enumerate(params.get("functions", ())):
            self.function(function, f"{path}.{name}.functions[{n}]")

    def function(self, function: dict, path: str):
        self.known(function, FUNCTION_KEYS, path)
        if "filter" in function:
            self.query(function["filter"], f"{path}.filter")
        for name, allowed in SCORE_FUNCTIONS.items():
            if name in function:
                self.known(function[name], allowed, f"{path}.{name}")

    def aggregations(self, aggs: dict, path="aggs"):
        for label, spec in aggs.items():
            spec = dict(spec)
            children = spec.pop("aggs", {})
            self.case.assertEqual(len(spec), 1, f"{path}.{label}")
            ((name, params),) = spec.items()
            cls = dsl_aggs.Agg.get_dsl_class(name)
            self.known(params, parameters(cls), f"{path}.{label}.{name}")
            if name == "filters":
                for key, clause in params["filters"].items():
                    self.query(clause, f"{path}.{label}.filters.{key}")
            self.aggregations(children, f"{path}.{label}")

    def highlight(self, highlight: dict):
        self.known(highlight, parameters(types.Highlight), "highlight")
        for field, options in highlight.get("fields", {}).items():
            self.known(options, parameters(types.HighlightField), f"highlight.{field}")

    def body(self, body: dict):
        if "query" in body:
            self.query(body["query"])
        self.aggregations(body.get("aggs", {}))
        if "highlight" in body:
            self.highlight(body["highlight"])

    def known(self, params: dict, allowed: set[str], path: str):
        unknown = set(params) - allowed
        self.case.assertFalse(unknown, f"{path}: unknown parameters {sorted(unknown)}")


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def search_body(q="身份证补办要带什么", *, native="", count=True, **request):
    plan = analyze_query(q)
    tokens = safe_tokens(plan.tokens) or ["x"]
    return queries.search_body(
        SearchRequest(q=q, **request),
        tokens,
        region="990100",
        region_boost=1.6,
        native=native,
        depth=30,
        count_tokens=tokens[:5] if count else [],
    ).to_dict()


class RequestSpecTests(SimpleTestCase):
    def setUp(self):
        self.check = SpecChecker(self)

    def test_search_bodies_use_only_known_parameters(self):
        for native in ("", "smartcn", "ik"):
            with self.subTest(native=native):
                self.check.body(search_body(native=native))
                self.check.body(
                    search_body(
                        native=native,
                        kinds=("item",),
                        filters={"channel": "appointment", "topic": "户籍"},
                    )
                )

    def test_highlight_options_sit_where_every_8x_accepts_them(self):
        highlight = search_body(native="ik")["highlight"]
        self.assertEqual(highlight["encoder"], "html")
        self.assertEqual(highlight["pre_tags"], ["<mark>"])
        self.assertNotIn("encoder", highlight["fields"]["body"])

    def test_other_bodies_use_only_known_parameters(self):
        request = SearchRequest(
            q="HC-SJ-001", kinds=("item",), filters={"type": "item"}
        )
        for body in (
            queries.exact_codes_body(request, ["item:HC-SJ-001"]).to_dict(),
            queries.popular_body(8, "990100").to_dict(),
            queries.popular_body(8, "").to_dict(),
        ):
            with self.subTest(body=body):
                self.check.body(body)

    def test_the_frequency_aggregation_is_global(self):
        aggregation = search_body()["aggs"][queries.FREQUENCY_AGG]
        self.assertIn("global", aggregation)
        self.assertIn("filters", aggregation["aggs"]["counts"])
        self.assertNotIn(queries.FREQUENCY_AGG, search_body(count=False)["aggs"])

    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=60), st.integers(1, 200), st.integers(1, 50))
    def test_any_query_and_page_builds_a_valid_body(self, q, page, per_page):
        body = search_body(q, page=page, per_page=per_page)
        self.check.body(body)
        self.assertEqual(body["from"], 0)
        self.assertGreaterEqual(body["size"], min(page * per_page, 30))
