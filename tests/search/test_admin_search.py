"""Editors' search screens: analytics and synonym import."""

import io

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from openpyxl import Workbook

from search.analytics import QueryStat
from search.models import SynonymGroup
from tests.catalogue.factories import UserFactory
from tests.english import english


def _workbook(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("synonyms.xlsx", buffer.getvalue())


class SearchAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        cls.editor = UserFactory()
        cls.editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        today = timezone.localdate()
        QueryStat.objects.create(query="驾照换证", day=today, searches=5, clicks=2)
        QueryStat.objects.create(
            query="外星人签证", day=today, searches=3, zero_results=3
        )

    def setUp(self):
        # Assertions read English messages; the site default is zh-hans.
        self.client = english(self.client_class())

    def test_analytics_lists_top_and_zero_result_queries(self):
        """The report shows top queries with click-through and zero-result queries."""
        self.client.force_login(self.admin)
        response = self.client.get("/admin/search-analytics/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "驾照换证")
        self.assertContains(response, "40%")  # 2 clicks / 5 searches
        self.assertContains(response, "外星人签证")
        self.assertContains(response, "terms=%E5%A4%96")  # add-as-synonym link

    def test_analytics_lists_queries_with_results_but_no_click(self):
        QueryStat.objects.create(
            query="养狗要办啥", day=timezone.localdate(), searches=4
        )
        self.client.force_login(self.admin)
        response = self.client.get("/admin/search-analytics/")
        table = response.content.decode().split("data-no-click-queries", 1)[1]
        self.assertIn("养狗要办啥", table)
        self.assertNotIn("驾照换证", table)  # clicked
        self.assertNotIn("外星人签证", table)  # nothing found: the zero-result list
        self.assertIn("terms=%E5%85%BB", table)  # proposed as a synonym candidate

    def test_analytics_needs_permission(self):
        """An editor without the statistics permission is refused."""
        self.client.force_login(self.editor)
        response = self.client.get("/admin/search-analytics/")
        self.assertIn(response.status_code, (302, 403))

    def test_add_as_synonym_prefills_the_words(self):
        """The one-step link opens the synonym form with the query filled in."""
        self.client.force_login(self.admin)
        response = self.client.get(
            "/admin/search_synonyms/new/", {"terms": "外星人签证 = "}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "外星人签证 =")

    def test_import_creates_groups_from_a_workbook(self):
        """Each row with two or more words becomes one enabled synonym group."""
        self.client.force_login(self.admin)
        before = set(SynonymGroup.objects.values_list("pk", flat=True))
        upload = _workbook([["terms"], ["挂失 = 补办证件"], ["门牌、门牌号码"]])
        response = self.client.post(
            "/admin/search-synonyms/import/", {"workbook": upload}
        )
        self.assertEqual(response.status_code, 302)
        new = SynonymGroup.objects.exclude(pk__in=before)
        self.assertEqual(
            sorted(g.term_list for g in new),
            [["挂失", "补办证件"], ["门牌", "门牌号码"]],
        )

    def test_import_rejects_a_bad_file_and_writes_nothing(self):
        """A non-workbook or a one-word row is refused with a message; nothing is saved."""
        self.client.force_login(self.admin)
        before = SynonymGroup.objects.count()
        bad = SimpleUploadedFile("x.xlsx", b"not a workbook")
        response = self.client.post("/admin/search-synonyms/import/", {"workbook": bad})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "xlsx")
        lonely = _workbook([["驾照 = 驾驶证"], ["孤单"]])
        response = self.client.post(
            "/admin/search-synonyms/import/", {"workbook": lonely}
        )
        self.assertContains(response, "Row 2")
        self.assertEqual(SynonymGroup.objects.count(), before)
