"""/api/v1/openapi.json describes the forms and the search API, as they answer."""

import re

from django.test import TestCase
from django.urls import resolve
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing.exceptions import Unresolvable

from cms.api_docs import merged_document
from formbuilder import services as form_services
from search import services as search_services
from tests.catalogue.factories import ServiceItemFactory
from tests.cms.site import make_site


def conforms(document: dict, schema_name: str, value) -> list[str]:
    """Problems of ``value`` against a component schema, refs resolved in ``document``."""
    schema = {
        "$ref": f"#/components/schemas/{schema_name}",
        "components": document["components"],
    }
    return [e.message for e in Draft202012Validator(schema).iter_errors(value)]


class OpenApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        ServiceItemFactory(name="出生登记")
        search_services.rebuild_index()

    def setUp(self):
        self.document = self.client.get("/api/v1/openapi.json").json()

    def test_forms_and_search_are_described(self):
        self.assertTrue(self.document["openapi"].startswith("3.1"))
        self.assertTrue(
            {"/forms/", "/forms/{slug}/submissions", "/search", "/suggest"}
            <= set(self.document["paths"])
        )

    def test_every_described_path_is_served(self):
        for path in self.document["paths"]:
            with self.subTest(path=path):
                url = "/api/v1" + re.sub(r"\{[^}]+\}", "x", path)
                self.assertNotEqual(resolve(url).url_name, "wagtail_serve")

    def test_schemas_are_valid_json_schema(self):
        for name, schema in self.document["components"]["schemas"].items():
            with self.subTest(schema=name):
                Draft202012Validator.check_schema(schema)

    def test_search_and_suggest_answer_as_described(self):
        results = self.client.get("/api/v1/search", {"q": "出生", "limit": 5}).json()
        self.assertTrue(results["results"])
        self.assertEqual(conforms(self.document, "SearchResults", results), [])
        suggestions = self.client.get("/api/v1/suggest", {"q": "出"}).json()
        self.assertEqual(conforms(self.document, "Suggestions", suggestions), [])
        wrong = {**results, "count": "many"}
        self.assertNotEqual(conforms(self.document, "SearchResults", wrong), [])

    def test_parts_may_not_redefine_each_other(self):
        part = {"paths": {"/a": {}}, "components": {"schemas": {"A": {}}}}
        with self.assertRaises(ValueError):
            merged_document([part, {"components": {"schemas": {"A": {"type": "x"}}}}])
        same = merged_document([part, {"components": {"schemas": {"A": {}}}}])
        self.assertEqual(set(same["paths"]), {"/a"})
        self.assertEqual(same["components"]["schemas"], {"A": {}})

    def test_the_document_and_each_part_are_valid_openapi(self):
        # openapi-spec-validator resolves every $ref: a component the merge
        # dropped (parameters, responses) fails here.
        validate(self.document)
        validate(form_services.openapi_document())
        validate(search_services.openapi_document())
        broken = merged_document([form_services.openapi_document()])
        del broken["components"]["parameters"]
        with self.assertRaises((OpenAPIValidationError, Unresolvable)):
            validate(broken)

    def test_every_operation_documents_its_error_answers(self):
        for path, operations in self.document["paths"].items():
            for method, operation in operations.items():
                with self.subTest(operation=f"{method} {path}"):
                    self.assertIn("400", operation["responses"])
                    if method == "post":
                        self.assertLessEqual(
                            {"400", "404", "413", "415", "429"},
                            set(operation["responses"]),
                        )

    def test_code_list_facets_are_listed_as_the_api_checks_them(self):
        parameters = {
            p["name"]: p["schema"]
            for p in self.document["paths"]["/search"]["get"]["parameters"]
        }
        self.assertEqual(parameters["type"]["enum"], ["form", "guide", "item", "video"])
        self.assertIn("legal_person", parameters["audience"]["enum"])
        for value in parameters["channel"]["enum"]:
            answer = self.client.get("/api/v1/search", {"q": "出生", "channel": value})
            self.assertEqual(answer.status_code, 200)
        answer = self.client.get("/api/v1/search", {"q": "出生", "channel": "fax"})
        self.assertEqual(answer.status_code, 400)
