"""The backend contract (tests/search/contract.py) run against every backend.

The embedded backend always runs.  The Elasticsearch run needs a server: set
``ELASTICSEARCH_URL`` (e.g. ``http://127.0.0.1:9200``); without it the class
is skipped with the reason shown by ``pytest -ra``.
"""

import os
import unittest
import uuid
from unittest import mock

from django.db import connection
from django.test import TestCase

from search.backends import base, pruning
from search.backends.embedded import EmbeddedBackend
from search.query import SearchRequest

from .contract import BackendContract
from .documents import DOCUMENTS, make_document

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


class EmbeddedBackendTests(BackendContract, TestCase):
    def make_backend(self):
        return EmbeddedBackend()

    def test_fulltext_rows_follow_entries(self):
        """Deleting a document leaves no full-text row behind."""
        self.backend.delete("item:HC-1")
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            self.assertEqual(cursor.fetchone()[0], len(self.codes_all()))

    def test_name_structure_follows_entries(self):
        """The names-only copy (ADR 0025) loses its row with the entry too."""
        table, column = (
            ("search_fts_names", "rowid")
            if connection.vendor == "sqlite"
            else ("search_fts", "entry_id")
        )
        self.backend.delete("item:HC-1")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT({column}) FROM {table}")  # noqa: S608
            self.assertEqual(cursor.fetchone()[0], len(self.codes_all()))

    def test_name_search_reads_no_body_words(self):
        """A word only a body holds is in the full structure, not the names'."""
        from search.analysis.documents import body_tokens
        from search.backends.fulltext import fulltext_for

        from .documents import make_document

        self.backend.upsert(make_document("HC-5", "渔船登记", body="船舶吨位证明书"))
        word = next(t for t in body_tokens("船舶吨位证明书") if t == "吨位")
        fulltext = fulltext_for(connection.vendor)
        counts = []
        with connection.cursor() as cursor:
            for body in (False, True):
                sql, params = fulltext.match_ids([word], body=body)
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) m", params)  # noqa: S608
                counts.append(cursor.fetchone()[0])
        self.assertEqual(counts, [0, 1])

    def test_two_stage_ranking_keeps_counts_and_facets_exact(self):
        """Scoring only the rarest tokens' holders never changes count or facets."""
        for q in ("身份证换领", "公积金", "shebao"):
            with self.subTest(q=q):
                exact = self.backend.search(SearchRequest(q=q))
                with (
                    mock.patch.object(pruning, "EXACT_LIMIT", 0),
                    mock.patch.object(pruning, "CANDIDATE_LIMIT", 1),
                ):
                    pruning.forget()
                    staged = self.backend.search(SearchRequest(q=q))
                self.assertEqual(staged.count, exact.count)
                self.assertEqual(staged.facets, exact.facets)
                self.assertEqual(staged.hits[0].code, exact.hits[0].code)

    def codes_all(self):
        from search.models import IndexEntry

        return list(IndexEntry.objects.values_list("code", flat=True))


@unittest.skipUnless(
    ELASTICSEARCH_URL,
    "ELASTICSEARCH_URL is not set; the Elasticsearch contract run needs a server",
)
class ElasticBackendTests(BackendContract, TestCase):
    def make_backend(self):
        from search.backends.elastic import ElasticBackend

        alias = f"banshi-test-{uuid.uuid4().hex[:8]}"
        return ElasticBackend(url=ELASTICSEARCH_URL, alias=alias, native="")

    def tearDown(self):
        base.forget()
        # By name: Elasticsearch 8 refuses wildcard deletes by default
        # (action.destructive_requires_name).
        client = self.backend.client
        found = client.indices.get(
            index=f"{self.backend.alias}-*", allow_no_indices=True
        )
        for name in sorted(found):
            client.indices.delete(index=name, ignore_unavailable=True)

    def test_rebuild_swaps_the_alias_and_drops_old_indexes(self):
        """After a second rebuild exactly one index sits behind the alias."""
        self.backend.rebuild(self.documents())
        indexes = self.backend.client.indices.get(index=f"{self.backend.alias}-*")
        self.assertEqual(len(indexes), 1)
        self.assertEqual(self.backend.aliased_indexes(), sorted(indexes))


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "the advisory lock serialises index writers on PostgreSQL only",
)
class IndexWriteLockTests(TestCase):
    """Every index write waits while another session holds the index lock."""

    def setUp(self):
        import psycopg

        from search.backends.embedded import INDEX_WRITE_LOCK

        # No index write here: inside the test's transaction it would keep the
        # lock until the test ends, and the other session below would wait.
        self.backend = EmbeddedBackend()
        settings = connection.settings_dict
        self.other = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        )
        self.addCleanup(self.other.close)
        # Another session (a rebuild in the worker, say) is writing the index.
        taken = self.other.execute(
            "SELECT pg_try_advisory_lock(%s)", [INDEX_WRITE_LOCK]
        ).fetchone()[0]
        self.assertTrue(taken)

    def test_each_write_waits_for_the_lock(self):
        from django.db import OperationalError, transaction

        writes = {
            "upsert": lambda: self.backend.upsert(make_document("HC-9", "护照签发")),
            "delete": lambda: self.backend.delete("item:HC-1"),
            "upsert_many": lambda: self.backend.upsert_many(DOCUMENTS[:2]),
            "rebuild": lambda: self.backend.rebuild(DOCUMENTS),
        }
        for name, write in writes.items():
            with (
                self.subTest(write=name),
                self.assertRaises(OperationalError),
                transaction.atomic(),
            ):
                with connection.cursor() as cursor:
                    # Waiting is what the lock does; give up fast instead.
                    cursor.execute("SET LOCAL lock_timeout = '50ms'")
                write()

    def test_writes_go_through_once_the_lock_is_free(self):
        self.other.execute("SELECT pg_advisory_unlock_all()")
        self.backend.upsert(make_document("HC-9", "护照签发"))
        self.assertIn(
            "HC-9", [h.code for h in self.backend.search(SearchRequest(q="护照")).hits]
        )
