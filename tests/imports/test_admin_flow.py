"""The import wizard end to end: upload, mapping, dry run, confirm, progress, result."""

from __future__ import annotations

import io

import openpyxl
from django.test import override_settings
from django.urls import reverse

from imports import export_format as fmt
from imports.models import ImportRun
from imports.report import ERROR_FILL, SUMMARY_SHEET

from .admin_fixtures import ImportAdminTestCase, workbook_bytes


class FlowHelpers:
    def changed_workbook(self) -> bytes:
        """A-001 renamed, A-003 new; A-002 unchanged."""
        book = self.exported(["A-001", "A-002"])
        self.set_cell(book, "A-001", "事项名称", "甲市事项一（新名称）")
        self.add_copy(book, "A-002", "A-003")
        self.set_cell(book, "A-003", "事项名称", "甲市事项三")
        return workbook_bytes(book)

    def plan(self, user, content, region="981001") -> ImportRun:
        response = self.start_run(user, content, region)
        run = ImportRun.objects.latest("pk")
        self.assertRedirects(response, reverse("imports:mapping", args=[run.pk]))
        response = self.client.get(reverse("imports:mapping", args=[run.pk]))
        self.assertEqual(response.status_code, 200)
        data = self.mapping_data(response)
        response = self.client.post(reverse("imports:mapping", args=[run.pk]), data)
        # Planning runs as a task: the progress page hands over to the preview.
        self.assertRedirects(
            response,
            reverse("imports:progress", args=[run.pk]),
            target_status_code=302,
        )
        status = self.client.get(reverse("imports:status", args=[run.pk])).json()
        self.assertEqual(status["next_url"], reverse("imports:preview", args=[run.pk]))
        response = self.client.get(reverse("imports:progress", args=[run.pk]))
        self.assertRedirects(response, reverse("imports:preview", args=[run.pk]))
        run.refresh_from_db()
        return run

    def mapping_data(self, response) -> dict:
        form = response.context["form"]
        return {name: field.initial for name, field in form.fields.items()}


