"""Guides, videos and forms in the one citizen search (issue 4).

Tasks run with the immediate backend (test settings), so a publish,
unpublish or delete reaches the index before the assertion.
"""

import json
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from wagtail.models import Page

from catalogue import services as catalogue_services
from cms.content.indexing import GuidePageSource, VideoPageSource
from cms.demo import load_demo
from cms.form_indexing import FormSource, ui_texts
from formbuilder import services as form_services
from search import services
from search.query import SearchRequest
from tests.catalogue.factories import ServiceItemFactory, TopicFactory
from tests.cms.site import make_site
from tests.english import EN_COOKIE
from tests.formbuilder.factories import make_form

from .factories import add_guide_page, add_video_page

GUIDE_BODY = [
    ("text", "<p>先到窗口<b>领取号码</b>。</p>"),
    ("steps", [{"title": "准备户口簿", "body": "<p>带上全家福照片。</p>"}]),
    ("callout", {"kind": "tip", "title": "", "body": "<p>节假日照常受理。</p>"}),
    ("table", {"data": [["窗口", "时间"], ["三楼", "上午九点"]]}),
]
FORM_DOCUMENT = {
    "title": "",
    "steps": [
        {
            "key": "s_one",
            "title": "经营场所",
            "fields": [
                {"key": "f_area", "type": "short_text", "label": "营业面积"},
                {
                    "key": "f_kind",
                    "type": "single_choice",
                    "label": "场所类型",
                    "choices": [{"value": "a", "label": "临街商铺"}],
                },
            ],
        }
    ],
}


def search(q, **kwargs):
    return services.search(SearchRequest(q=q, **kwargs))


def doc_ids(q, **kwargs):
    return [hit.doc_id for hit in search(q, **kwargs).hits]


class ContentSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.item = ServiceItemFactory(
            name="出生登记", topics=[TopicFactory(name="生育")]
        )

    def setUp(self):
        self.guide = add_guide_page(
            self.home, title="新生儿落户图解", body=GUIDE_BODY, items=[self.item]
        )
        self.video = add_video_page(
            self.home,
            title="拍照教程",
            transcript="<p>请摘下<b>眼镜</b>再拍照。</p>",
            items=[self.item],
        )
        services.rebuild_index()

    def test_guide_found_by_words_in_its_body(self):
        """Rich text, steps, callouts and table cells are all searchable."""
        for word in ("领取号码", "全家福", "节假日", "上午九点"):
            with self.subTest(word=word):
                self.assertIn(f"guide:{self.guide.pk}", doc_ids(word))

    def test_video_found_by_its_transcript(self):
        hits = search("眼镜").hits
        self.assertEqual([h.doc_id for h in hits], [f"video:{self.video.pk}"])
        self.assertEqual(hits[0].kind, "video")
        self.assertEqual(hits[0].url, self.video.url)

    def test_document_carries_item_names_topics_and_region(self):
        document = GuidePageSource().document_for(self.guide)
        self.assertIn("出生登记", document.keywords)
        self.assertEqual(document.facets["topic"], ("生育",))
        self.assertEqual(document.facets["type"], ("guide",))
        self.assertEqual(document.region_code, self.item.region.code)
        self.assertNotIn("tip", document.body)  # choice values are not prose

    def test_drafts_are_never_indexed(self):
        draft = add_guide_page(
            self.home,
            slug="draft",
            title="草稿图解",
            body=[("text", "<p>秘密步骤</p>")],
            publish=False,
        )
        services.rebuild_index()
        self.assertEqual(doc_ids("秘密步骤"), [])
        self.assertIsNone(GuidePageSource().document_for(draft))

    def test_publish_indexes_new_text(self):
        self.video.transcript = "<p>背景须为白色。</p>"
        self.video.save_revision().publish()
        self.assertEqual(doc_ids("白色"), [f"video:{self.video.pk}"])
        self.assertEqual(doc_ids("眼镜"), [])

    def test_unpublish_removes(self):
        self.guide.unpublish()
        self.assertEqual(doc_ids("全家福"), [])

    def test_delete_removes(self):
        self.video.delete()
        self.assertEqual(doc_ids("眼镜"), [])

    def test_deleting_the_base_page_removes(self):
        """Deleting through the page tree (a plain ``Page``) cascades too."""
        Page.objects.get(pk=self.guide.pk).delete()
        self.assertEqual(doc_ids("全家福"), [])

    def test_type_filter_and_facet(self):
        self.assertEqual(
            {h.kind for h in search("出生登记").hits}, {"item", "guide", "video"}
        )
        facet = dict(search("出生登记").facets["type"])
        self.assertEqual(facet, {"item": 1, "guide": 1, "video": 1})
        self.assertEqual(
            doc_ids("出生登记", kinds=("guide",)), [f"guide:{self.guide.pk}"]
        )

    def test_sources_list_only_live_pages(self):
        self.guide.unpublish()
        self.assertEqual(list(GuidePageSource().iter_documents()), [])
        self.assertEqual(len(list(VideoPageSource().iter_documents())), 1)


class FormSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()

    def setUp(self):
        self.form = make_form(
            slug="shop-sign", title="店招设置申请", document=FORM_DOCUMENT
        )
        services.rebuild_index()

    def test_found_by_field_label_and_choice(self):
        for word in ("营业面积", "临街商铺", "经营场所"):
            with self.subTest(word=word):
                self.assertEqual(doc_ids(word), [f"form:{self.form.pk}"])
        hit = search("营业面积").hits[0]
        self.assertEqual((hit.kind, hit.url), ("form", "/forms/shop-sign/"))

    def test_unpublished_form_is_not_indexed(self):
        make_form(slug="draft-form", title="草稿表单", publish=False)
        services.rebuild_index()
        self.assertEqual(doc_ids("草稿表单"), [])

    def test_publish_and_stop_accepting_update_the_index(self):
        document = json.loads(json.dumps(FORM_DOCUMENT))
        document["steps"][0]["fields"][0]["label"] = "门头尺寸"
        self.form.set_document(document)
        self.form.save()
        self.assertEqual(doc_ids("门头尺寸"), [])  # draft edit: not yet public
        form_services.publish(self.form)
        self.assertEqual(doc_ids("门头尺寸"), [f"form:{self.form.pk}"])
        self.form.accepting = False
        self.form.save()
        self.assertEqual(doc_ids("门头尺寸"), [])

    def test_delete_removes(self):
        self.form.delete()
        self.assertEqual(doc_ids("营业面积"), [])

    def test_linked_item_names_are_keywords(self):
        ServiceItemFactory(implementation_code="TS-SC-0001", name="户外招牌设置审批")
        catalogue_services.link_application_forms({"shop-sign": ["TS-SC-0001"]})
        document = FormSource().document_for(self.form)
        self.assertIn("户外招牌设置审批", document.keywords)
        self.assertEqual(document.facets["type"], ("form",))

    def test_ui_texts_reads_groups_and_help(self):
        ui = {
            "steps": [{"title": "步骤"}],
            "fields": {
                "g": {
                    "label": "家庭成员",
                    "fields": [{"label": "成员姓名", "help_text": "与户口簿一致"}],
                }
            },
        }
        self.assertEqual(
            [t for t in ui_texts(ui) if t],
            ["步骤", "家庭成员", "成员姓名", "与户口簿一致"],
        )


class ResultsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site()
        item = ServiceItemFactory(name="出生登记")
        add_guide_page(home, title="出生登记图解", body=GUIDE_BODY, items=[item])
        make_form(slug="birth", title="出生登记申请表", document=FORM_DOCUMENT)
        services.rebuild_index()

    def test_page_shows_type_labels_and_filters(self):
        response = self.client.get("/search/", {"q": "出生登记"}, headers=EN_COOKIE)
        self.assertContains(response, '<span class="hit-type">Guide</span>')
        self.assertContains(response, '<span class="hit-type">Form</span>')
        self.assertContains(
            response, "?q=%E5%87%BA%E7%94%9F%E7%99%BB%E8%AE%B0&amp;type=guide"
        )
        response = self.client.get(
            "/search/", {"q": "出生登记", "type": "form"}, headers=EN_COOKIE
        )
        self.assertContains(response, "出生登记申请表")
        self.assertNotContains(response, "出生登记图解")

    def test_api_type_filter_and_facet(self):
        response = self.client.get("/api/v1/search", {"q": "出生登记", "type": "guide"})
        data = json.loads(response.content)
        self.assertEqual([r["type"] for r in data["results"]], ["guide"])
        self.assertTrue(data["results"][0]["url"].endswith("/guide/"))
        facet = self.client.get("/api/v1/search", {"q": "出生登记"}).json()["facets"][
            "type"
        ]
        self.assertEqual({v["value"] for v in facet}, {"item", "guide", "form"})


class DemoIndexTests(TestCase):
    """After ``load_demo`` the demo guide, video and forms are searchable."""

    @classmethod
    def setUpClass(cls):
        var_dir = cls.enterClassContext(tempfile.TemporaryDirectory())
        cls.enterClassContext(override_settings(VAR_DIR=Path(var_dir)))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_demo_content_is_indexed(self):
        cases = [
            ("反光", "video", "/photograph-hukou/"),
            ("第一次办理居民身份证", "guide", "/id-card-first-time/"),
            ("无犯罪记录证明申请", "form", "/forms/no-criminal-record/"),
        ]
        for word, kind, url in cases:
            with self.subTest(word=word):
                hits = search(word, kinds=(kind,)).hits
                self.assertTrue(hits, word)
                self.assertTrue(hits[0].url.endswith(url), hits[0].url)

    def test_demo_form_lists_linked_item_names(self):
        form = form_services.definition_by_slug("no-criminal-record")
        names = {catalogue_services.item_by_code("HC-GA-019").name}
        self.assertTrue(names <= set(FormSource().document_for(form).keywords))
        hits = search(names.pop(), kinds=("form",)).hits
        self.assertEqual(hits[0].code, "no-criminal-record")
