"""SQLite's page cache: large for searching, small while the index is written.

A large cache filled by an import's index write would stay for the life of
the process (most of a 100,000-item import's peak memory).
"""

import unittest
import unittest.mock

from django.db import connection
from django.test import TestCase

from search.backends.embedded import EmbeddedBackend
from search.backends.fulltext import SqliteFullText
from search.query import SearchRequest

from .documents import DOCUMENTS, make_document


def cache_kib() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return -cursor.fetchone()[0]


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite only")
class PageCacheTests(TestCase):
    def setUp(self):
        self.backend = EmbeddedBackend()
        self.backend.rebuild(list(DOCUMENTS))

    def test_writes_use_the_small_cache_and_searches_the_large_one(self):
        seen = []
        store = SqliteFullText
        original = store.insert

        def insert(self, cursor, rows):
            seen.append(cache_kib())
            return original(self, cursor, rows)

        with unittest.mock.patch.object(store, "insert", insert):
            self.backend.upsert_many(
                [make_document("HC-9", "渔船登记"), make_document("HC-8", "护照签发")]
            )
            with self.backend.writing():
                self.backend.upsert(make_document("HC-7", "海员证补发"))
                seen.append(cache_kib())
        self.assertEqual(set(seen), {store.WRITE_CACHE_KIB})
        self.backend.search(SearchRequest(q="渔船"))
        self.assertEqual(cache_kib(), store.READ_CACHE_KIB)

    def test_a_failed_write_leaves_searches_their_cache(self):
        def failing():
            yield make_document("HC-9", "渔船登记")
            raise RuntimeError("the document source broke")

        with self.assertRaises(RuntimeError):
            self.backend.upsert_many(failing())
        self.assertEqual(self.backend.search(SearchRequest(q="渔船")).count, 0)
        self.assertEqual(cache_kib(), SqliteFullText.READ_CACHE_KIB)
