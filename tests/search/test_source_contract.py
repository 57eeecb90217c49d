"""Every registered document source keeps the one contract (issue 15).

Runs over ``search.index.get_sources()`` — the sources settings list — so a
new source is checked without touching this file: it declares a kind, a
label and facets, its documents are ``SearchDocument``s of its kind whose
facets it declared, ``documents_for`` reads any of them back in bulk (and
nothing for ids that are not public), and bulk re-indexing works for it.
"""

import io

from django.core.management import call_command
from django.test import TestCase

from catalogue.indexing import DocumentSource, Facet, SearchDocument
from search import services
from search.index import facet_names, get_sources, kind_labels, source_for
from search.query import SearchRequest
from tests.catalogue.factories import ServiceItemFactory, TopicFactory
from tests.cms.factories import add_guide_page, add_video_page
from tests.cms.site import make_site
from tests.formbuilder.factories import make_form


def indexed_ids(kind):
    results = services.search(SearchRequest(q="开店铺", kinds=(kind,), per_page=50))
    return {hit.doc_id for hit in results.hits}


class SourceContractTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site()
        cls.item = ServiceItemFactory(
            name="开店铺登记", topics=[TopicFactory(name="开店铺")]
        )
        cls.hidden = ServiceItemFactory(name="开店铺草稿", live=False)
        add_guide_page(home, title="开店铺图解", items=[cls.item])
        add_video_page(home, title="开店铺视频", items=[cls.item])
        make_form(slug="open-shop", title="开店铺申请表")

    def test_every_kind_is_covered(self):
        self.assertEqual(
            {source.kind for source in get_sources()},
            {"item", "guide", "video", "form"},
        )

    def test_each_source_declares_kind_label_and_facets(self):
        for source in get_sources():
            with self.subTest(source=type(source).__name__):
                self.assertIsInstance(source, DocumentSource)
                self.assertTrue(source.kind)
                self.assertNotIn(":", source.kind)
                self.assertTrue(str(source.label))
                self.assertEqual(source_for(source.kind), source)
                for facet in source.facets:
                    self.assertIsInstance(facet, Facet)
                    self.assertIn(facet.name, facet_names())
        self.assertEqual(len(kind_labels()), len(get_sources()))

    def test_documents_are_of_the_source_and_use_declared_facets(self):
        for source in get_sources():
            with self.subTest(source=source.kind):
                documents = list(source.iter_documents())
                self.assertTrue(documents)
                declared = {"type", *(f.name for f in source.facets)}
                for document in documents:
                    self.assertIsInstance(document, SearchDocument)
                    self.assertEqual(document.kind, source.kind)
                    self.assertEqual(source.key(document.doc_id) is not None, True)
                    self.assertEqual(document.facets["type"], (source.kind,))
                    self.assertLessEqual(set(document.facets), declared)
                    self.assertEqual(
                        SearchDocument.from_payload(document.as_payload()), document
                    )

    def test_documents_for_reads_back_in_bulk_and_skips_what_is_not_public(self):
        for source in get_sources():
            with self.subTest(source=source.kind):
                documents = {d.doc_id: d for d in source.iter_documents()}
                wanted = [*documents, source.doc_id("999999"), "other:1", "junk"]
                again = {d.doc_id: d for d in source.documents_for(wanted)}
                self.assertEqual(again, documents)
        self.assertEqual(
            list(
                source_for("item").documents_for(
                    [f"item:{self.hidden.implementation_code}"]
                )
            ),
            [],
        )

    def test_bulk_reindex_works_for_every_kind(self):
        services.rebuild_index()
        for source in get_sources():
            with self.subTest(source=source.kind):
                ids = [d.doc_id for d in source.iter_documents()]
                for doc_id in ids:
                    services.apply_change(doc_id, None)
                self.assertFalse(indexed_ids(source.kind) & set(ids))
                count = services.reindex_documents([*ids, source.doc_id("999999")])
                self.assertEqual(count, len(ids))
                self.assertEqual(indexed_ids(source.kind), set(ids))

    def test_rebuild_one_kind_leaves_the_others(self):
        services.rebuild_index()
        guide_ids = indexed_ids("guide")
        for doc_id in indexed_ids("item"):
            services.apply_change(doc_id, None)
        call_command("rebuild_search_index", "--kind", "item", stdout=io.StringIO())
        self.assertEqual(indexed_ids("item"), {f"item:{self.item.implementation_code}"})
        self.assertEqual(indexed_ids("guide"), guide_ids)

    def test_unknown_kind_is_a_clear_command_error(self):
        from django.core.management import CommandError

        with self.assertRaisesMessage(CommandError, "nope"):
            call_command("rebuild_search_index", "--kind", "nope")
