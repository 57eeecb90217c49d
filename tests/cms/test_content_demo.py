"""The demo halls, guide, video, zone and city site (``cms.content.demo``).

The full catalogue takes long to load (see test_load_demo.py); these tests
create only the items the demo content points at.
"""

from django.test import TestCase
from wagtail.models import Page, Revision, Site

from catalogue.models import ServiceHall
from cms.content.demo import load_content
from cms.models import GuidePage, PortalSettings, ServiceZonePage, VideoPage
from tests.catalogue.factories import RegionFactory, ServiceItemFactory
from tests.catalogue.test_guide_pages import make_site
from tests.english import EnglishClient
from themes.models import ThemeSettings


class DemoContentTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, _index, cls.site = make_site()
        province = RegionFactory(code="990000", name="江海省", level="2")
        city = RegionFactory(code="990100", name="海川市", parent=province)
        other = RegionFactory(code="990200", name="青禾市", parent=province)
        for code, region in (
            ("HC-GA-001", city),
            ("HC-GA-002", city),
            ("QH-GA-001", other),
        ):
            ServiceItemFactory(
                implementation_code=code, region=region, department__region=region
            )
        load_content(cls.home)
        cls.counts = cls._counts()
        load_content(cls.home)

    @staticmethod
    def _counts():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            ServiceHall.objects.count(),
            ServiceHall.items.through.objects.count(),
            Site.objects.count(),
        )

    def test_second_run_creates_nothing(self):
        self.assertEqual(self._counts(), self.counts)

    def test_pages_are_live_and_video_has_captions(self):
        video = VideoPage.objects.get()
        self.assertTrue(video.live)
        self.assertTrue(video.captions.name.endswith(".vtt"))
        self.assertTrue(video.poster)
        self.assertTrue(GuidePage.objects.get().live)
        self.assertTrue(ServiceZonePage.objects.get().live)

    def test_paused_hall_shows_on_its_items(self):
        response = self.client.get("/items/HC-GA-001/")
        self.assertContains(
            response, "Window service at 海川东区便民服务分中心 is paused."
        )
        self.assertNotContains(self.client.get("/items/QH-GA-001/"), "is paused")

    def test_city_site_has_its_theme_and_region(self):
        city = Site.objects.get(hostname="hc.localhost")
        self.assertEqual(ThemeSettings.for_site(city).theme, "city-teal")
        self.assertEqual(ThemeSettings.for_site(self.site).theme, "gov-blue")
        portal = PortalSettings.for_site(city)
        self.assertEqual(portal.default_region_code, "990100")
        self.assertTrue(portal.scope_to_region)
        self.assertEqual(city.root_page_id, self.home.pk)
