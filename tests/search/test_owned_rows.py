"""Rows an index entry owns live and die with it (ADR 0019: no database
constraint holds them to it, the writer does)."""

from dataclasses import replace

from django.test import TestCase

from search.backends import base
from search.backends.embedded import EmbeddedBackend
from search.models import IndexEntry, IndexFacet, IndexRank, IndexSuggestion

from .documents import make_document

OWNED = (IndexRank, IndexFacet, IndexSuggestion)


class OwnedRowTests(TestCase):
    def setUp(self):
        base.forget()
        self.backend = EmbeddedBackend()
        self.documents = [
            make_document(f"R{n}", f"居住证签注{n}", aliases=(f"签注{n}", "居住证"))
            for n in range(6)
        ]
        self.backend.rebuild(self.documents)

    def orphans(self):
        entries = set(IndexEntry.objects.values_list("pk", flat=True))
        return {
            model.__name__: sorted(
                set(model.objects.values_list("entry_id", flat=True)) - entries
            )
            for model in OWNED
        }

    def test_updates_and_deletes_leave_no_row_without_its_entry(self):
        changed = replace(self.documents[0], aliases=("新别名",), title="居住证换领")
        self.backend.upsert(changed)
        self.backend.upsert_many([replace(d, aliases=()) for d in self.documents[1:3]])
        self.backend.delete(self.documents[3].doc_id)
        self.assertEqual(self.orphans(), {m.__name__: [] for m in OWNED})
        entry = IndexEntry.objects.get(doc_id=changed.doc_id)
        texts = set(
            IndexSuggestion.objects.filter(entry_id=entry.pk).values_list(
                "text", flat=True
            )
        )
        self.assertEqual(texts, {"居住证换领", "新别名"})
        self.assertEqual(IndexRank.objects.count(), 5)

    def test_a_rebuild_leaves_only_the_new_entries_rows(self):
        self.backend.rebuild(self.documents[:2])
        self.assertEqual(self.orphans(), {m.__name__: [] for m in OWNED})
        self.assertEqual(IndexRank.objects.count(), 2)
        self.assertEqual(
            set(IndexFacet.objects.values_list("entry_id", flat=True)),
            set(IndexEntry.objects.values_list("pk", flat=True)),
        )
