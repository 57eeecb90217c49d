"""Questions answered in place, filler-only queries, page caps and engine outages."""

import json
from unittest import mock

from django.test import TestCase, override_settings

from catalogue.constants import WaiveVia
from search import services
from search.query import SearchUnavailable
from tests.catalogue.factories import (
    FeeItemFactory,
    MaterialFactory,
    ProcessStepFactory,
    RegionFactory,
    ServiceItemFactory,
)
from tests.cms.site import make_site


def api(client, q, **params):
    response = client.get("/api/v1/search", {"q": q, **params})
    return response, json.loads(response.content)


class AnswerCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        region = RegionFactory(code="990100", name="海川市")
        cls.item = ServiceItemFactory(
            name="渔船检验证书核发",
            implementation_code="HC-NY-901",
            department__region=region,
            is_charged=True,
            address="海川市民中心三楼12号窗口",
            office_hours="周一至周五 9:00-17:00",
            accept_conditions="持有渔业捕捞许可证的渔船所有人",
        )
        MaterialFactory(
            item=cls.item,
            name="渔船所有权证书",
            waivable=True,
            waive_via=WaiveVia.E_LICENCE,
        )
        MaterialFactory(item=cls.item, name="船员名册", rongque_allowed=True)
        MaterialFactory(item=cls.item, name="检验申请表")
        FeeItemFactory(item=cls.item, name="检验费", standard="按船长每米10元")
        ProcessStepFactory(item=cls.item, name="现场检验")
        ServiceItemFactory(
            name="船员证书核发",
            implementation_code="HC-NY-902",
            department__region=region,
        )
        services.rebuild_index()

    def test_api_answers_the_part_asked_about(self):
        cases = {
            "渔船检验证书需要带什么": ("materials", "渔船所有权证书"),
            "您好，请问渔船检验证书要多少钱？": ("fees", "检验费"),
            "渔船检验证书多久能拿到": ("time_limit", "10"),
            "渔船检验证书在哪里办": ("place", "12号窗口"),
            "办渔船检验证书需要什么条件": ("conditions", "渔业捕捞许可证"),
            "渔船检验证书办理流程": ("process", "现场检验"),
        }
        for q, (part, text) in cases.items():
            with self.subTest(q=q):
                response, data = api(self.client, q, type="item")
                self.assertEqual(response.status_code, 200)
                answer = data["answer"]
                self.assertEqual((answer["code"], answer["part"]), ("HC-NY-901", part))
                self.assertIn(text, json.dumps(answer["lines"], ensure_ascii=False))
                self.assertTrue(answer["url"].startswith("/items/HC-NY-901/#sec-"))

    def test_materials_carry_their_waived_and_rongque_marks(self):
        _response, data = api(self.client, "渔船检验证书要带什么材料", type="item")
        notes = {line["text"]: line["note"] for line in data["answer"]["lines"]}
        self.assertIn("免提交", notes["渔船所有权证书"])
        self.assertIn("容缺", notes["船员名册"])

    def test_no_question_no_answer(self):
        _response, data = api(self.client, "渔船检验证书")
        self.assertIsNone(data["answer"])

    def test_results_page_shows_the_card_with_a_link_to_the_guide(self):
        response = self.client.get("/search/", {"q": "渔船检验证书需要带什么"})
        self.assertContains(response, 'class="answer-card answer-materials"')
        self.assertContains(response, "渔船所有权证书")
        self.assertContains(response, "%23sec-materials")  # the card's guide link
        self.assertContains(response, "免提交")

    def test_only_filler_or_question_words_get_the_zero_result_help(self):
        for q in (
            "您好",
            "请问一下",
            "需要带什么",
            "要多少钱？",
            "您好，请问在哪里办啊",
            "嗯嗯嗯",
        ):
            with self.subTest(q=q):
                response = self.client.get("/search/", {"q": q})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="zero-results"')
                self.assertNotContains(response, "answer-card")
                api_response, data = api(self.client, q)
                self.assertEqual((api_response.status_code, data["count"]), (200, 0))
                self.assertIsNone(data["answer"])


class PageCapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        for n in range(12):
            ServiceItemFactory(name=f"养犬登记{n}号")
        services.rebuild_index()

    @override_settings(SEARCH_MAX_RESULT_WINDOW=10)
    def test_api_refuses_a_page_past_the_window_naming_the_parameter(self):
        response, data = api(self.client, "养犬", page=3, limit=5)
        self.assertEqual(response.status_code, 400)
        self.assertEqual((data["errors"][0]["path"], data["last_page"]), ("/page", 2))
        self.assertIn("10", data["errors"][0]["message"])
        ok, _data = api(self.client, "养犬", page=2, limit=5)
        self.assertEqual(ok.status_code, 200)

    @override_settings(SEARCH_MAX_RESULT_WINDOW=10)
    def test_page_past_the_window_shows_the_last_page_and_says_why(self):
        response = self.client.get(
            "/search/", {"q": "养犬", "page": 9999999, "limit": 5}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "search-page-capped")
        self.assertContains(response, "养犬登记")


class UnavailableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()

    def test_an_outage_is_a_503_not_zero_results(self):
        with mock.patch.object(services, "get_backend") as backend:
            backend.return_value.search.side_effect = SearchUnavailable("down")
            backend.return_value.result_window = lambda: 10_000
            page = self.client.get("/search/", {"q": "身份证"})
            response, data = api(self.client, "身份证")
        self.assertEqual(page.status_code, 503)
        self.assertContains(page, "search-unavailable", status_code=503)
        self.assertNotContains(page, "zero-results", status_code=503)
        self.assertEqual(response.status_code, 503)
        self.assertTrue(data["errors"][0]["message"])
        self.assertEqual(response["Retry-After"], "30")

    def test_suggest_outage_is_a_503(self):
        with mock.patch.object(services, "get_backend") as backend:
            backend.return_value.suggest.side_effect = SearchUnavailable("down")
            response = self.client.get("/api/v1/suggest", {"q": "sfz"})
        self.assertEqual(response.status_code, 503)
