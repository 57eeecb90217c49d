"""Publishing, unpublishing and deleting items keep the index current."""

import json
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from catalogue import services as catalogue_services
from catalogue.constants import ItemStatus
from search import services, tasks
from search.models import IndexEntry, SynonymGroup
from search.query import SearchRequest
from search.tasks import document_from_payload, document_payload
from tests.catalogue.factories import ServiceItemFactory

from .documents import DOCUMENTS


def found(code, q):
    return code in [hit.code for hit in services.search(SearchRequest(q=q)).hits]


class IndexUpdateTests(TestCase):
    def setUp(self):
        self.item = ServiceItemFactory(name="养犬登记证核发", aliases="办狗证")
        services.rebuild_index()

    def test_rebuild_indexes_public_items(self):
        self.assertTrue(found(self.item.implementation_code, "养犬登记"))

    def test_publish_indexes_new_name(self):
        self.item.name = "犬只登记证核发"
        catalogue_services.publish_item(item=self.item)
        self.assertTrue(found(self.item.implementation_code, "犬只"))

    def test_unpublish_removes(self):
        self.item.unpublish()
        self.assertFalse(found(self.item.implementation_code, "养犬登记"))

    def test_cancelled_item_is_removed_on_publish(self):
        self.item.status = ItemStatus.CANCELLED
        catalogue_services.publish_item(item=self.item)
        self.assertFalse(found(self.item.implementation_code, "养犬登记"))

    def test_delete_removes(self):
        code = self.item.implementation_code
        self.item.delete()
        self.assertFalse(found(code, "养犬登记"))
        self.assertFalse(IndexEntry.objects.filter(code=code).exists())

    def test_draft_is_not_indexed(self):
        draft = ServiceItemFactory(name="烟花爆竹经营许可", live=False)
        catalogue_services.save_item_draft(item=draft)
        services.rebuild_index()
        self.assertFalse(found(draft.implementation_code, "烟花爆竹"))

    def test_change_goes_through_task(self):
        with mock.patch.object(tasks, "apply_document_change") as task:
            catalogue_services.publish_item(item=self.item)
        doc_id, payload = task.enqueue.call_args.args
        self.assertEqual(doc_id, f"item:{self.item.implementation_code}")
        self.assertEqual(json.loads(json.dumps(payload))["title"], "养犬登记证核发")


class TaskPayloadTests(TestCase):
    def test_round_trip(self):
        document = DOCUMENTS[0]
        self.assertEqual(
            document_from_payload(json.loads(json.dumps(document_payload(document)))),
            document,
        )


class DefaultSynonymTests(TestCase):
    def test_shipped_groups_are_rows(self):
        """The data migration installs editable default groups."""
        terms = [group.term_list for group in SynonymGroup.objects.all()]
        self.assertIn(["驾照", "驾驶证", "机动车驾驶证"], terms)


class CommandTests(TestCase):
    def setUp(self):
        self.item = ServiceItemFactory(name="居民身份证换领", aliases="换身份证")

    def test_rebuild_and_search_items_json(self):
        call_command("rebuild_search_index", stdout=StringIO())
        out = StringIO()
        call_command(
            "search_items",
            "sfz",
            "--format",
            "json",
            "--limit",
            "5",
            "--type",
            "item",
            stdout=out,
        )
        data = json.loads(out.getvalue())
        self.assertEqual(set(data), {"count", "results", "facets"})
        self.assertEqual(data["results"][0]["code"], self.item.implementation_code)
        self.assertEqual(
            set(data["results"][0]),
            {"code", "title", "type", "url", "score", "highlight"},
        )

    def test_search_items_text(self):
        services.rebuild_index()
        out = StringIO()
        call_command("search_items", "身份证", "--region", "x", stdout=out)
        self.assertIn(self.item.implementation_code, out.getvalue())


class BulkIndexUpdateTests(TestCase):
    """An import announces all its items at once; search reindexes them in one task."""

    def setUp(self):
        self.kept = ServiceItemFactory(name="养犬登记证核发")
        self.renamed = ServiceItemFactory(name="烟花爆竹经营许可")
        self.cancelled = ServiceItemFactory(name="渔业捕捞许可")
        services.rebuild_index()

    def _announce(self, *items):
        """As an import does: inside its transaction, the work runs at commit."""
        from catalogue.indexing import announce_changed

        with self.captureOnCommitCallbacks(execute=True):
            announce_changed([item.pk for item in items])

    def test_bulk_change_updates_and_removes(self):
        model = type(self.renamed)
        model.objects.filter(pk=self.renamed.pk).update(name="焰火燃放许可")
        model.objects.filter(pk=self.cancelled.pk).update(status=ItemStatus.CANCELLED)
        self._announce(self.renamed, self.cancelled)
        self.assertTrue(found(self.renamed.implementation_code, "焰火燃放"))
        self.assertFalse(found(self.renamed.implementation_code, "烟花爆竹"))
        self.assertFalse(found(self.cancelled.implementation_code, "渔业捕捞"))
        self.assertTrue(found(self.kept.implementation_code, "养犬登记"))

    def test_many_items_make_one_task(self):
        with mock.patch.object(tasks, "reindex_documents") as task:
            self._announce(self.kept, self.renamed, self.cancelled)
        task.enqueue.assert_called_once()
        (doc_ids,) = task.enqueue.call_args.args
        self.assertEqual(len(doc_ids), 3)
