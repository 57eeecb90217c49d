from django.db import connection
from django.test import TestCase

from search.backends.embedded import EmbeddedBackend

from .contract import BackendContract


class EmbeddedBackendTests(BackendContract, TestCase):
    def make_backend(self):
        return EmbeddedBackend()

    def test_fulltext_rows_follow_entries(self):
        """Deleting a document leaves no full-text row behind."""
        self.backend.delete("item:HC-1")
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            self.assertEqual(cursor.fetchone()[0], len(self.codes_all()))

    def codes_all(self):
        from search.models import IndexEntry

        return list(IndexEntry.objects.values_list("code", flat=True))
