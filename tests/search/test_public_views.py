"""The /search/ page, the JSON API, suggestions and click logging."""

import json

from django.test import TestCase, override_settings

from search import services
from search.analytics import QueryStat
from tests.catalogue.factories import RegionFactory, ServiceItemFactory
from tests.cms.site import make_site


class SearchViewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        region = RegionFactory(code="990100", name="海川市")
        cls.item = ServiceItemFactory(
            name="居民身份证换领",
            implementation_code="HC-GA-777",
            department__region=region,
        )
        ServiceItemFactory(
            name="婚姻登记", implementation_code="HC-MZ-777", department__region=region
        )
        services.rebuild_index()

    def test_results_page_lists_matches_with_highlight(self):
        """A Chinese word inside a title finds it; the snippet marks the match."""
        response = self.client.get("/search/", {"q": "身份证"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "居民身份证换领")
        self.assertContains(response, "<mark>")
        self.assertNotContains(response, "婚姻登记")

    def test_results_page_offers_help_when_nothing_matches(self):
        """Zero results show the zero-result help instead of an empty list."""
        response = self.client.get("/search/", {"q": "完全不存在的东西xyz"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="zero-results"')

    def test_api_answers_in_the_documented_shape(self):
        """/api/v1/search returns count, results with code/title/type/url/score/highlight, facets."""
        response = self.client.get(
            "/api/v1/search", {"q": "身份证", "type": "item", "limit": 5}
        )
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertEqual(set(data), {"count", "results", "facets", "answer"})
        self.assertGreaterEqual(data["count"], 1)
        first = data["results"][0]
        self.assertEqual(
            set(first), {"code", "title", "type", "url", "score", "highlight"}
        )
        self.assertEqual(first["code"], "HC-GA-777")
        self.assertEqual(first["type"], "item")

    def test_bad_queries_never_fail(self):
        """Hostile or odd input gets an answer, never a server error."""
        for q in [
            "",
            " ",
            "x" * 2000,
            '" OR *',
            "🙂🙂",
            "'; DROP TABLE search; --",
            "a AND (b",
        ]:
            with self.subTest(q=q[:20]):
                for url in ("/search/", "/api/v1/search", "/api/v1/suggest"):
                    response = self.client.get(url, {"q": q})
                    self.assertEqual(response.status_code, 200, url)

    def test_suggest_completes_a_prefix(self):
        """Suggest-as-you-type proposes titles for a Chinese prefix."""
        response = self.client.get("/api/v1/suggest", {"q": "居民身份"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("居民身份证换领", json.loads(response.content)["suggestions"])

    def test_searches_are_counted_without_personal_data(self):
        """A search adds to the day's counter; no address or user is stored."""
        self.client.get("/search/", {"q": "身份证"}, REMOTE_ADDR="203.0.113.9")
        stat = QueryStat.objects.get(query="身份证")
        self.assertEqual(stat.searches, 1)
        stored = json.dumps(list(QueryStat.objects.values()), default=str)
        self.assertNotIn("203.0.113.9", stored)
        field_names = {f.name for f in QueryStat._meta.get_fields()}
        self.assertFalse(
            field_names & {"ip", "ip_address", "user", "session", "user_agent"}
        )

    def test_click_redirects_only_within_the_site_and_counts(self):
        """Clicks are counted; an off-site target is refused (no open redirect)."""
        inside = self.client.get(
            "/search/click/", {"to": "/items/HC-GA-777/", "q": "身份证"}
        )
        self.assertEqual(inside.status_code, 302)
        self.assertEqual(inside["Location"], "/items/HC-GA-777/")
        outside = self.client.get(
            "/search/click/", {"to": "https://evil.example/", "q": "x"}
        )
        self.assertEqual(outside["Location"], "/")
        self.assertEqual(QueryStat.objects.get(query="身份证").clicks, 1)

    @override_settings(LANGUAGE_CODE="en")
    def test_facets_link_to_filtered_results(self):
        """Each facet value links to the same search filtered on that value."""
        response = self.client.get("/search/", {"q": "身份证"})
        self.assertContains(response, "department=")

    def test_hits_and_region_facet_show_names_not_codes(self):
        """Each hit names its region and department; the region facet lists names."""
        response = self.client.get("/search/", {"q": "身份证"})
        self.assertContains(response, '<span class="hit-region">海川市</span>')
        department = self.item.department.name
        self.assertContains(
            response, f'<span class="hit-department">{department}</span>'
        )
        self.assertContains(response, '海川市 <span class="count">(1)</span>')

    def test_api_region_facet_values_carry_names(self):
        response = self.client.get("/api/v1/search", {"q": "身份证"})
        regions = json.loads(response.content)["facets"]["region"]
        self.assertIn({"value": "990100", "count": 1, "label": "海川市"}, regions)
