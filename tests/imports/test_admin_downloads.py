"""Template and export downloads from the admin."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from imports import export_format as fmt
from imports.pipeline import parse_workbook
from tests.catalogue.factories import DepartmentFactory, ServiceItemFactory

from .admin_fixtures import ImportAdminTestCase


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


class TemplateDownloadTests(ImportAdminTestCase):
    def test_template_is_an_xlsx_with_canonical_headers(self):
        self.client.force_login(self.editor_a)
        response = self.client.get(reverse("imports:template"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("import-template.xlsx", response["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(content_of(response)))
        headers = [c.value for c in book[fmt.ITEMS_SHEET][1]]
        self.assertEqual(headers, fmt.item_headers())


class ExportViewTests(ImportAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dept_a2 = DepartmentFactory(name="甲市人社局", region=cls.region_a)
        cls.item_a3 = ServiceItemFactory(
            implementation_code="A-003",
            name="甲市社保事项",
            department=cls.dept_a2,
            status="suspended",
        )

    def export(self, user, **params) -> set[str]:
        self.client.force_login(user)
        response = self.client.get(
            reverse("imports:export"), {"download": "1", **params}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        result = parse_workbook(io.BytesIO(content_of(response)))
        self.assertEqual(result.errors, [])
        return {item["implementation_code"] for item in result.items}

    def test_editor_exports_only_own_region(self):
        self.assertEqual(self.export(self.editor_a), {"A-001", "A-002", "A-003"})

    def test_filters_by_department_and_status(self):
        self.assertEqual(
            self.export(self.editor_a, department=self.dept_a2.pk), {"A-003"}
        )
        self.assertEqual(
            self.export(self.editor_a, status="active"), {"A-001", "A-002"}
        )

    def test_superuser_filters_by_region(self):
        self.assertEqual(
            self.export(self.superuser, region=self.region_b.pk), {"B-001"}
        )

    def test_other_region_filter_is_refused(self):
        self.client.force_login(self.editor_a)
        response = self.client.get(
            reverse("imports:export"), {"download": "1", "region": self.region_b.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Disposition", response)
        self.assertTrue(response.context["form"].errors["region"])

    def test_form_page_without_download(self):
        self.client.force_login(self.editor_a)
        response = self.client.get(reverse("imports:export"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="download"')


class ListingExportButtonTests(ImportAdminTestCase):
    """The item listing links to the export with its own filters kept."""

    def test_listing_offers_export_of_the_filtered_items(self):
        from html import unescape
        from urllib.parse import parse_qs, urlsplit

        self.client.force_login(self.editor_a)
        response = self.client.get(
            reverse("wagtailsnippets_catalogue_serviceitem:list"),
            {"status": "suspended"},
        )
        self.assertEqual(response.status_code, 200)
        export = reverse("imports:export")
        html = unescape(response.content.decode())
        start = html.index(f'href="{export}?') + len('href="')
        link = urlsplit(html[start : html.index('"', start)])
        self.assertEqual(
            parse_qs(link.query), {"status": ["suspended"], "download": ["1"]}
        )
