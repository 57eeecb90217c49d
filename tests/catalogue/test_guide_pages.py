"""The public site: item guides, listings, the home page and /healthz.

Requests carry the language cookie for English, so assertions on UI text use the
English msgids whatever the zh-hans catalogue says; data (names, numbers)
and class names are asserted as the page shows them.  ``translation.override``
would not help here: the language middleware activates the request's language.
"""

from bs4 import BeautifulSoup
from django.test import SimpleTestCase, TestCase
from django.utils import translation
from wagtail.models import Page, Site

from catalogue import services
from catalogue.constants import (
    Channel,
    HandlingType,
    ItemStatus,
    MaterialForm,
    OnlineDepth,
    ReviewType,
    TimeUnit,
    WaiveVia,
)
from catalogue.guide import format_time_limit
from catalogue.models import HighFrequencyEntry, HighFrequencyList
from catalogue.models.pages import PAGE_SIZE
from cms.models import HomePage, PortalSettings
from cms.regions import REGION_COOKIE
from tests.english import EnglishClient

from .factories import (
    DepartmentFactory,
    FAQFactory,
    FeeItemFactory,
    LifeEventFactory,
    MaterialFactory,
    RegionFactory,
    ServiceItemFactory,
    TopicFactory,
)

HOME_TITLE = "测试政务服务网"
INDEX_TITLE = "办事指南"


def make_site():
    """HomePage under the root, the default Site on it, the index at /items/."""
    root = Page.get_first_root_node()
    home = HomePage(title=HOME_TITLE, slug="home-test")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    index = services.ensure_index_page(parent=home, title=INDEX_TITLE)
    return home, index, site


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def texts(elements):
    return [" ".join(e.get_text(" ", strip=True).split()) for e in elements]


class GuidePageTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        make_site()
        cls.region = RegionFactory(code="950100", name="测试市")
        cls.department = DepartmentFactory(region=cls.region, name="测试市公安局")
        cls.item = ServiceItemFactory(
            department=cls.department,
            implementation_code="TS-GD-001",
            name="居民身份证换领",
            visits=1,
            must_visit_reason="需现场采集指纹",
            consult_phone="0591-87654321",
            complaint_phone="12389",
            is_charged=True,
            supports_online_payment=True,
        )
        # Created out of order: the guide follows sort_order, not creation.
        MaterialFactory(
            item=cls.item,
            sort_order=2,
            name="临时证明",
            required=True,
            form=MaterialForm.ORIGINAL_AND_COPY,
            copies=1,
            rongque_allowed=True,
        )
        MaterialFactory(
            item=cls.item,
            sort_order=0,
            name="居民户口簿",
            required=True,
            form=MaterialForm.ORIGINAL,
            copies=1,
            waivable=True,
            waive_via=WaiveVia.E_LICENCE,
        )
        MaterialFactory(
            item=cls.item,
            sort_order=1,
            name="近期免冠照片",
            required=False,
            form=MaterialForm.COPY,
            copies=2,
        )
        FeeItemFactory(item=cls.item, name="工本费", standard="20元/证")
        FAQFactory(
            item=cls.item, question="可以异地换领吗？", answer="可以，全国通办。"
        )
        cls.full_online = ServiceItemFactory(
            department=cls.department,
            implementation_code="TS-GD-004",
            name="全程网办事项",
            online_depth=OnlineDepth.LEVEL_4,
            visits=0,
            must_visit_reason="",
            handling_type=HandlingType.IMMEDIATE,
            review_type=ReviewType.IMMEDIATE,
            legal_limit_value=3,
            legal_limit_unit=TimeUnit.MONTH,
            legal_limit_note="自受理之日起",
            promised_limit_value=0,
            promised_limit_unit="",
            channels=[Channel.WEB, Channel.EXPRESS_OUT],
        )
        cls.mail_in = ServiceItemFactory(
            department=cls.department,
            implementation_code="TS-GD-003",
            name="邮寄办理事项",
            online_depth=OnlineDepth.LEVEL_3,
            visits=0,
            must_visit_reason="",
            channels=[Channel.WEB, Channel.EXPRESS_IN],
        )
        cls.unpublished = ServiceItemFactory(
            department=cls.department, implementation_code="TS-GD-DRAFT", live=False
        )
        cls.cancelled = ServiceItemFactory(
            department=cls.department,
            implementation_code="TS-GD-GONE",
            status=ItemStatus.CANCELLED,
        )
        cls.suspended = ServiceItemFactory(
            department=cls.department,
            implementation_code="TS-GD-HOLD",
            name="暂停办理事项",
            status=ItemStatus.SUSPENDED,
        )

    def _get(self, code):
        return self.client.get(f"/items/{code}/")

    def test_guide_shows_the_item(self):
        """The guide renders with the item's name, department and code."""
        response = self._get("TS-GD-001")
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        self.assertEqual(page.find("h1").get_text(strip=True), "居民身份证换领")
        self.assertIn("居民身份证换领", page.title.get_text())
        meta = page.select_one(".guide-meta").get_text()
        self.assertIn("测试市公安局", meta)
        self.assertIn("TS-GD-001", meta)

    def test_materials_in_order_with_requirement_and_form(self):
        """Materials follow sort_order with requirement, form × copies and tags."""
        page = soup(self._get("TS-GD-001"))
        rows = page.select("table.materials tr.material")
        self.assertEqual(
            texts(page.select("tr.material .material-name")),
            ["居民户口簿", "近期免冠照片", "临时证明"],
        )
        cells = [texts(row.find_all("td")) for row in rows]
        self.assertEqual([c[0] for c in cells], ["1", "2", "3"])
        self.assertEqual([c[2] for c in cells], ["Required", "Optional", "Required"])
        self.assertEqual(
            [c[3] for c in cells], ["Original × 1", "Copy × 2", "Original and copy × 1"]
        )
        waived = rows[0].select(".tag--waived")
        self.assertEqual(texts(waived), ["No need to submit (Electronic licence)"])
        self.assertEqual(len(page.select(".tag--waived")), 1)
        self.assertEqual(len(rows[2].select(".tag--rongque")), 1)
        self.assertEqual(len(page.select(".tag--rongque")), 1)

    def test_waived_count_summary(self):
        """The summary counts all materials and those that need not be submitted."""
        response = self._get("TS-GD-001")
        self.assertEqual(response.context["material_count"], 3)
        self.assertEqual(response.context["waived_count"], 1)
        self.assertEqual(response.context["to_submit_count"], 2)
        summary = soup(response).select_one(".materials-summary").get_text(strip=True)
        self.assertEqual(summary, "3 materials, of which 1 need not be submitted.")

    def test_time_limits(self):
        """Legal and promised limits are written out with their units and notes."""
        table = [
            ("TS-GD-001", "20 working days", "10 working days"),
            ("TS-GD-004", "3 months（自受理之日起）", "Immediate"),
        ]
        for code, legal, promised in table:
            with self.subTest(code):
                page = soup(self._get(code))
                self.assertEqual(
                    page.select_one('[data-field="legal-limit"]').get_text(strip=True),
                    legal,
                )
                self.assertEqual(
                    page.select_one('[data-field="promised-limit"]').get_text(
                        strip=True
                    ),
                    promised,
                )

    def test_fees_phones_and_faq(self):
        """Fees, online payment, both phones and the FAQ are shown."""
        response = self._get("TS-GD-001")
        page = soup(response)
        content = response.content.decode()
        self.assertIn("工本费：20元/证", texts(page.select("#sec-fees ~ ul li")))
        self.assertIn("Fees can be paid online.", content)
        self.assertIsNotNone(page.select_one('a[href="tel:0591-87654321"]'))
        self.assertIsNotNone(page.select_one('a[href="tel:12389"]'))
        self.assertEqual(
            texts(page.select("#sec-faq ~ details summary")), ["可以异地换领吗？"]
        )
        self.assertIn("可以，全国通办。", content)

    def test_free_item_says_free(self):
        """An item without a fee shows 'Free of charge' and no fee list."""
        page = soup(self._get("TS-GD-004"))
        self.assertIn("Free of charge", page.select_one("#sec-fees").parent.get_text())
        self.assertIsNone(page.select_one("#sec-fees ~ ul"))

    def test_badges(self):
        """Full-online only for Ⅳ; zero-visit for 0 visits; one-visit for 1."""
        table = [
            ("TS-GD-001", ["one-visit"]),
            ("TS-GD-004", ["zero-visit", "full-online", "immediate", "express"]),
            ("TS-GD-003", ["zero-visit", "express"]),
        ]
        for code, kinds in table:
            with self.subTest(code):
                badges = soup(self._get(code)).select("ul.badges li.badge")
                found = [
                    c.removeprefix("badge--")
                    for badge in badges
                    for c in badge["class"]
                    if c.startswith("badge--")
                ]
                self.assertEqual(found, kinds)

    def test_breadcrumbs_and_canonical_link(self):
        """Home › index › item, and a canonical link to the guide's own address."""
        page = soup(self._get("TS-GD-001"))
        crumbs = page.select("nav.breadcrumbs li")
        self.assertEqual(texts(crumbs), [HOME_TITLE, INDEX_TITLE, "居民身份证换领"])
        self.assertEqual(
            [a["href"] for a in page.select("nav.breadcrumbs a")], ["/", "/items/"]
        )
        self.assertIsNotNone(crumbs[-1].select_one('[aria-current="page"]'))
        canonical = page.select_one('link[rel="canonical"]')
        self.assertEqual(canonical["href"], "http://testserver/items/TS-GD-001/")

    def test_hidden_items_are_not_found(self):
        """Unpublished, cancelled and unknown items give 404."""
        for code in ("TS-GD-DRAFT", "TS-GD-GONE", "TS-GD-NONE"):
            with self.subTest(code):
                self.assertEqual(self._get(code).status_code, 404)

    def test_suspended_item_shows_notice(self):
        """A suspended item is still shown, with the suspended notice."""
        response = self._get("TS-GD-HOLD")
        self.assertEqual(response.status_code, 200)
        notice = soup(response).select_one(".guide .notice")
        self.assertEqual(
            notice.get_text(strip=True), "This service is suspended for now."
        )
        self.assertIsNone(soup(self._get("TS-GD-001")).select_one(".guide .notice"))


