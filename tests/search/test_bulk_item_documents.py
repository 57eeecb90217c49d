"""Item documents read in bulk equal the ones built from model instances.

``catalogue.indexing.bulk`` builds documents from ``values()`` rows for the
import's indexing and rebuilds; ``item_document`` from one instance for a
single edit.  Both must give the same document, relations in the same order.
"""

from django.test import TestCase

from catalogue.indexing import ServiceItemSource, bulk, item_document
from catalogue.models import Bundle, ServiceItem
from tests.catalogue.factories import (
    DepartmentFactory,
    LifeEventFactory,
    MaterialFactory,
    ServiceItemFactory,
    TopicFactory,
)


class BulkItemDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        topics = [
            TopicFactory(audience_group=group, code=code, name=f"主题{group}{code}")
            for group, code in (
                ("natural_person", "020"),
                ("legal_person", "001"),
                ("natural_person", "003"),
            )
        ]
        events = [
            LifeEventFactory(name="乙事件", sort_order=2),
            LifeEventFactory(name="甲事件", sort_order=2),
            LifeEventFactory(name="丙事件", sort_order=1),
        ]
        bundles = [
            Bundle.objects.create(name=name, slug=f"bundle-{n}")
            for n, name in enumerate(("开饭店", "出生一件事"))
        ]
        department = DepartmentFactory(short_name="市局")
        cls.items = []
        for number in range(7):
            item = ServiceItemFactory(
                department=department if number % 2 else DepartmentFactory(),
                aliases=" 别名一 \n\n别名二" if number % 3 == 0 else "",
                name="居民身份证补领（遗失补领）"
                if number == 2
                else f"测试事项B{number}",
                is_high_frequency=number % 2 == 0,
                audience=["1", "2"] if number == 4 else ["1"],
                channels=["1", "6", "7"] if number == 5 else ["1"],
                online_depth="" if number == 6 else "3",
                handling_office="一楼窗口" if number == 1 else "",
            )
            item.topics.set(topics[: number % 4])
            item.life_events.set(events[number % 3 :])
            item.bundles.set(bundles if number % 2 else [])
            item.save()
            for sequence in (2, 0, 1)[: number % 4]:
                MaterialFactory(
                    item=item, name=f"材料{number}-{sequence}", sort_order=sequence
                )
            cls.items.append(item)
        cls.hidden = ServiceItemFactory(live=False)

    def test_bulk_documents_equal_instance_documents(self):
        codes = [item.implementation_code for item in self.items]
        by_code = {d.code: d for d in ServiceItemSource().documents_for_keys(codes)}
        self.assertEqual(set(by_code), set(codes))
        for item in ServiceItem.objects.filter(implementation_code__in=codes):
            with self.subTest(code=item.implementation_code):
                self.assertEqual(by_code[item.implementation_code], item_document(item))

    def test_relations_keep_their_model_order(self):
        item = self.items[3]  # three topics, materials 2, 0, 1
        document = next(
            ServiceItemSource().documents_for_keys([item.implementation_code])
        )
        expected_topics = tuple(t.name for t in item.topics.all())
        self.assertEqual(document.facets["topic"], expected_topics)
        self.assertEqual(
            document.body.splitlines()[:3],
            [f"材料3-{n}" for n in (0, 1, 2)],
        )

    def test_only_public_items_and_every_chunk(self):
        codes = [
            *(i.implementation_code for i in self.items),
            self.hidden.implementation_code,
        ]
        original = bulk.BULK_SIZE
        bulk.BULK_SIZE = 2  # several chunks, the last one short
        try:
            found = [d.code for d in ServiceItemSource().documents_for_keys(codes)]
            rebuilt = [d.code for d in ServiceItemSource().iter_documents()]
        finally:
            bulk.BULK_SIZE = original
        self.assertCountEqual(found, codes[:-1])
        self.assertNotIn(self.hidden.implementation_code, rebuilt)
        self.assertTrue(set(codes[:-1]) <= set(rebuilt))
        self.assertEqual(len(rebuilt), len(set(rebuilt)))
