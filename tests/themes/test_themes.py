"""Per-site themes, brand colours, region scoping and elderly mode."""

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from wagtail.models import Site

from cms.models import PortalSettings
from tests.catalogue.factories import RegionFactory, ServiceItemFactory
from tests.catalogue.test_guide_pages import make_site
from tests.english import EnglishClient
from themes.colours import BrandColourValidator, contrast_ratio
from themes.middleware import ELDER_COOKIE
from themes.models import ThemeSettings
from themes.templatetags.themes_tags import elder_toggle_url

CITY_HOST = "hc.example.test"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class ColourTests(SimpleTestCase):
    client_class = EnglishClient

    def test_contrast_ratio_known_values(self):
        self.assertAlmostEqual(contrast_ratio("#000000", "#ffffff"), 21.0, places=2)
        self.assertAlmostEqual(contrast_ratio("#777777", "#ffffff"), 4.48, places=2)

    def test_brand_colour_validator(self):
        """Colours under 4.5:1 against white header text, or not #rrggbb, fail."""
        cases = [
            ("#0b4f9c", None),
            ("#00696b", None),
            ("", None),
            ("#ffcc00", "low_contrast"),
            ("#777777", "low_contrast"),
            ("blue", "invalid_colour"),
            ("#0b4f9", "invalid_colour"),
            ("#0b4f9c;}", "invalid_colour"),
        ]
        for value, code in cases:
            with self.subTest(value=value):
                if code is None:
                    BrandColourValidator()(value)
                else:
                    with self.assertRaises(ValidationError) as raised:
                        BrandColourValidator()(value)
                    self.assertEqual(raised.exception.code, code)

    def test_shipped_theme_colours_pass(self):
        from themes.registry import THEMES

        for theme in THEMES.values():
            with self.subTest(theme=theme.key):
                BrandColourValidator()(theme.brand)
                BrandColourValidator()(theme.brand_dark)


@override_settings(ALLOWED_HOSTS=["localhost", CITY_HOST])
class SiteThemeTests(TestCase):
    """Two Sites share one page tree; each has its own theme, colours and region."""

    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index, cls.province_site = make_site()
        cls.province = RegionFactory(code="970000", name="测试省", level="2")
        cls.city = RegionFactory(code="970100", name="测试市", parent=cls.province)
        cls.other_city = RegionFactory(
            code="970200", name="别的市", parent=cls.province
        )
        cls.city_item = ServiceItemFactory(
            name="市级事项",
            region=cls.city,
            is_high_frequency=True,
            department__region=cls.city,
        )
        cls.province_item = ServiceItemFactory(
            name="省级事项",
            region=cls.province,
            is_high_frequency=True,
            department__region=cls.province,
        )
        cls.city_site = Site.objects.create(
            hostname=CITY_HOST, port=80, root_page=cls.home, site_name="city"
        )
        PortalSettings.objects.update_or_create(
            site=cls.province_site, defaults={"default_region_code": "970000"}
        )
        PortalSettings.objects.update_or_create(
            site=cls.city_site,
            defaults={"default_region_code": "970100", "scope_to_region": True},
        )
        ThemeSettings.objects.create(site=cls.province_site, theme="gov-blue")
        ThemeSettings.objects.create(
            site=cls.city_site, theme="city-teal", brand_colour="#005f61"
        )

    def _get(self, path="/", host="localhost", **kwargs):
        return self.client.get(path, headers={"host": host}, **kwargs)

    def test_each_site_loads_its_theme(self):
        province = soup(self._get())
        city = soup(self._get(host=CITY_HOST))

        def sheets(page):
            return [link["href"] for link in page.select("link[rel=stylesheet]")]

        self.assertIn("/static/themes/gov-blue.css", sheets(province))
        self.assertIn("/static/themes/city-teal.css", sheets(city))
        self.assertIn("theme-gov-blue", province.body["class"])
        self.assertIn("theme-city-teal", city.body["class"])
        self.assertIn(
            "--color-brand: #005f61;", city.select_one("head style").get_text()
        )
        self.assertIsNone(province.select_one("head style"))

    def test_site_region_preselects_catalogue_region(self):
        province = self._get()
        city = self._get(host=CITY_HOST)
        self.assertEqual(province.context["region"], self.province)
        self.assertEqual(city.context["region"], self.city)
        self.assertEqual(
            [i.name for i in city.context["high_frequency_items"]], ["市级事项"]
        )

    def test_scoped_site_offers_only_its_regions(self):
        """The city site ignores a request for another region and hides the switcher."""
        city = self._get(host=CITY_HOST, data={"region": "970200"})
        self.assertEqual(city.context["region"], self.city)
        self.assertEqual(city.context["regions"], [self.city])
        self.assertIsNone(soup(city).select_one("#region-select"))
        province = self._get(data={"region": "970200"})
        self.assertEqual(province.context["region"], self.other_city)
        self.assertGreater(len(province.context["regions"]), 1)

    def _guide_path(self, item):
        return (
            f"{self.index.relative_url(self.province_site)}{item.implementation_code}/"
        )

    def test_scoped_site_serves_its_own_guides(self):
        response = self._get(self._guide_path(self.city_item), host=CITY_HOST)
        self.assertEqual(response.status_code, 200)

    def test_scoped_site_sends_other_regions_guides_to_a_site_serving_them(self):
        path = self._guide_path(self.province_item)
        response = self._get(path, host=CITY_HOST)
        self.assertRedirects(
            response, f"http://localhost{path}", fetch_redirect_response=False
        )
        self.assertEqual(self._get(path).status_code, 200)

    def test_scoped_site_without_a_serving_site_answers_404(self):
        PortalSettings.objects.filter(site=self.province_site).update(
            default_region_code="970200", scope_to_region=True
        )
        response = self._get(self._guide_path(self.province_item), host=CITY_HOST)
        self.assertEqual(response.status_code, 404)

    def test_scoped_site_lists_only_its_regions_items(self):
        from tests.catalogue.factories import TopicFactory

        topic = TopicFactory(name="共同主题")
        for item in (self.city_item, self.province_item):
            item.topics.add(topic)  # a ParentalManyToManyField: saved with the item
            item.save()
        path = f"{self.index.relative_url(self.province_site)}topics/{topic.audience_group}/{topic.code}/"

        def names(response):
            return {item.name for item in response.context["items_page"]}

        self.assertEqual(names(self._get(path, host=CITY_HOST)), {"市级事项"})
        self.assertEqual(names(self._get(path)), {"市级事项", "省级事项"})


class ElderModeTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index, cls.site = make_site()
        PortalSettings.objects.update_or_create(
            site=cls.site, defaults={"hotline": "0571-96345"}
        )
        cls.item = ServiceItemFactory(implementation_code="TS-EL-0001")

    def _is_elder(self, response):
        return "elder-mode" in soup(response).body["class"]

    def test_query_switches_on_and_cookie_remembers(self):
        """?elder=1 turns it on and sets a cookie; later pages stay in elderly mode."""
        first = self.client.get("/?elder=1")
        self.assertTrue(self._is_elder(first))
        self.assertEqual(first.cookies[ELDER_COOKIE].value, "1")
        later = self.client.get("/items/TS-EL-0001/")
        self.assertTrue(self._is_elder(later))
        self.assertContains(later, "/static/themes/elder.css")

    def test_query_switches_off(self):
        self.client.get("/?elder=1")
        off = self.client.get("/items/TS-EL-0001/?elder=0")
        self.assertFalse(self._is_elder(off))
        self.assertEqual(off.cookies[ELDER_COOKIE].value, "0")
        self.assertFalse(self._is_elder(self.client.get("/")))

    def test_other_values_leave_the_choice_alone(self):
        self.client.get("/?elder=1")
        response = self.client.get("/?elder=yes")
        self.assertTrue(self._is_elder(response))
        self.assertNotIn(ELDER_COOKIE, response.cookies)

    def test_toggle_on_every_page(self):
        """The switch is in the header of home, guides and search results."""
        for path in ("/", "/items/TS-EL-0001/", "/search/?q=x", "/items/"):
            with self.subTest(path=path):
                page = soup(self.client.get(path))
                toggle = page.select_one("header a.elder-toggle")
                self.assertIsNotNone(toggle)
                self.assertIn("elder=1", toggle["href"])

    def test_help_line_shows_site_hotline_in_elder_mode_only(self):
        on = soup(self.client.get("/?elder=1"))
        self.assertEqual(on.select_one(".help-line a")["href"], "tel:0571-96345")
        off = soup(self.client.get("/?elder=0"))
        self.assertIsNone(off.select_one(".help-line"))

    def test_simplified_home_in_elder_mode(self):
        """Elderly mode drops the topic and department sections from the home page."""
        normal = soup(self.client.get("/?elder=0"))
        elder = soup(self.client.get("/?elder=1"))
        self.assertIsNotNone(normal.select_one("#departments"))
        self.assertIsNone(elder.select_one("#departments"))
        self.assertIsNotNone(elder.select_one("#high-frequency"))

    def test_responses_vary_on_cookie(self):
        response = self.client.get("/")
        self.assertIn("Cookie", response["Vary"])


class ToggleUrlTests(SimpleTestCase):
    client_class = EnglishClient

    def test_keeps_other_query_values(self):
        request = RequestFactory().get("/search/", {"q": "身份证", "page": "2"})
        request.elder_mode = False
        url = elder_toggle_url({"request": request})
        self.assertTrue(url.startswith("/search/?"))
        self.assertIn("q=%E8%BA%AB%E4%BB%BD%E8%AF%81", url)
        self.assertIn("page=2", url)
        self.assertIn("elder=1", url)
        request.elder_mode = True
        self.assertIn("elder=0", elder_toggle_url({"request": request}))
