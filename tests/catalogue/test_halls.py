"""Service halls: status windows, guide notices, the upsert service, admin scope."""

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from catalogue import services
from catalogue.constants import HallStatus
from catalogue.models import ServiceHall
from catalogue.viewsets import ServiceHallViewSet
from tests.english import EnglishClient

from .factories import RegionFactory, ServiceItemFactory, make_region_editor
from .test_guide_pages import make_site

TODAY = datetime.date(2026, 5, 10)


def _hall(**kwargs):
    defaults = {"name": "市民中心", "address": "人民路1号", "status": HallStatus.OPEN}
    return ServiceHall(**{**defaults, **kwargs})


class CurrentStatusTests(SimpleTestCase):
    client_class = EnglishClient

    def test_status_applies_inside_its_dates(self):
        """A pause counts from its start date to its end date, inclusive."""
        hall = _hall(
            status=HallStatus.PAUSED,
            status_from=datetime.date(2026, 5, 1),
            status_until=datetime.date(2026, 5, 10),
        )
        cases = [
            (datetime.date(2026, 4, 30), HallStatus.OPEN),
            (datetime.date(2026, 5, 1), HallStatus.PAUSED),
            (datetime.date(2026, 5, 10), HallStatus.PAUSED),
            (datetime.date(2026, 5, 11), HallStatus.OPEN),
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertEqual(hall.current_status(day), expected)

    def test_open_ended_status_has_no_end(self):
        """Without dates a limited status holds until an editor lifts it."""
        hall = _hall(status=HallStatus.LIMITED, status_reason="装修")
        self.assertEqual(hall.current_status(TODAY), HallStatus.LIMITED)

    def test_not_open_needs_a_reason(self):
        hall = _hall(status=HallStatus.PAUSED)
        with self.assertRaises(ValidationError) as raised:
            hall.clean()
        self.assertIn("status_reason", raised.exception.message_dict)

    def test_end_before_start_is_rejected(self):
        hall = _hall(
            status=HallStatus.PAUSED,
            status_reason="疫情防控",
            status_from=datetime.date(2026, 5, 10),
            status_until=datetime.date(2026, 5, 1),
        )
        with self.assertRaises(ValidationError) as raised:
            hall.clean()
        self.assertIn("status_until", raised.exception.message_dict)


class HallsOnGuidesTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        make_site()
        cls.item_paused = ServiceItemFactory(implementation_code="TS-HL-0001")
        cls.item_open = ServiceItemFactory(
            implementation_code="TS-HL-0002", region=cls.item_paused.region
        )
        region = cls.item_paused.region
        cls.paused, cls.open = services.upsert_halls(
            [
                {
                    "region_code": region.code,
                    "name": "东区分中心",
                    "address": "东路9号",
                    "status": "paused",
                    "status_reason": "大厅改造",
                    "items": ["TS-HL-0001"],
                },
                {
                    "region_code": region.code,
                    "name": "市民中心",
                    "address": "人民路1号",
                    "phone": "0571-12345678",
                    "items": ["TS-HL-0001", "TS-HL-0002"],
                },
            ]
        )

    def test_paused_hall_notice_on_its_items_only(self):
        """The item handled at the paused hall says so; the other item does not."""
        with_pause = self.client.get("/items/TS-HL-0001/")
        self.assertContains(with_pause, "Window service at 东区分中心 is paused.")
        self.assertContains(with_pause, "大厅改造")
        without = self.client.get("/items/TS-HL-0002/")
        self.assertNotContains(without, "东区分中心")
        self.assertNotContains(without, "is paused")
        self.assertContains(without, "市民中心")

    def test_halls_listed_paused_first(self):
        response = self.client.get("/items/TS-HL-0001/")
        names = [row.hall.name for row in response.context["halls"]]
        self.assertEqual(names, ["东区分中心", "市民中心"])

    def test_expired_pause_shows_as_open(self):
        """Once the pause's end date has passed the notice disappears."""
        ServiceHall.objects.filter(pk=self.paused.pk).update(
            status_until=datetime.date(2000, 1, 1)
        )
        response = self.client.get("/items/TS-HL-0001/")
        self.assertNotContains(response, "is paused")

    def test_upsert_is_idempotent(self):
        """A second run finds the halls and links and creates nothing."""
        before = (
            ServiceHall.objects.count(),
            ServiceHall.items.through.objects.count(),
        )
        region = self.item_paused.region
        services.upsert_halls(
            [
                {
                    "region_code": region.code,
                    "name": "市民中心",
                    "address": "人民路1号",
                    "phone": "0571-12345678",
                    "items": ["TS-HL-0002"],
                }
            ]
        )
        after = (ServiceHall.objects.count(), ServiceHall.items.through.objects.count())
        self.assertEqual(before, after)
        self.assertEqual(before, (2, 3))

    def test_unknown_region_is_named(self):
        with self.assertRaisesMessage(ValidationError, "unknown region_code '000000'"):
            services.upsert_halls(
                [{"region_code": "000000", "name": "X", "address": "Y"}]
            )


class HallAdminScopeTests(WagtailTestUtils, TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.mine = RegionFactory(code="981001", name="本市")
        cls.other = RegionFactory(code="981002", name="外市")
        cls.my_hall = ServiceHall.objects.create(
            name="本市大厅", region=cls.mine, address="a"
        )
        cls.other_hall = ServiceHall.objects.create(
            name="外市大厅", region=cls.other, address="b"
        )
        cls.editor = make_region_editor(cls.mine)
        from django.contrib.auth.models import Permission

        cls.editor.groups.first().permissions.add(
            *Permission.objects.filter(
                content_type__app_label="catalogue",
                codename__in=["view_servicehall", "change_servicehall"],
            )
        )

    def test_editor_lists_and_edits_only_own_region(self):
        """An editor scoped to one region neither lists nor opens other halls."""
        self.client.force_login(self.editor)
        url = ServiceHallViewSet().get_url_name
        listing = self.client.get(reverse(url("list")))
        self.assertContains(listing, "本市大厅")
        self.assertNotContains(listing, "外市大厅")
        mine = self.client.get(reverse(url("edit"), args=[self.my_hall.pk]))
        self.assertEqual(mine.status_code, 200)
        other = self.client.get(reverse(url("edit"), args=[self.other_hall.pk]))
        self.assertIn(other.status_code, (403, 404))

    def test_item_choices_limited_to_scope(self):
        """The hall form offers only items the editor may manage."""
        mine = ServiceItemFactory(region=self.mine, department__region=self.mine)
        other = ServiceItemFactory(region=self.other, department__region=self.other)
        self.client.force_login(self.editor)
        url = ServiceHallViewSet().get_url_name("edit")
        response = self.client.get(reverse(url, args=[self.my_hall.pk]))
        offered = set(response.context["form"].fields["items"].queryset)
        self.assertIn(mine, offered)
        self.assertNotIn(other, offered)
