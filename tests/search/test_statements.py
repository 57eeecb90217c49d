"""How many statements a search costs: what a citizen waits for on each query.

Synthetic catalogues built here; every vendor the suite runs on.
"""

from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from search.backends import base
from search.backends.embedded import MIN_NAME_MATCHES, EmbeddedBackend
from search.query import SearchRequest

from .documents import make_document


def codes(results):
    return [hit.code for hit in results.hits]


def recording_passes():
    """A stand-in for ``_matches`` that records each pass (body or names)."""
    passes = []
    matches = EmbeddedBackend._matches

    def recorded(backend, tokens, request, preference, size, body):
        passes.append(body)
        return matches(backend, tokens, request, preference, size, body)

    return passes, recorded


class StatementTests(TestCase):
    def setUp(self):
        base.forget()
        self.backend = EmbeddedBackend()
        named = [
            make_document(f"N{n}", f"居住证签注第{n}类", summary=f"第{n}类签注")
            for n in range(MIN_NAME_MATCHES + 5)
        ]
        # 渔船 is in two names and in many bodies: names alone find too few.
        bodies = [
            make_document(f"B{n}", f"船舶登记{n}", body="渔船检验证书\n身份证")
            for n in range(MIN_NAME_MATCHES + 3)
        ]
        boats = [make_document(f"Y{n}", f"渔船证书{n}") for n in range(2)]
        self.backend.rebuild([*named, *bodies, *boats])

    def search(self, q):
        return self.backend.search(SearchRequest(q=q))

    def test_a_name_search_reads_ranks_and_shown_columns_in_one_statement(self):
        self.search("居住证签注")  # token counts and context memoised
        with CaptureQueriesContext(connection) as queries:
            results = self.search("居住证签注")
        self.assertEqual(len(queries.captured_queries), 1, queries.captured_queries)
        self.assertEqual(results.count, MIN_NAME_MATCHES + 5)
        self.assertEqual(len(results.hits), 10)
        self.assertTrue(all(hit.title.startswith("居住证签注") for hit in results.hits))
        self.assertTrue(all(hit.url.endswith(f"/{hit.code}/") for hit in results.hits))

    def test_names_known_to_find_too_few_are_not_searched(self):
        passes, recorded = recording_passes()
        with mock.patch.object(EmbeddedBackend, "_matches", recorded):
            skipped = self.search("渔船")
            self.assertEqual(passes, [True])
            passes.clear()
            with mock.patch.object(
                EmbeddedBackend, "_names_find_too_few", return_value=False
            ):
                both = self.search("渔船")
            self.assertEqual(passes, [False, True])
        self.assertEqual(codes(skipped), codes(both))
        self.assertEqual(skipped.count, both.count)
        self.assertEqual(skipped.count, MIN_NAME_MATCHES + 5)
        self.assertEqual(set(codes(skipped)[:2]), {"Y0", "Y1"})

    def test_names_that_may_find_enough_are_searched_first(self):
        passes, recorded = recording_passes()
        with mock.patch.object(EmbeddedBackend, "_matches", recorded):
            self.search("居住证签注")
        self.assertEqual(passes, [False])
