"""PostgreSQL's per-token name counts (``search_fts_terms``, migration 0012).

They replace one GIN-backed count statement per query token: a cold query
reads all its tokens' counts in one statement, and every index write keeps
the counts equal to what counting the ``names`` vectors would give.
"""

import unittest
from unittest import mock

from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from search.backends import base
from search.backends.embedded import EmbeddedBackend
from search.backends.fulltext import fulltext_for
from search.query import SearchRequest

from .documents import DOCUMENTS, make_document

# What the counts must equal: the names vectors counted directly.
COUNTED = (
    "SELECT t.lexeme, count(*) FILTER "
    "(WHERE t.weights && CAST('{A,B}' AS text[])), count(*) "
    "FROM search_fts f, unnest(f.names) AS t GROUP BY t.lexeme"
)
LONG_QUERY = "请问居民身份证丢了怎么补办换领需要带什么材料去哪里办理公积金提取"


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class TermCountTests(TestCase):
    def setUp(self):
        self.backend = EmbeddedBackend()
        self.backend.rebuild(list(DOCUMENTS))

    def stored(self) -> dict[str, tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT token, named, anywhere FROM search_fts_terms WHERE anywhere > 0"
            )
            return {token: (named, anywhere) for token, named, anywhere in cursor}

    def counted(self) -> dict[str, tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(COUNTED)
            return {token: (named, anywhere) for token, named, anywhere in cursor}

    def test_counts_follow_every_kind_of_write(self):
        self.assertEqual(self.stored(), self.counted())
        writes = {
            "upsert new": lambda: self.backend.upsert(
                make_document("HC-9", "机动车驾驶证期满换证", aliases=("驾照换证",))
            ),
            "upsert changed": lambda: self.backend.upsert(
                make_document("HC-9", "机动车驾驶证补领")
            ),
            "delete": lambda: self.backend.delete("item:HC-1"),
            "upsert_many": lambda: self.backend.upsert_many(
                [
                    make_document("HC-2", "社会保障卡补换"),
                    make_document("HC-7", "护照签发"),
                ]
            ),
            "rebuild": lambda: self.backend.rebuild(list(DOCUMENTS[:2])),
        }
        for name, write in writes.items():
            with self.subTest(write=name):
                write()
                self.assertEqual(self.stored(), self.counted())

    def test_counts_survive_nested_and_failed_writes(self):
        """Counts gathered per write transaction: a failed one's are dropped."""

        def failing():
            # Batches of one: the first is written before the source breaks.
            yield make_document("HC-8", "渔船船员证书核发")
            yield make_document("HC-5", "海员证补发")
            raise RuntimeError("the document source broke")

        batches_of_one = mock.patch("search.backends.embedded.BATCH_SIZE", 1)
        with batches_of_one, self.backend.writing():
            self.backend.upsert(make_document("HC-9", "机动车驾驶证期满换证"))
            try:
                with transaction.atomic():
                    self.backend.upsert_many(failing())
            except RuntimeError:
                pass
            self.backend.upsert(make_document("HC-7", "护照签发"))
        self.assertEqual(self.stored(), self.counted())
        with batches_of_one, self.assertRaises(RuntimeError):
            self.backend.upsert_many(failing())
        self.backend.upsert(make_document("HC-6", "船员服务簿签发"))
        self.assertEqual(self.stored(), self.counted())
        self.assertIn("船员", self.stored())
        self.assertNotIn("海员", self.stored())

    def test_frequencies_equal_counts_of_the_vectors(self):
        fulltext = fulltext_for("postgresql")
        counted = self.counted()
        tokens = [*sorted(counted)[:20], "不存在的词"]
        with connection.cursor() as cursor:
            rows = fulltext.frequencies(cursor, tokens)
            names = fulltext.name_frequencies(cursor, tokens)
        for token in tokens:
            named, anywhere = counted.get(token, (0, 0))
            self.assertIn((token, "title", named), rows)
            self.assertIn((token, "keywords", anywhere), rows)
            self.assertEqual(names[token], named)

    def test_body_counts_in_one_pipeline_equal_counts_one_by_one(self):
        fulltext = fulltext_for("postgresql")
        self.backend.upsert(make_document("HC-5", "渔船登记", body="船舶吨位证明书"))
        tokens = ["吨位", "船舶", "不存在的词", "证明"]
        with connection.cursor() as cursor:
            together = fulltext._body_counts(cursor, tokens)
            alone = {t: fulltext._body_count(cursor, t) for t in tokens}
        self.assertEqual(together, alone)
        self.assertEqual(together["吨位"], 1)

    def test_cold_query_reads_its_counts_in_few_statements(self):
        """Statements do not grow with the query's tokens (there are dozens)."""
        base.forget()
        with CaptureQueriesContext(connection) as queries:
            self.backend.search(SearchRequest(q=LONG_QUERY))
        statements = [q["sql"] for q in queries.captured_queries]
        counts = [s for s in statements if "search_fts_terms" in s]
        self.assertLessEqual(len(counts), 3)
        self.assertFalse([s for s in statements if "FILTER (WHERE names" in s])
        # Body counts of words no name holds go in one pipeline (not logged).
        self.assertLessEqual(len([s for s in statements if "AS found" in s]), 1)
        self.assertLessEqual(len(statements), 12)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class PendingListTests(TestCase):
    """Index writes leave no GIN pending list for every search to scan."""

    def pending_tuples(self) -> int:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        except DatabaseError:
            self.skipTest("pgstattuple is not available on this server")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(pending_tuples) FROM unnest(%s::text[]) AS n, "
                "LATERAL pgstatginindex(n::regclass)",
                [["search_fts_document", "search_fts_names"]],
            )
            return int(cursor.fetchone()[0])

    def test_rebuild_and_upsert_merge_the_pending_list(self):
        backend = EmbeddedBackend()
        backend.rebuild(list(DOCUMENTS))
        self.assertEqual(self.pending_tuples(), 0)
        backend.upsert(make_document("NEW-001", "新增的事项名称"))
        self.assertEqual(self.pending_tuples(), 0)
        hits = backend.search(SearchRequest(q="新增的事项名称")).hits
        self.assertEqual(hits[0].code, "NEW-001")
