"""Suggestions by prefix read an index on every vendor and find exactly the
values that start with what was typed."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from search.backends import base
from search.backends.embedded import EmbeddedBackend
from search.backends.suggestions import _starting, suggest_texts
from search.models import IndexSuggestion

from .documents import make_document

NAMES = ["居民身份证申领", "居住证签注", "驾驶证换证", "住房公积金提取", "Zz证照"]


def index():
    base.forget()
    EmbeddedBackend().rebuild(
        [make_document(f"S{n}", name) for n, name in enumerate(NAMES)]
    )


class PrefixTests(HypothesisTestCase):
    def setUp(self):
        index()

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(["pinyin", "initials", "text"]), st.data())
    def test_the_lookup_finds_exactly_the_values_with_the_prefix(self, column, data):
        values = list(IndexSuggestion.objects.values_list(column, flat=True))
        source = data.draw(st.sampled_from(values))
        prefix = source[: data.draw(st.integers(0, len(source)))]
        found = IndexSuggestion.objects.filter(
            **_starting(column, prefix, connection.vendor)
        ).values_list(column, flat=True)
        self.assertEqual(
            sorted(found), sorted(v for v in values if v.startswith(prefix))
        )


class PlanTests(TestCase):
    def setUp(self):
        index()

    def test_a_pinyin_prefix_is_read_from_the_index(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's planner is asked here")
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(suggest_texts("default", "jumin"), ["居民身份证申领"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[0]["sql"])
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("USING INDEX", plan)
        self.assertNotIn("SCAN search_indexsuggestion", plan)