class ImportFlowTests(FlowHelpers, ImportAdminTestCase):
    def test_dry_run_shows_changes_and_writes_nothing(self):
        """The preview counts and lists field-level changes; the database is untouched."""
        run = self.plan(self.editor_a, self.changed_workbook())
        self.assertEqual(run.status, ImportRun.Status.PLANNED)
        response = self.client.get(reverse("imports:preview", args=[run.pk]))
        self.assertContains(response, "1 new, 1 changed, 1 unchanged")
        self.assertContains(response, "甲市事项一（新名称）")
        self.assertContains(response, "<del>甲市事项一</del>", html=False)
        self.assertContains(response, 'data-change="A-003"')
        self.assertNotContains(response, 'data-change="A-002"')
        self.assertEqual(self.item("A-001").name, "甲市事项一")
        self.assertIsNone(self.item("A-003"))

    def test_confirm_applies_and_shows_the_result(self):
        run = self.plan(self.editor_a, self.changed_workbook())
        response = self.client.post(
            reverse("imports:confirm", args=[run.pk]), follow=True
        )
        self.assertRedirects(
            response,
            reverse("imports:result", args=[run.pk]),
            fetch_redirect_response=False,
        )
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.APPLIED)
        self.assertEqual(self.item("A-001").name, "甲市事项一（新名称）")
        self.assertEqual(self.item("A-003").name, "甲市事项三")
        changes = self.client.get(
            reverse("imports:result", args=[run.pk]) + "?tab=changes"
        )
        self.assertContains(changes, 'data-change="A-003"')
        self.assertContains(changes, "甲市事项一（新名称）")
        status = self.client.get(reverse("imports:status", args=[run.pk])).json()
        self.assertTrue(status["finished"])
        self.assertEqual(status["percent"], 100)
        self.assertEqual(status["status"], "applied")

    def test_errors_reject_the_run_unless_invalid_rows_are_skipped(self):
        book = self.exported(["A-001", "A-002"])
        self.set_cell(book, "A-001", "事项名称", "甲市事项一（改）")
        self.set_cell(book, "A-002", "事项类型", "不存在的类型")
        content = workbook_bytes(book)

        run = self.plan(self.editor_a, content)
        response = self.client.get(
            reverse("imports:preview", args=[run.pk]) + "?tab=errors"
        )
        self.assertContains(response, "invalid_choice")
        self.assertContains(response, "事项类型")
        self.client.post(reverse("imports:confirm", args=[run.pk]))
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.REJECTED)
        self.assertEqual(self.item("A-001").name, "甲市事项一")

        run = self.plan(self.editor_a, content)
        self.client.post(
            reverse("imports:confirm", args=[run.pk]), {"skip_invalid": "on"}
        )
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.APPLIED)
        self.assertEqual(self.item("A-001").name, "甲市事项一（改）")
        self.assertEqual(self.item("A-002").item_type, "07")  # the bad row was skipped
        result = self.client.get(reverse("imports:result", args=[run.pk]))
        self.assertContains(result, "invalid_choice")

    def test_report_marks_the_bad_row(self):
        book = self.exported(["A-001", "A-002"])
        self.set_cell(book, "A-002", "事项类型", "不存在的类型")
        run = self.plan(self.editor_a, workbook_bytes(book))
        self.client.post(reverse("imports:confirm", args=[run.pk]))
        response = self.client.get(reverse("imports:report", args=[run.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        report = openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        )
        sheet = report[fmt.ITEMS_SHEET]
        last = sheet.max_column
        notes = {
            sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=last).value
            for r in range(2, sheet.max_row + 1)
        }
        self.assertIn("事项类型", notes["A-002"])
        # The outcome names the column by its header: that cell is filled red.
        headers = [c.value for c in sheet[1]]
        row = next(
            r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "A-002"
        )
        bad_cell = sheet.cell(row=row, column=headers.index("事项类型") + 1)
        self.assertEqual(bad_cell.fill.fgColor.rgb, ERROR_FILL.fgColor.rgb)
        self.assertNotIn("事项类型", notes["A-001"] or "")
        self.assertIn(SUMMARY_SHEET, report.sheetnames)

    def test_report_is_written_once_and_dropped_when_outcomes_change(self):
        from unittest import mock

        from imports import run_reports

        run = self.plan(self.editor_a, self.changed_workbook())
        url = reverse("imports:report", args=[run.pk])
        with mock.patch.object(
            run_reports, "write_report", wraps=run_reports.write_report
        ) as writer:
            first = b"".join(self.client.get(url).streaming_content)
            again = b"".join(self.client.get(url).streaming_content)
        self.assertEqual(writer.call_count, 1)
        self.assertEqual(first, again)
        run.refresh_from_db()
        self.assertTrue(run.report)
        self.client.post(reverse("imports:confirm", args=[run.pk]))
        run.refresh_from_db()
        self.assertFalse(run.report)  # applying rewrote the outcomes

    def test_a_report_that_cannot_be_written_says_why_and_is_not_retried(self):
        from unittest import mock

        from imports import run_reports

        run = self.plan(self.editor_a, self.changed_workbook())
        url = reverse("imports:report", args=[run.pk])
        broken = mock.patch.object(
            run_reports, "write_report", side_effect=OSError("disk full")
        )
        with broken as writer:
            for _attempt in range(2):
                response = self.client.get(url)
                self.assertContains(response, "could not be written: disk full")
        self.assertEqual(writer.call_count, 1)

    @override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    )
    def test_a_report_not_yet_written_is_queued_once_and_waited_for(self):
        from django_tasks import default_task_backend

        from imports import run_reports

        run = ImportRun.objects.create(
            file_name="a.xlsx", region_code="981001", status="planned"
        )
        run.file.save("a.xlsx", io.BytesIO(self.changed_workbook()), save=True)
        self.client.force_login(self.editor_a)
        url = reverse("imports:report", args=[run.pk])
        for _attempt in range(2):
            response = self.client.get(url)
            self.assertContains(response, "being written")
        queued = [r.task for r in default_task_backend.results]
        self.assertEqual([t.name for t in queued].count("build_report_task"), 1)
        run_reports.build_report(run.pk, "en")
        response = self.client.get(url)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_corrected_mapping_is_used_and_remembered(self):
        """A column the importer cannot name is mapped by the editor, then remembered."""
        book = self.exported(["A-001"])
        headers = [c.value for c in book[fmt.ITEMS_SHEET][1]]
        name_column = headers.index("事项名称") + 1
        book[fmt.ITEMS_SHEET].cell(row=1, column=name_column).value = "标题XYZ"
        self.set_cell(book, "A-001", "标题XYZ", "甲市事项一（映射）")
        content = workbook_bytes(book)

        self.start_run(self.editor_a, content, "981001")
        run = ImportRun.objects.latest("pk")
        url = reverse("imports:mapping", args=[run.pk])
        response = self.client.get(url)
        data = self.mapping_data(response)
        field = next(
            name
            for name, f in response.context["form"].fields.items()
            if f.label == "标题XYZ"
        )
        self.assertEqual(data[field], "")
        bad = self.client.post(url, data)
        self.assertContains(bad, "needs a column for: 事项名称")
        data[field] = "name"
        self.client.post(url, data)
        run.refresh_from_db()
        self.assertEqual(run.mapping[fmt.ITEMS_SHEET]["name"], name_column - 1)
        self.client.post(reverse("imports:confirm", args=[run.pk]))
        self.assertEqual(self.item("A-001").name, "甲市事项一（映射）")

        self.start_run(self.editor_a, content, "981001")
        again = self.client.get(
            reverse("imports:mapping", args=[ImportRun.objects.latest("pk").pk])
        )
        self.assertEqual(again.context["form"].fields[field].initial, "name")
        self.assertContains(again, "data-sheet")
        # Accepted as offered, the remembered mapping is what the plan uses.
        second = ImportRun.objects.latest("pk")
        self.client.post(
            reverse("imports:mapping", args=[second.pk]), self.mapping_data(again)
        )
        second.refresh_from_db()
        self.assertEqual(second.status, ImportRun.Status.PLANNED)
        self.assertEqual(second.mapping[fmt.ITEMS_SHEET]["name"], name_column - 1)
        self.assertEqual(second.counts["items"]["unchanged"], 1)

    def test_progress_page_polls_the_status_endpoint(self):
        run = self.plan(self.editor_a, self.changed_workbook())
        run.status = ImportRun.Status.RUNNING
        run.progress_done, run.progress_total = 1, 4
        run.save()
        response = self.client.get(reverse("imports:progress", args=[run.pk]))
        self.assertContains(response, reverse("imports:status", args=[run.pk]))
        status = self.client.get(reverse("imports:status", args=[run.pk])).json()
        self.assertEqual(
            (status["done"], status["total"], status["percent"]), (1, 4, 25)
        )
        self.assertFalse(status["finished"])


