"""catalogue.services: drafts, publishing, scope checks and upserts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from catalogue import services
from catalogue.models import ServiceItem
from tests.catalogue.factories import (
    RegionFactory,
    ServiceItemFactory,
    make_region_editor,
)


class SaveItemTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.region_a = RegionFactory()
        cls.region_b = RegionFactory()
        cls.item = ServiceItemFactory(name="原名称", department__region=cls.region_a)
        services.publish_item(item=cls.item)

    def test_draft_of_a_live_item_leaves_the_live_row_alone(self):
        """Citizens keep the published text until the draft is published."""
        item = ServiceItem.objects.get(pk=self.item.pk)
        item.name = "草稿名称"
        services.save_item_draft(item=item)
        stored = ServiceItem.objects.get(pk=self.item.pk)
        self.assertEqual(stored.name, "原名称")
        self.assertTrue(stored.has_unpublished_changes)
        self.assertEqual(stored.latest_revision.as_object().name, "草稿名称")

    def test_publishing_makes_the_change_live(self):
        """publish_item writes the new content to the live row."""
        item = ServiceItem.objects.get(pk=self.item.pk)
        item.name = "新名称"
        services.publish_item(item=item)
        stored = ServiceItem.objects.get(pk=self.item.pk)
        self.assertEqual(stored.name, "新名称")
        self.assertFalse(stored.has_unpublished_changes)

    def test_an_editor_cannot_save_another_regions_item(self):
        """A user outside the item's region is refused before anything is written."""
        editor_b = make_region_editor(self.region_b)
        item = ServiceItem.objects.get(pk=self.item.pk)
        item.name = "越权修改"
        with self.assertRaises(PermissionDenied):
            services.save_item_draft(item=item, user=editor_b)
        self.assertEqual(
            ServiceItem.objects.get(pk=self.item.pk).latest_revision.as_object().name,
            "原名称",
        )

    def test_invalid_item_is_rejected(self):
        """Hard consistency rules stop the save with a field error."""
        item = ServiceItem.objects.get(pk=self.item.pk)
        item.promised_limit_value = 99
        with self.assertRaises(ValidationError) as caught:
            services.publish_item(item=item)
        self.assertIn("promised_limit_value", caught.exception.message_dict)


class UpsertItemsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.item = ServiceItemFactory(implementation_code="UP-001")
        services.publish_item(item=cls.item)

    def test_unchanged_data_writes_nothing_and_changed_data_updates(self):
        """Rows equal to the stored item are skipped; a changed row is published."""
        data = services.item_to_data(ServiceItem.objects.get(pk=self.item.pk))
        result = services.upsert_items([data])
        self.assertEqual(
            (result.created, result.updated, result.unchanged), ([], [], ["UP-001"])
        )
        result = services.upsert_items([{**data, "name": "改过的名称"}])
        self.assertEqual(result.updated, ["UP-001"])
        self.assertEqual(ServiceItem.objects.get(pk=self.item.pk).name, "改过的名称")

    def test_one_bad_row_rolls_back_every_row(self):
        """All or nothing: a row with an unknown department writes no other row."""
        data = services.item_to_data(ServiceItem.objects.get(pk=self.item.pk))
        good = {**data, "implementation_code": "UP-002"}
        bad = {**data, "implementation_code": "UP-003", "department_name": "不存在的局"}
        with self.assertRaises(ValidationError):
            services.upsert_items([good, bad])
        self.assertFalse(
            ServiceItem.objects.filter(implementation_code="UP-002").exists()
        )
