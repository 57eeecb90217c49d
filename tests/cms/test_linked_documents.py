"""Guide, video and form documents follow the items they explain.

Their search documents carry the linked items' names; renaming, unpublishing
or bulk-writing an item re-announces them (tasks run immediately in tests).
"""

from django.test import TestCase

from catalogue import services as catalogue_services
from catalogue.indexing import item_code, references_to_items
from catalogue.models import ServiceItem
from cms.content.indexing import GuidePageSource, VideoPageSource
from cms.content.models import GuidePage, VideoPage
from cms.form_indexing import FormSource
from search import services
from search.query import SearchRequest
from tests.catalogue.factories import ServiceItemFactory
from tests.cms.site import make_site
from tests.formbuilder.factories import make_form

from .factories import add_guide_page, add_video_page


def doc_ids(q):
    return {hit.doc_id for hit in services.search(SearchRequest(q=q)).hits}


class LinkedDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()

    def setUp(self):
        self.linked = ServiceItemFactory(implementation_code="LD-001", name="出生登记")
        self.in_body = ServiceItemFactory(implementation_code="LD-002", name="犬只登记")
        self.other = ServiceItemFactory(implementation_code="LD-003", name="渔船登记")
        self.guide = add_guide_page(
            self.home,
            title="图解",
            items=[self.linked],
            body=[("item", {"item": self.in_body, "label": ""})],
        )
        self.video = add_video_page(self.home, title="教程", items=[self.linked])
        self.form = make_form(slug="ld-form", title="申请表")
        catalogue_services.link_application_forms({"ld-form": ["LD-001"]})
        services.rebuild_index()
        self.guide_id = f"guide:{self.guide.pk}"
        self.video_id = f"video:{self.video.pk}"
        self.form_id = f"form:{self.form.pk}"

    def rename(self, item, name):
        item.refresh_from_db()  # linking the form saved another copy
        item.name = name
        catalogue_services.publish_item(item=item)

    # The new name shares no word or synonym with the old one, so only the
    # re-indexed link can make the documents match it.
    def test_renaming_an_item_updates_guides_videos_and_forms(self):
        linking = {self.guide_id, self.video_id, self.form_id}
        self.assertTrue(linking <= doc_ids("出生登记"))
        self.assertFalse(linking & doc_ids("古树名木迁移审批"))
        self.rename(self.linked, "古树名木迁移审批")
        self.assertTrue(linking <= doc_ids("古树名木迁移审批"))
        keywords = GuidePageSource().document_for(self.guide).keywords
        self.assertIn("古树名木迁移审批", keywords)

    def test_an_item_linked_in_the_guide_body_counts_too(self):
        self.assertNotIn(self.guide_id, doc_ids("宠物芯片备案"))
        self.rename(self.in_body, "宠物芯片备案")
        self.assertIn(self.guide_id, doc_ids("宠物芯片备案"))
        self.assertNotIn(self.video_id, doc_ids("宠物芯片备案"))

    def test_unpublishing_an_item_drops_its_name(self):
        self.assertIn(self.video_id, doc_ids("出生登记"))
        self.linked.unpublish()
        keywords = VideoPageSource().document_for(self.video).keywords
        self.assertNotIn("出生登记", keywords)
        self.assertNotIn(self.video_id, doc_ids("出生登记"))

    def test_a_bulk_write_updates_linked_documents(self):
        # As an import writes: rows changed in bulk, then one announcement.
        ServiceItem.objects.filter(pk=self.linked.pk).update(name="古树名木迁移审批")
        self.assertFalse({self.guide_id, self.form_id} & doc_ids("古树名木迁移审批"))
        with self.captureOnCommitCallbacks(execute=True):
            catalogue_services.announce_items_changed([self.linked.pk])
        self.assertTrue({self.guide_id, self.form_id} <= doc_ids("古树名木迁移审批"))
        self.assertIn("古树名木迁移审批", FormSource().document_for(self.form).keywords)

    def test_references_name_only_what_links_to_the_items(self):
        references = references_to_items(["LD-001"])
        self.assertEqual(references.form_ids, {self.form.pk})
        self.assertEqual(references.referrers[GuidePage], {str(self.guide.pk)})
        self.assertEqual(references.referrers[VideoPage], {str(self.video.pk)})
        self.assertEqual(references_to_items(["LD-003"]).referrers.get(GuidePage), None)

    def test_item_code_reads_only_item_documents(self):
        self.assertEqual(item_code("item:LD-001"), "LD-001")
        self.assertIsNone(item_code(self.guide_id))
        self.assertIsNone(item_code("item:"))
