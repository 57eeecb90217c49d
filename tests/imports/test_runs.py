"""Import runs: private file storage, plan, apply, outcomes and progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from catalogue.models import ServiceItem
from imports import services
from imports.models import ImportRowOutcome, ImportRun

from .helpers import canonical_sheets, sample, write_workbook

pytestmark = pytest.mark.django_db


def _upload(tmp_path: Path, data=None) -> io.BytesIO:
    path = write_workbook(tmp_path / "upload.xlsx", canonical_sheets(data or sample()))
    return io.BytesIO(path.read_bytes())


def test_uploaded_file_is_kept_in_the_private_storage(tmp_path):
    from django.core.files.storage import default_storage, storages

    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="清单.xlsx")
    assert run.status == ImportRun.Status.PENDING
    assert run.file_name == "清单.xlsx"
    assert run.file.storage is storages["imports"]
    assert run.file.storage is not default_storage
    with run.file.open("rb") as handle:
        assert handle.read(2) == b"PK"


def test_without_a_configured_storage_files_stay_off_the_media_url(tmp_path):
    from imports.storage import private_storage

    stores = {k: v for k, v in settings.STORAGES.items() if k != "imports"}
    with override_settings(STORAGES=stores, IMPORTS_PRIVATE_ROOT=str(tmp_path / "p")):
        storage = private_storage()
        name = storage.save("a.xlsx", io.BytesIO(b"PK"))
        assert (tmp_path / "p" / name).is_file()
        # Outside MEDIA_ROOT, so nothing under MEDIA_URL can serve it.
        assert Path(settings.MEDIA_ROOT) not in (tmp_path / "p" / name).parents


def test_plan_run_stores_the_preview_without_writing(tmp_path):
    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="a.xlsx")
    run = services.plan_run(run.pk)
    assert run.status == ImportRun.Status.PLANNED
    assert run.counts["items"]["created"] == len(sample()["items"])
    planned = run.outcomes.filter(action="create")
    assert planned.count() == len(sample()["items"])
    assert run.plan_data["new_reference"]["regions"]
    assert ServiceItem.objects.count() == 0
    assert set(run.summary) >= {"items", "materials", "errors", "warnings", "applied"}


def test_run_import_applies_and_records_row_outcomes(tmp_path):
    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="a.xlsx")
    run = services.run_import(run.pk)
    assert run.status == ImportRun.Status.APPLIED
    assert run.summary["applied"] is True
    assert ServiceItem.objects.count() == len(sample()["items"])
    created = run.outcomes.filter(outcome=ImportRowOutcome.Outcome.CREATED)
    assert created.count() == len(sample()["items"])
    first = created.get(item_code=sample()["items"][0][0])
    assert (first.sheet, first.row) == ("事项清单", 2)
    assert run.progress_percent == 100 and run.finished_at
    assert services.run_progress(run) == (run.progress_total, run.progress_total)


def test_rejected_run_records_errors_and_skipped_rows(tmp_path):
    data = sample()
    data["items"][0][2] = ""
    run = services.create_run(uploaded_file=_upload(tmp_path, data), file_name="a.xlsx")
    run = services.run_import(run.pk)
    assert run.status == ImportRun.Status.REJECTED
    assert ServiceItem.objects.count() == 0
    [error] = run.outcomes.filter(outcome=ImportRowOutcome.Outcome.ERROR)
    assert (error.sheet, error.row, error.column, error.code) == (
        "事项清单",
        2,
        "事项名称",
        "missing_required",
    )
    skipped = run.outcomes.filter(outcome=ImportRowOutcome.Outcome.SKIPPED)
    assert skipped.count() == len(data["items"]) - 1


def test_skip_invalid_dry_run_and_scope_options_are_honoured(tmp_path):
    dry = services.create_run(
        uploaded_file=_upload(tmp_path), file_name="a.xlsx", dry_run=True
    )
    assert services.run_import(dry.pk).status == ImportRun.Status.PLANNED
    assert ServiceItem.objects.count() == 0
    scoped = services.create_run(
        uploaded_file=_upload(tmp_path),
        file_name="a.xlsx",
        allowed_regions={"990100"},
        skip_invalid=True,
    )
    run = services.run_import(scoped.pk)
    assert run.status == ImportRun.Status.APPLIED
    assert set(ServiceItem.objects.values_list("region__code", flat=True)) == {"990100"}
    assert run.outcomes.filter(code="out_of_scope").exists()


def test_unreadable_file_fails_the_run_with_a_message(tmp_path):
    run = services.create_run(
        uploaded_file=io.BytesIO(b"not a workbook at all" * 10), file_name="x.xlsx"
    )
    run = services.run_import(run.pk)
    assert run.status == ImportRun.Status.FAILED and run.message
    assert ServiceItem.objects.count() == 0


def test_editor_scope_becomes_allowed_regions(django_user_model):
    from django.contrib.auth.models import Group

    from catalogue.models import Region
    from catalogue.services import bind_group_to_region

    province = Region.objects.create(code="990000", name="江海省", level="2")
    Region.objects.create(code="990100", name="海川市", level="3", parent=province)
    Region.objects.create(code="990200", name="青禾市", level="3", parent=province)
    group = Group.objects.create(name="海川编辑")
    bind_group_to_region(group=group, region_code="990100")
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(group)
    admin = django_user_model.objects.create_superuser("admin", password="x")
    assert services.allowed_region_codes(editor) == {"990100"}
    assert services.allowed_region_codes(admin) is None


def test_progress_is_visible_while_the_import_runs(tmp_path, monkeypatch):
    from imports import apply as apply_module

    seen = []
    real = apply_module.services.bulk_write_items

    def spy(writes, *, progress=None, **kwargs):
        def report(done, total):
            progress(done, total)
            seen.append(services.run_progress(ImportRun.objects.get(pk=run.pk)))

        return real(writes, progress=report, **kwargs)

    monkeypatch.setattr(apply_module.services, "bulk_write_items", spy)
    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="a.xlsx")
    services.run_import(run.pk)
    total = len(sample()["items"])
    assert seen == [(total, total)]


def test_changes_are_paged_from_the_outcomes_in_file_order(tmp_path, monkeypatch):
    from imports.views import runs

    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="a.xlsx")
    run = services.plan_run(run.pk)
    codes = [item[0] for item in canonical_sheets(sample())["事项清单"][1:]]
    monkeypatch.setattr(runs, "PAGE_SIZE", 2)
    page = runs._change_page(run, 2)
    assert [row.code for row in page.object_list] == codes[2:4]
    assert all(row.is_new for row in page.object_list)
    assert page.paginator.count == len(codes)


def test_outcomes_are_stored_in_batches(tmp_path, monkeypatch):
    batches = []
    original = ImportRowOutcome.objects.bulk_create
    monkeypatch.setattr(services, "OUTCOME_BATCH", 3)
    monkeypatch.setattr(
        ImportRowOutcome.objects,
        "bulk_create",
        lambda rows: batches.append(len(rows)) or original(rows),
    )
    run = services.create_run(uploaded_file=_upload(tmp_path), file_name="a.xlsx")
    run = services.plan_run(run.pk)
    assert max(batches) == 3
    assert sum(batches) == run.outcomes.count()
