"""Guide pages, video tutorials and service zones: models, rendering, rules.

Requests carry the English language cookie, so UI strings are the English msgids.
"""

import datetime

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.content.services import videos_for
from cms.content.validators import WebVTTValidator
from cms.models import ServiceZonePage, VideoAttachment, VideoPage
from tests.catalogue.factories import ServiceItemFactory
from tests.catalogue.test_guide_pages import make_site
from tests.english import EnglishClient

from .factories import (
    VTT,
    add_guide_page,
    add_video_page,
    add_zone,
    captions_file,
    make_image,
    make_media,
)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class WebVTTValidatorTests(SimpleTestCase):
    client_class = EnglishClient

    def test_accepts_and_rejects(self):
        """Only UTF-8 text starting with WEBVTT and holding a cue passes."""
        cases = [
            (VTT, None),
            (b"\xef\xbb\xbf" + VTT, None),  # BOM allowed
            (b"WEBVTT - with header text\n\n00:01.000 --> 00:02.000\nhi\n", None),
            (b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not VTT\n", "invalid_webvtt"),
            (b"WEBVTT\n\nno cues at all\n", "no_cues"),
            (b"\xff\xfe\x00W\x00E", "invalid_webvtt"),
            (b"", "invalid_webvtt"),
        ]
        for content, code in cases:
            with self.subTest(content=content[:20]):
                if code is None:
                    WebVTTValidator()(captions_file(content))
                else:
                    with self.assertRaises(ValidationError) as raised:
                        WebVTTValidator()(captions_file(content))
                    self.assertEqual(raised.exception.code, code)


class GuidePageTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index, cls.site = make_site()
        cls.item = ServiceItemFactory(
            implementation_code="TS-CT-0001", name="身份证申领"
        )
        cls.other = ServiceItemFactory(
            implementation_code="TS-CT-0002", name="户口迁移"
        )
        cls.video = add_video_page(cls.home, slug="hukou-video", title="拍摄户口簿")
        cls.image = make_image()
        cls.guide = add_guide_page(
            cls.home,
            items=[cls.item],
            body=[
                ("text", "<p>开头说明</p>"),
                (
                    "steps",
                    [
                        {"title": "准备材料", "body": "<p>户口簿</p>", "image": None},
                        {"title": "现场采集", "body": "", "image": cls.image},
                    ],
                ),
                (
                    "image",
                    {"image": cls.image, "alt": "窗口照片", "caption": "办事窗口"},
                ),
                (
                    "callout",
                    {"kind": "warning", "title": "注意", "body": "<p>带原件</p>"},
                ),
                (
                    "table",
                    {
                        "table_caption": "费用",
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "data": [["项目", "标准"], ["工本费", "20元"]],
                    },
                ),
                ("video", {"video": cls.video}),
                ("item", {"item": cls.item, "label": ""}),
                (
                    "link",
                    {
                        "label": "在线申请",
                        "page": None,
                        "url": "https://example.org/apply",
                    },
                ),
            ],
        )

    def test_stream_blocks_render(self):
        """Each block renders its accessible markup in the editor's order."""
        page = soup(self.client.get(self.guide.url))
        steps = page.select("ol.guide-steps > li .step-title")
        self.assertEqual([s.get_text() for s in steps], ["准备材料", "现场采集"])
        self.assertEqual(page.select_one(".guide-figure img")["alt"], "窗口照片")
        self.assertEqual(
            page.select_one(".guide-figure figcaption").get_text(), "办事窗口"
        )
        callout = page.select_one(".callout--warning")
        self.assertEqual(callout["role"], "note")
        table = page.select_one(".guide-table table")
        self.assertEqual(table.caption.get_text(strip=True), "费用")
        self.assertEqual(
            [th["scope"] for th in table.select("thead th")], ["col", "col"]
        )
        self.assertIsNotNone(
            page.select_one(".embedded-video video track[kind=captions]")
        )
        links = [a["href"] for a in page.select("a.link-card")]
        self.assertEqual(links, ["/items/TS-CT-0001/", "https://example.org/apply"])

    def test_item_guide_lists_related_guides_and_videos(self):
        """The item's guide links the guide; another item's guide does not."""
        page = soup(self.client.get("/items/TS-CT-0001/"))
        related = {a["href"] for a in page.select(".related-links a")}
        self.assertIn(self.guide.url, related)
        other = soup(self.client.get("/items/TS-CT-0002/"))
        self.assertEqual(other.select(".related-links a"), [])

    def test_unpublished_guide_is_not_linked(self):
        self.guide.unpublish()
        page = soup(self.client.get("/items/TS-CT-0001/"))
        self.assertNotIn(
            self.guide.url, {a["href"] for a in page.select(".related-links a")}
        )

    def test_link_block_needs_exactly_one_target(self):
        from cms.content.blocks import LinkBlock

        block = LinkBlock()
        for value in (
            {"label": "x", "page": None, "url": ""},
            {"label": "x", "page": self.home, "url": "https://example.org"},
        ):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                block.clean(
                    block.to_python(
                        {**value, "page": getattr(value["page"], "pk", None)}
                    )
                )


class VideoPageTests(WagtailTestUtils, TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index, cls.site = make_site()
        cls.item = ServiceItemFactory(implementation_code="TS-VD-0001")
        cls.user = cls.create_superuser("editor")

    def test_publishing_without_captions_fails(self):
        """A draft may lack captions; publishing it raises and leaves it unpublished."""
        page = add_video_page(self.home, captions=False, publish=False)
        revision = page.save_revision()  # a draft saves fine
        with self.assertRaises(ValidationError) as raised:
            revision.publish()
        self.assertIn("captions", raised.exception.message_dict)
        self.assertFalse(VideoPage.objects.get(pk=page.pk).live)

    def test_publishing_with_captions_works_and_renders_track(self):
        page = add_video_page(self.home, items=[self.item], poster=make_image())
        self.assertTrue(page.live)
        html = soup(self.client.get(page.url))
        video = html.select_one("video")
        self.assertTrue(video.has_attr("controls"))
        self.assertTrue(video["poster"])
        track = video.select_one("track")
        self.assertEqual(track["kind"], "captions")
        self.assertEqual(track["srclang"], "zh-Hans")
        self.assertTrue(track["src"].endswith(".vtt"))
        self.assertIn("第一步，准备材料。", html.select_one("#transcript").get_text())

    def _admin_post(self, action, with_captions):
        data = nested_form_data(
            {
                "title": "视频教程",
                "slug": "admin-video",
                "summary": "",
                "video": make_media().pk,
                "captions_language": "zh-Hans",
                "transcript": rich_text("文字稿"),
                "item_links": inline_formset([]),
                "attachments": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        if action == "publish":
            data["action-publish"] = "publish"
        if with_captions:
            data["captions"] = captions_file()
        self.client.force_login(self.user)
        return self.client.post(f"/admin/pages/add/cms/videopage/{self.home.pk}/", data)

    def test_admin_publish_without_captions_shows_form_error(self):
        """The editor gets a field error, not a server error, and nothing is published."""
        response = self._admin_post("publish", with_captions=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("captions", response.context["form"].errors)
        self.assertFalse(VideoPage.objects.filter(slug="admin-video").exists())

    def test_admin_draft_without_captions_saves(self):
        response = self._admin_post("save", with_captions=False)
        self.assertEqual(response.status_code, 302)
        page = VideoPage.objects.get(slug="admin-video")
        self.assertFalse(page.live)

    def test_admin_publish_with_captions_publishes(self):
        response = self._admin_post("publish", with_captions=True)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(VideoPage.objects.get(slug="admin-video").live)

    def test_attachments_find_videos_by_generic_key(self):
        """Videos attach to a material or form step by key; only live ones count."""
        page = add_video_page(self.home, slug="attach")
        VideoAttachment.objects.create(
            page=page, target_type="form_step", target_key="id-card/photo"
        )
        VideoAttachment.objects.create(
            page=page, target_type="material", target_key="TS-VD-0001/居民户口簿"
        )
        self.assertEqual(list(videos_for("form_step", "id-card/photo")), [page])
        self.assertEqual(list(videos_for("form_step", "id-card/other")), [])
        related = self.client.get("/items/TS-VD-0001/").context["related_links"]
        self.assertEqual([link.url for link in related], [page.url])
        page.unpublish()
        self.assertEqual(list(videos_for("form_step", "id-card/photo")), [])

    def test_form_step_shows_the_videos_attached_to_it(self):
        from tests.formbuilder.factories import make_form

        definition = make_form()
        first_step = definition.versions.get().ui_schema["steps"][0]["key"]
        page = add_video_page(self.home, slug="step-video")
        VideoAttachment.objects.create(
            page=page,
            target_type="form_step",
            target_key=f"{definition.slug}/{first_step}",
        )
        self.client.post(f"/forms/{definition.slug}/")
        step_one = soup(self.client.get(f"/forms/{definition.slug}/step/1/"))
        step_two = soup(self.client.get(f"/forms/{definition.slug}/step/2/"))
        self.assertEqual(
            [a["href"] for a in step_one.select(".attached-videos a")], [page.url]
        )
        self.assertEqual(step_two.select(".attached-videos a"), [])


class ServiceZoneTests(TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index, cls.site = make_site()
        cls.item = ServiceItemFactory(implementation_code="TS-ZN-0001", name="专区事项")
        now = timezone.now()
        cls.current = add_zone(
            cls.home,
            title="防控服务专区",
            slug="current",
            ends_at=now + datetime.timedelta(days=1),
            entries=[
                ("notice", {"title": "通知", "date": None, "body": "<p>延期办理</p>"}),
                ("item", {"item": cls.item, "label": ""}),
                (
                    "link",
                    {"label": "外部链接", "page": None, "url": "https://example.org"},
                ),
            ],
        )
        cls.ended = add_zone(
            cls.home,
            title="已结束专区",
            slug="ended",
            ends_at=now - datetime.timedelta(minutes=1),
        )
        cls.future = add_zone(
            cls.home,
            title="未开始专区",
            slug="future",
            starts_at=now + datetime.timedelta(days=2),
        )

    def test_home_page_shows_only_current_zones(self):
        """A zone drops off the home page once its end time passes."""
        page = soup(self.client.get("/"))
        self.assertEqual(
            [a.get_text() for a in page.select(".zones a")], ["防控服务专区"]
        )

    def test_zone_expires_at_its_end(self):
        ends = self.current.ends_at
        self.assertTrue(self.current.is_current(ends - datetime.timedelta(seconds=1)))
        self.assertFalse(self.current.is_current(ends))
        self.assertNotIn(
            self.current,
            ServiceZonePage.objects.current(ends + datetime.timedelta(seconds=1)),
        )

    def test_entries_render_in_editor_order(self):
        page = soup(self.client.get(self.current.url))
        kinds = [li["class"][1] for li in page.select(".zone-entries > li")]
        self.assertEqual(
            kinds, ["zone-entry--notice", "zone-entry--item", "zone-entry--link"]
        )
        self.assertEqual(
            page.select_one(".zone-entry--item a")["href"], "/items/TS-ZN-0001/"
        )

    def test_ended_zone_page_says_it_ended(self):
        response = self.client.get(self.ended.url)
        self.assertContains(response, "This zone ended on")

    def test_end_before_start_is_rejected(self):
        now = timezone.now()
        with self.assertRaises(ValidationError) as raised:
            add_zone(
                self.home,
                slug="bad",
                starts_at=now,
                ends_at=now - datetime.timedelta(days=1),
            )
        self.assertIn("ends_at", raised.exception.message_dict)


class AdminFormsRenderTests(WagtailTestUtils, TestCase):
    client_class = EnglishClient

    @classmethod
    def setUpTestData(cls):
        cls.home, _index, cls.site = make_site()
        cls.user = cls.create_superuser("admin")

    def test_add_forms_render(self):
        """The editors' forms for each new page type and setting open."""
        self.client.force_login(self.user)
        urls = [
            f"/admin/pages/add/cms/{model}/{self.home.pk}/"
            for model in ("guidepage", "videopage", "servicezonepage")
        ]
        urls += [
            f"/admin/settings/themes/themesettings/{self.site.pk}/",
            f"/admin/settings/cms/portalsettings/{self.site.pk}/",
            "/admin/snippets/catalogue/servicehall/add/",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
