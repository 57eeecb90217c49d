"""Staff processing: workflow, 补正 upload, inbox scoping, export masking, retention."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from formbuilder import services
from formbuilder.exports import neutralise
from formbuilder.models import Draft, Submission, Upload
from tests.english import english_client

from .documents import ID_OK, answers
from .factories import make_form
from .test_wizard import PNG

pytestmark = pytest.mark.django_db


def staff(username, *perms):
    user = User.objects.create_user(username, password="pw")
    group = Group.objects.create(name=username)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        group.permissions.add(Permission.objects.get(codename=perm))
    user.groups.add(group)
    client = english_client()
    client.force_login(user)
    return user, client


@pytest.fixture
def submission():
    form = make_form()
    upload = services.store_upload(
        version=form.live_version,
        field_key="f_photo",
        uploaded=SimpleUploadedFile("p.png", PNG),
    )
    data = answers(f_photo=[upload.token], f_name='=HYPERLINK("http://x")')
    return services.submit(
        version=form.live_version,
        answers=data,
        context=services.FormContext(region_code="350100", subject_code="ITEM-1"),
    )


def test_workflow_with_notes_and_audit(submission):
    user, _client = staff("clerk", "process_submission", "view_submission")
    services.change_status(
        submission, to_status="correction", note="请补正照片", user=user
    )
    services.change_status(submission, to_status="accepted", user=user)
    services.change_status(submission, to_status="completed", user=user)
    assert [c.to_status for c in submission.history.all()] == [
        "submitted",
        "correction",
        "accepted",
        "completed",
    ]
    assert submission.history.all()[1].note == "请补正照片"
    entries = ModelLogEntry.objects.filter(
        action="formbuilder.status", object_id=str(submission.pk)
    )
    assert entries.count() == 3
    with pytest.raises(ValidationError):
        services.change_status(submission, to_status="accepted", user=user)


def test_processing_needs_permission(submission):
    user, _client = staff("viewer", "view_submission")
    with pytest.raises(PermissionDenied):
        services.change_status(submission, to_status="accepted", user=user)


def test_correction_upload_on_status_page(submission):
    client = english_client()
    lookup = client.post(
        "/forms/status/",
        {"reference": submission.reference.lower(), "phone_last4": "5678"},
    )
    assert lookup.url == f"/forms/status/{submission.reference}/"
    page = client.get(lookup.url).content.decode()
    assert "Submitted" in page and "Upload the requested materials" not in page
    services.change_status(submission, to_status="correction", note="照片不清晰")
    page = client.get(lookup.url).content.decode()
    assert "照片不清晰" in page and "Upload the requested materials" in page
    response = client.post(
        lookup.url, {"field_key": "f_photo", "file": SimpleUploadedFile("n.png", PNG)}
    )
    assert response.status_code == 302
    assert submission.uploads.filter(is_correction=True).count() == 1
    bad = client.post(
        lookup.url,
        {"field_key": "f_photo", "file": SimpleUploadedFile("n.png", b"plain text")},
    )
    assert "not accepted" in bad.content.decode()


def test_status_page_needs_lookup(submission):
    assert Client().get(f"/forms/status/{submission.reference}/").status_code == 302


def test_inbox_filters_and_detail(submission):
    _user, client = staff("clerk", "view_submission", "process_submission")
    page = client.get("/admin/formbuilder/submissions/").content.decode()
    assert submission.reference in page
    page = client.get(
        "/admin/formbuilder/submissions/?status=completed"
    ).content.decode()
    assert submission.reference not in page
    detail = client.get(
        f"/admin/formbuilder/submissions/{submission.pk}/"
    ).content.decode()
    assert "110" + "*" * 11 + "002X" in detail and ID_OK not in detail
    response = client.post(
        f"/admin/formbuilder/submissions/{submission.pk}/",
        {"to_status": "accepted", "note": "ok"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted"


def test_inbox_region_scoped_through_hook(submission, settings):
    settings.FORMBUILDER_CONTEXT_PROVIDER = (
        "tests.formbuilder.test_staff.OtherRegionProvider"
    )
    _user, client = staff("elsewhere", "view_submission")
    assert (
        submission.reference
        not in client.get("/admin/formbuilder/submissions/").content.decode()
    )
    assert (
        client.get(f"/admin/formbuilder/submissions/{submission.pk}/").status_code
        == 404
    )
    upload = submission.uploads.get()
    assert client.get(f"/admin/formbuilder/attachments/{upload.pk}/").status_code in (
        302,
        403,
    )


class OtherRegionProvider:
    def context_for(self, definition, subject_code):
        return services.FormContext()

    def linked_codes(self, ids):
        return {}

    def region_codes_for(self, user):
        return {"110000"}


def test_attachment_download_needs_permission(submission):
    upload = submission.uploads.get()
    _user, nobody = staff("nobody")
    assert nobody.get(f"/admin/formbuilder/attachments/{upload.pk}/").status_code in (
        302,
        403,
    )
    _user, clerk = staff("clerk", "view_submission")
    response = clerk.get(f"/admin/formbuilder/attachments/{upload.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def _export(client):
    response = client.get("/admin/formbuilder/submissions/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return dict(zip(rows[0], rows[1], strict=True))


def test_export_masks_personal_data_without_permission(submission):
    _user, client = staff("clerk", "view_submission")
    row = _export(client)
    assert row["居民身份证号"] == "110" + "*" * 11 + "002X"
    assert row["手机号码"] == "138****5678"
    assert row["姓名"].startswith("'=")  # never a formula


def test_export_unmasked_with_permission(submission):
    _user, client = staff("officer", "view_submission", "view_personal_data")
    row = _export(client)
    assert row["居民身份证号"] == ID_OK
    assert row["手机号码"] == "13812345678"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_neutralise(value):
    assert neutralise(value) == "'" + value


def test_purge_command(submission, settings):
    form = submission.definition
    stale = services.start_draft(form.live_version)
    Draft.objects.filter(pk=stale.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    fresh = services.start_draft(form.live_version)
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.now() - timedelta(days=400)
    )
    settings.FORMBUILDER_RETENTION_DAYS = 365
    out = io.StringIO()
    call_command("purge_form_data", stdout=out)
    assert "1 drafts and 1 submissions" in out.getvalue()
    assert list(Draft.objects.all()) == [fresh]
    assert not Submission.objects.exists()
    assert not Upload.objects.exists()