class ListingPageTests(TestCase):
    """Topic, department and life-event listings: public items only, paginated."""

    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        make_site()
        region = RegionFactory(code="950200")
        cls.department = DepartmentFactory(region=region, name="列表测试局")
        cls.topic = TopicFactory(
            audience_group="natural_person", code="090", name="证件办理"
        )
        cls.event = LifeEventFactory(name="出生", slug="birth")
        # PAGE_SIZE + 1 public items: the last one is suspended, which is public.
        cls.public_codes = [f"TS-LS-{n:03d}" for n in range(PAGE_SIZE + 1)]
        for n, code in enumerate(cls.public_codes):
            status = ItemStatus.SUSPENDED if n == PAGE_SIZE else ItemStatus.ACTIVE
            cls._item(code, status=status)
        cls._item("TS-LS-900", live=False)
        cls._item("TS-LS-901", status=ItemStatus.CANCELLED)
        other = DepartmentFactory(region=region, name="其他局")
        ServiceItemFactory(
            department=other, implementation_code="TS-LS-950", name="其他局事项"
        )

    @classmethod
    def _item(cls, code, **kwargs):
        item = ServiceItemFactory(
            department=cls.department,
            implementation_code=code,
            name=f"事项{code}",
            **kwargs,
        )
        item.topics.set([cls.topic])
        item.life_events.set([cls.event])
        item.save()
        return item

    def _urls(self):
        return {
            "topic": "/items/topics/natural_person/090/",
            "department": f"/items/departments/{self.department.pk}/",
            "life event": "/items/life-events/birth/",
        }

    def _names(self, response):
        return texts(soup(response).select("ul.item-list li a"))

    def test_listings_paginate_public_items(self):
        """Page 1 holds PAGE_SIZE items, page 2 the rest; hidden items never appear."""
        expected = [f"事项{code}" for code in self.public_codes]
        for label, url in self._urls().items():
            with self.subTest(label):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(
                    first.context["items_page"].paginator.count, PAGE_SIZE + 1
                )
                self.assertEqual(self._names(first), expected[:PAGE_SIZE])
                self.assertIn(f"{PAGE_SIZE + 1} services", first.content.decode())
                page = soup(first)
                self.assertEqual(page.select_one('a[rel="next"]')["href"], "?page=2")
                self.assertIsNone(page.select_one('a[rel="prev"]'))
                second = self.client.get(url, {"page": 2})
                self.assertEqual(self._names(second), expected[PAGE_SIZE:])
                self.assertIsNotNone(soup(second).select_one('a[rel="prev"]'))
                for response in (first, second):
                    content = response.content.decode()
                    for hidden in ("TS-LS-900", "TS-LS-901", "其他局事项"):
                        self.assertNotIn(hidden, content)

    def test_listing_links_to_guides(self):
        """Each listed item links to its guide under /items/."""
        response = self.client.get(self._urls()["topic"])
        hrefs = [a["href"] for a in soup(response).select("ul.item-list li a")]
        self.assertEqual(hrefs[0], "/items/TS-LS-000/")

    def test_unknown_listing_is_not_found(self):
        """An unknown topic group, topic, department or event gives 404."""
        for url in (
            "/items/topics/martians/090/",
            "/items/topics/natural_person/999/",
            "/items/departments/999999/",
            "/items/life-events/nothing/",
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)


class HomePageTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        _home, _index, site = make_site()
        cls.region = RegionFactory(code="940100", name="第一市", sort_order=1)
        cls.other = RegionFactory(code="940200", name="第二市", sort_order=2)
        settings_row = PortalSettings.for_site(site)
        settings_row.default_region_code = cls.region.code
        settings_row.save()
        department = DepartmentFactory(region=cls.region)
        other_department = DepartmentFactory(region=cls.other)
        items = {
            name: ServiceItemFactory(department=department, name=name)
            for name in ("甲事项", "乙事项", "丙事项")
        }
        hidden = ServiceItemFactory(
            department=department, name="已取消事项", status="cancelled"
        )
        draft = ServiceItemFactory(department=department, name="未发布事项", live=False)
        hf_list = HighFrequencyList.objects.create(region=cls.region)
        for order, item in enumerate(
            [items["乙事项"], hidden, items["丙事项"], draft, items["甲事项"]]
        ):
            HighFrequencyEntry.objects.create(list=hf_list, item=item, sort_order=order)
        other_list = HighFrequencyList.objects.create(region=cls.other)
        for order, name in enumerate(["第二市事项B", "第二市事项A"]):
            item = ServiceItemFactory(department=other_department, name=name)
            HighFrequencyEntry.objects.create(
                list=other_list, item=item, sort_order=order
            )
        # Flagged high-frequency but not on the editor's list: not shown.
        ServiceItemFactory(
            department=department, name="仅标记事项", is_high_frequency=True
        )

    def _high_frequency(self, response):
        return texts(soup(response).select("ol.high-frequency li a"))

    def test_home_lists_high_frequency_items_in_editor_order(self):
        """The default region's list shows public items in sort_order."""
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._high_frequency(response), ["乙事项", "丙事项", "甲事项"])
        self.assertNotIn(REGION_COOKIE, response.cookies)

    def test_region_parameter_switches_region_and_sets_cookie(self):
        """?region=CODE shows that region's list and remembers it in a cookie."""
        response = self.client.get("/", {"region": self.other.code})
        self.assertEqual(self._high_frequency(response), ["第二市事项B", "第二市事项A"])
        self.assertEqual(response.cookies[REGION_COOKIE].value, self.other.code)
        selected = soup(response).select_one("#region-select option[selected]")
        self.assertEqual(selected["value"], self.other.code)
        # The cookie keeps the choice on the next visit.
        again = self.client.get("/")
        self.assertEqual(self._high_frequency(again), ["第二市事项B", "第二市事项A"])

    def test_unknown_region_keeps_default_and_sets_no_cookie(self):
        """An unknown ?region falls back to the default region and is not remembered."""
        response = self.client.get("/", {"region": "000000"})
        self.assertEqual(self._high_frequency(response), ["乙事项", "丙事项", "甲事项"])
        self.assertNotIn(REGION_COOKIE, response.cookies)


class HealthzTests(TestCase):
    client_class = EnglishClient

    def test_healthz_reports_ok(self):
        """/healthz answers 200 JSON with status ok; /readyz sees the database."""
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["status"], "ok")
        ready = self.client.get("/readyz").json()
        self.assertIs(ready["checks"]["database"]["ok"], True)


class FormatTimeLimitTests(SimpleTestCase):
    client_class = EnglishClient

    def test_format_time_limit(self):
        """Limits read as a guide writes them: units, 即办, no limit, optional note."""
        table = [
            ((None, ""), "No statutory limit"),
            ((None, TimeUnit.WORKING_DAY), "No statutory limit"),
            ((0, ""), "Immediate"),
            ((0, TimeUnit.WORKING_DAY), "Immediate"),
            ((20, TimeUnit.WORKING_DAY), "20 working days"),
            ((60, TimeUnit.NATURAL_DAY), "60 calendar days"),
            ((3, TimeUnit.MONTH), "3 months"),
            ((5, ""), "5 working days"),  # no unit: working days
            (
                (20, TimeUnit.WORKING_DAY, "自受理之日起"),
                "20 working days（自受理之日起）",
            ),
            ((0, "", "当场办结"), "Immediate（当场办结）"),
        ]
        with translation.override("en"):
            for args, expected in table:
                with self.subTest(args=args):
                    self.assertEqual(format_time_limit(*args), expected)