class UploadValidationTests(ImportAdminTestCase):
    @override_settings(IMPORTS_MAX_FILE_SIZE=100)
    def test_too_large_file_is_refused_before_storing(self):
        response = self.start_run(self.editor_a, b"x" * 101, "981001")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(ImportRun.objects.exists())

    def test_wrong_type_is_refused(self):
        self.client.force_login(self.editor_a)
        from .admin_fixtures import upload

        response = self.client.post(
            "/admin/imports/upload/",
            {"file": upload(b"a,b\n", "list.csv"), "region": "981001"},
        )
        self.assertContains(response, "Upload an Excel")
        self.assertFalse(ImportRun.objects.exists())

    def test_unreadable_workbook_shows_a_clear_message(self):
        """A CSV renamed to .xlsx: the mapping page says why, no 500, nothing planned."""
        self.start_run(self.editor_a, "实施编码,事项名称\n".encode(), "981001")
        run = ImportRun.objects.get()
        response = self.client.get(reverse("imports:mapping", args=[run.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "data-file-error")
        post = self.client.post(reverse("imports:mapping", args=[run.pk]), {})
        self.assertEqual(post.status_code, 200)
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.PENDING)


class FailureTests(FlowHelpers, ImportAdminTestCase):
    """A crash inside the task is shown on the result page, never as a 500."""

    def test_a_failing_import_is_reported(self):
        from unittest import mock

        run = self.plan(self.editor_a, self.changed_workbook())
        with mock.patch(
            "imports.services.apply_plan", side_effect=RuntimeError("disk full")
        ):
            response = self.client.post(
                reverse("imports:confirm", args=[run.pk]), follow=True
            )
        self.assertEqual(response.status_code, 200)
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.FAILED)
        self.assertContains(response, "disk full")
        self.assertEqual(self.item("A-001").name, "甲市事项一")

    def test_a_failing_plan_ends_the_run(self):
        """An unexpected error while planning leaves a failed run, not a stuck one."""
        from unittest import mock

        self.start_run(self.editor_a, self.changed_workbook(), "981001")
        run = ImportRun.objects.latest("pk")
        url = reverse("imports:mapping", args=[run.pk])
        data = self.mapping_data(self.client.get(url))
        with mock.patch(
            "imports.services.build_plan", side_effect=RuntimeError("out of memory")
        ):
            self.client.post(url, data)
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.FAILED)
        response = self.client.get(
            reverse("imports:progress", args=[run.pk]), follow=True
        )
        self.assertContains(response, "out of memory")


