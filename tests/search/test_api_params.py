"""The search API refuses values it cannot take (400 JSON naming the
parameter); the results page forgives the same addresses."""

from django.test import TestCase

from search import services
from search.query import SearchRequest
from tests.catalogue.factories import ServiceItemFactory
from tests.cms.site import make_site


class SearchApiParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        ServiceItemFactory(name="居民身份证换领")
        services.rebuild_index()

    def refused(self, params, name):
        response = self.client.get("/api/v1/search", {"q": "身份证", **params})
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        error = response.json()["errors"][0]
        self.assertEqual(error["path"], f"/{name}")
        self.assertTrue(error["message"])
        page = self.client.get("/search/", {"q": "身份证", **params})
        self.assertEqual(page.status_code, 200)

    def test_unknown_types_and_code_list_facets_are_refused(self):
        for name, value in [
            ("type", "AAA"),
            ("type", ""),
            ("audience", "martians"),
            ("online_depth", "5"),
            ("channel", "fax"),
            ("region_filter", "yes"),
        ]:
            with self.subTest(name=name, value=value):
                self.refused({name: value}, name)

    def test_page_and_limit_must_be_whole_numbers_in_range(self):
        for name, value in [
            ("page", "0"),
            ("page", "-1"),
            ("page", "abc"),
            ("page", "1.5"),
            ("page", "99999999999999999999"),
            ("page", "1001"),
            ("limit", "51"),
            ("limit", "0"),
            ("limit", ""),
        ]:
            with self.subTest(name=name, value=value):
                self.refused({name: value}, name)

    def test_overlong_texts_are_refused(self):
        self.refused({"region": "1" * 13}, "region")
        self.refused({"department": "部" * 101}, "department")

    def test_every_known_value_is_taken(self):
        for params in [
            {"type": "item"},
            {"type": "form", "page": "2", "limit": "50"},
            {"audience": "legal_person", "online_depth": "4"},
            {"region": "990100", "region_filter": "1", "page": "1000"},
        ]:
            with self.subTest(params=params):
                response = self.client.get("/api/v1/search", {"q": "身份证", **params})
                self.assertEqual(response.status_code, 200, response.content)

    def test_control_characters_never_reach_the_database(self):
        request = SearchRequest(q="身份\x00证\x1b", region="99\x000100")
        self.assertEqual((request.q, request.region), ("身份 证", "990100"))
        self.assertEqual(
            self.client.get("/search/", {"q": "身份\x00证"}).status_code, 200
        )
        response = self.client.get("/api/v1/search", {"q": "身份\x00证"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["path"], "/q")
