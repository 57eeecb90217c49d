"""Who may use the import screens, and region isolation of runs and changes."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from imports import export_format as fmt
from imports.models import ImportRun
from imports.services import create_run, plan_run
from tests.catalogue.factories import GroupFactory, UserFactory, make_region_editor

from .admin_fixtures import ImportAdminTestCase, upload, workbook_bytes

REFUSED = (403, 404)


class RefusalAssertions:
    def assert_refused(self, response):
        """403/404, or Wagtail's redirect of a PermissionDenied to the dashboard."""
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        else:
            self.assertIn(response.status_code, REFUSED)


class PermissionTests(RefusalAssertions, ImportAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        group = GroupFactory()
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            ),
            Permission.objects.get(
                content_type__app_label="catalogue", codename="view_serviceitem"
            ),
        )
        cls.viewer = UserFactory(username="viewer")
        cls.viewer.groups.add(group)

    def test_users_without_item_change_permission_are_refused(self):
        run = create_run(
            uploaded_file=upload(b"x"), file_name="x.xlsx", user=self.superuser
        )
        self.client.force_login(self.viewer)
        for name, args in (
            ("imports:index", []),
            ("imports:upload", []),
            ("imports:template", []),
            ("imports:export", []),
            ("imports:result", [run.pk]),
            ("imports:report", [run.pk]),
        ):
            with self.subTest(view=name):
                response = self.client.get(reverse(name, args=args))
                self.assert_refused(response)

    def test_menu_is_shown_only_to_importers(self):
        self.client.force_login(self.viewer)
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_home")), reverse("imports:upload")
        )
        self.client.force_login(self.editor_a)
        self.assertContains(
            self.client.get(reverse("wagtailadmin_home")), reverse("imports:upload")
        )

    def test_editor_reaches_every_screen(self):
        self.client.force_login(self.editor_a)
        for name in ("imports:index", "imports:upload", "imports:export"):
            with self.subTest(view=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)

    def test_upload_offers_only_the_editors_regions(self):
        self.client.force_login(self.editor_a)
        choices = (
            self.client.get(reverse("imports:upload"))
            .context["form"]["region"]
            .field.choices
        )
        self.assertEqual([code for code, _label in choices], ["981001"])

    def test_department_editor_has_no_import_region(self):
        editor = make_region_editor(self.region_a, department=self.dept_a)
        self.client.force_login(editor)
        response = self.client.get(reverse("imports:upload"))
        self.assertEqual(response.context["form"]["region"].field.choices, [])

    def test_editor_cannot_choose_another_region(self):
        content = workbook_bytes(self.exported(["A-001"]))
        response = self.start_run(self.editor_a, content, region="982001")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["region"])
        self.assertFalse(ImportRun.objects.exists())


class RunIsolationTests(RefusalAssertions, ImportAdminTestCase):
    def test_other_regions_runs_are_invisible(self):
        content = workbook_bytes(self.exported(["A-001"]))
        self.start_run(self.editor_a, content, "981001")
        run = ImportRun.objects.get()
        self.client.force_login(self.editor_b)
        history = self.client.get(reverse("imports:index"))
        self.assertNotContains(history, run.file_name)
        for name in (
            "imports:mapping",
            "imports:preview",
            "imports:progress",
            "imports:status",
            "imports:result",
            "imports:report",
        ):
            with self.subTest(view=name):
                response = self.client.get(reverse(name, args=[run.pk]))
                self.assertIn(response.status_code, REFUSED)
        response = self.client.post(reverse("imports:confirm", args=[run.pk]))
        self.assertIn(response.status_code, REFUSED)
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.PENDING)
        # The same run is visible to its region's editor and to a superuser.
        for user in (self.editor_a, self.superuser):
            self.client.force_login(user)
            self.assertContains(self.client.get(reverse("imports:index")), "list.xlsx")

    def test_rows_of_another_region_are_refused_even_when_skipping(self):
        """Editor A's workbook touching B's item: out of scope, B's item unchanged."""
        book = self.exported(["A-001", "B-001"])
        self.set_cell(book, "A-001", "事项名称", "甲市事项一（改）")
        self.set_cell(book, "B-001", "事项名称", "乙市事项一（被改）")
        self.start_run(self.editor_a, workbook_bytes(book), "981001")
        run = ImportRun.objects.get()
        plan_run(run.pk)
        response = self.client.get(
            reverse("imports:preview", args=[run.pk]) + "?tab=errors"
        )
        self.assertContains(response, "out_of_scope")
        self.client.post(
            reverse("imports:confirm", args=[run.pk]), {"skip_invalid": "on"}
        )
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.APPLIED)
        self.assertEqual(self.item("A-001").name, "甲市事项一（改）")
        self.assertEqual(self.item("B-001").name, "乙市事项一")

    def test_rows_without_region_get_the_chosen_region(self):
        book = self.exported(["A-001"])
        sheet = book[fmt.ITEMS_SHEET]
        headers = [c.value for c in sheet[1]]
        for header in ("区划代码", "区划名称"):
            sheet.delete_cols(headers.index(header) + 1)
            headers.remove(header)
        self.add_copy(book, "A-001", "A-009")
        self.start_run(self.editor_a, workbook_bytes(book), "981001")
        run = ImportRun.objects.get()
        plan_run(run.pk)
        self.client.post(reverse("imports:confirm", args=[run.pk]))
        self.assertEqual(self.item("A-009").region.code, "981001")


class HistoryTests(ImportAdminTestCase):
    def test_history_filters_by_region(self):
        for user, region in ((self.editor_a, "981001"), (self.editor_b, "982001")):
            create_run(
                uploaded_file=upload(b"x", f"{region}.xlsx"),
                file_name=f"{region}.xlsx",
                user=user,
                region=region,
            )
        self.client.force_login(self.superuser)
        everything = self.client.get(reverse("imports:index"))
        self.assertContains(everything, "981001.xlsx")
        self.assertContains(everything, "982001.xlsx")
        only_b = self.client.get(reverse("imports:index"), {"region": "982001"})
        self.assertNotContains(only_b, "981001.xlsx")
        self.assertContains(only_b, "982001.xlsx")
        self.client.force_login(self.editor_a)
        mine = self.client.get(reverse("imports:index"), {"region": "982001"})
        self.assertNotContains(mine, "982001.xlsx")