class ValueMappingFlowTests(FlowHelpers, ImportAdminTestCase):
    def _local_book(self) -> bytes:
        book = self.exported(["A-001", "A-002"])
        self.set_cell(book, "A-001", "办件类型", "承诺类办件")
        self.set_cell(book, "A-002", "办件类型", "承诺类办件")
        return workbook_bytes(book)

    def test_unread_values_are_mapped_remembered_and_the_preview_updates(self):
        run = self.plan(self.editor_a, self._local_book())
        preview = self.client.get(reverse("imports:preview", args=[run.pk]))
        self.assertContains(preview, "data-unread-values")
        self.assertGreater(run.counts["errors"], 0)
        url = reverse("imports:values", args=[run.pk])
        page = self.client.get(url)
        self.assertContains(page, "承诺类办件")
        self.assertContains(page, "2 rows")
        form = page.context["form"]
        (name,) = form.fields
        self.assertIn("承诺件", [value for value, _label in form.fields[name].choices])
        response = self.client.post(url, {name: "承诺件"})
        self.assertRedirects(
            response, reverse("imports:progress", args=[run.pk]), target_status_code=302
        )
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.PLANNED)
        self.assertEqual(run.values, {"handling_type": {"承诺类办件": "承诺件"}})
        self.assertEqual(run.counts["errors"], 0)
        preview = self.client.get(reverse("imports:preview", args=[run.pk]))
        self.assertNotContains(preview, "data-unread-values")
        # The next workbook from the region is read with the remembered choice.
        second = self.plan(self.editor_a, self._local_book())
        self.assertEqual(second.values, {"handling_type": {"承诺类办件": "承诺件"}})
        self.assertEqual(second.counts["errors"], 0)

    def test_a_value_left_invalid_stays_an_error(self):
        run = self.plan(self.editor_a, self._local_book())
        url = reverse("imports:values", args=[run.pk])
        name = next(iter(self.client.get(url).context["form"].fields))
        self.client.post(url, {name: ""})
        run.refresh_from_db()
        self.assertIsNone(run.values)
        self.assertGreater(run.counts["errors"], 0)
