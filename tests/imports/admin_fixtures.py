"""Shared set-up of the import admin tests: two regions, editors, workbooks."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.test.utils import WagtailTestUtils

from catalogue import services
from imports import export_format as fmt
from imports.export import export_items
from tests.catalogue.factories import (
    DepartmentFactory,
    MaterialFactory,
    RegionFactory,
    ServiceItemFactory,
    UserFactory,
    make_region_editor,
)
from tests.committing_client import CommittingClient
from tests.english import english

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def upload(content: bytes, name: str = "list.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


class ImportAdminTestCase(WagtailTestUtils, TestCase):
    # Imports are queued in the request's transaction and run at its commit.
    client_class = CommittingClient

    def setUp(self):
        super().setUp()
        english(self.client)  # assertions read the English messages

    @classmethod
    def setUpTestData(cls):
        cls.region_a = RegionFactory(code="981001", name="甲市")
        cls.region_b = RegionFactory(code="982001", name="乙市")
        cls.dept_a = DepartmentFactory(name="甲市公安局", region=cls.region_a)
        cls.dept_b = DepartmentFactory(name="乙市公安局", region=cls.region_b)
        cls.item_a1 = ServiceItemFactory(
            implementation_code="A-001", name="甲市事项一", department=cls.dept_a
        )
        cls.item_a2 = ServiceItemFactory(
            implementation_code="A-002", name="甲市事项二", department=cls.dept_a
        )
        cls.item_b1 = ServiceItemFactory(
            implementation_code="B-001", name="乙市事项一", department=cls.dept_b
        )
        MaterialFactory(item=cls.item_a1, name="申请表")
        cls.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        cls.editor_a = make_region_editor(cls.region_a, username="editor_a")
        cls.editor_b = make_region_editor(cls.region_b, username="editor_b")

    def exported(self, codes=None) -> openpyxl.Workbook:
        """The catalogue (or ``codes``) exported, opened for editing."""
        stream = io.BytesIO()
        items = services.items_for_export()
        if codes is not None:
            items = items.filter(implementation_code__in=codes)
        export_items(items, stream)
        stream.seek(0)
        return openpyxl.load_workbook(stream)

    @staticmethod
    def set_cell(book, code: str, header: str, value, sheet=fmt.ITEMS_SHEET) -> None:
        """Set the ``header`` cell of the item row ``code``."""
        rows = book[sheet]
        headers = [c.value for c in rows[1]]
        for row in rows.iter_rows(min_row=2):
            if row[0].value == code:
                row[headers.index(header)].value = value
                return
        raise AssertionError(f"no row {code}")

    @staticmethod
    def add_copy(book, code: str, new_code: str) -> None:
        """Append a copy of item row ``code`` under ``new_code``."""
        rows = book[fmt.ITEMS_SHEET]
        for row in rows.iter_rows(min_row=2, values_only=True):
            if row[0] == code:
                rows.append([new_code, *row[1:]])
                return
        raise AssertionError(f"no row {code}")

    def start_run(self, user, content: bytes, region: str = "", follow=False):
        self.client.force_login(user)
        data = {"file": upload(content), "region": region}
        return self.client.post("/admin/imports/upload/", data, follow=follow)

    def item(self, code):
        return services.item_by_code(code)
