"""The staff inbox: region scoping, filters, bulk status change, submission page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from formbuilder import services
from formbuilder.models import OwedMaterial, Submission

from .documents import answers
from .factories import make_form
from .test_staff import staff
from .test_wizard import PNG

pytestmark = pytest.mark.django_db

INBOX = "/admin/formbuilder/submissions/"
BULK = "/admin/bulk/formbuilder/submission/change_status/"
REGIONS = {"north": {"110000"}, "south": {"350100"}}


class RegionProvider:
    """Users named ``north-…``/``south-…`` work on one region; others on all."""

    def context_for(self, definition, subject_code):
        return services.FormContext()

    def linked_codes(self, ids):
        return {}

    def region_codes_for(self, user):
        return REGIONS.get(user.username.split("-")[0])

    def region_choices_for(self, user):
        codes = self.region_codes_for(user) or {"110000", "350100"}
        return [(c, f"区划{c}") for c in sorted(codes)]

    def subject_titles(self, codes):
        return {c: f"事项{c}" for c in codes}


@pytest.fixture(autouse=True)
def provider(settings):
    settings.FORMBUILDER_CONTEXT_PROVIDER = (
        "tests.formbuilder.test_inbox.RegionProvider"
    )


@pytest.fixture
def form():
    return make_form()


def submit(form, region, subject, **changes):
    upload = services.store_upload(
        version=form.live_version,
        field_key="f_photo",
        uploaded=SimpleUploadedFile("p.png", PNG),
    )
    return services.submit(
        version=form.live_version,
        answers=answers(f_photo=[upload.token], **changes),
        context=services.FormContext(region_code=region, subject_code=subject),
    )


def references(response) -> set[str]:
    return set(re.findall(r"BS-\d{8}-[0-9A-Z]{6}", response.content.decode()))


def test_listing_shows_only_the_users_regions(form):
    mine = submit(form, "350100", "S-1")
    theirs = submit(form, "110000", "N-1")
    _user, client = staff("south-clerk", "view_submission")
    page = client.get(INBOX)
    assert page.status_code == 200
    assert references(page) == {mine.reference}
    # The filters offer only what the user may see.
    body = page.content.decode()
    assert "区划350100" in body and "区划110000" not in body
    assert "事项S-1" in body and "N-1" not in body
    assert client.get(f"{INBOX}{theirs.pk}/").status_code == 404
    # Choosing another region's code is refused by the filter, not obeyed.
    assert (
        theirs.reference
        not in client.get(f"{INBOX}?region_code=110000").content.decode()
    )


def test_filters_status_item_region_and_dates(form):
    old = submit(form, "350100", "S-1")
    Submission.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    new = submit(form, "350100", "S-2")
    services.change_status(new, to_status="accepted")
    _user, client = staff("admin-clerk", "view_submission")
    assert references(client.get(f"{INBOX}?subject_code=S-1")) == {old.reference}
    assert references(client.get(f"{INBOX}?status=accepted")) == {new.reference}
    assert references(client.get(f"{INBOX}?status=accepted&status=submitted")) == {
        old.reference,
        new.reference,
    }
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert references(client.get(f"{INBOX}?submitted_at_from={since}")) == {
        new.reference
    }
    until = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert references(client.get(f"{INBOX}?submitted_at_to={until}")) == {old.reference}
    OwedMaterial.objects.create(
        submission=old,
        field_key="f_photo",
        label="照片",
        reason="rongque",
        due_date=timezone.localdate(),
    )
    assert references(client.get(f"{INBOX}?owes_materials=true")) == {old.reference}


def test_listing_sorts_and_paginates(form):
    made = [submit(form, "350100", f"S-{n}") for n in range(3)]
    _user, client = staff("admin-clerk", "view_submission")
    page = client.get(f"{INBOX}?ordering=reference").content.decode()
    ordered = sorted(s.reference for s in made)
    positions = [page.index(r) for r in ordered]
    assert positions == sorted(positions)
    page = client.get(f"{INBOX}?ordering=-reference").content.decode()
    positions = [page.index(r) for r in ordered]
    assert positions == sorted(positions, reverse=True)


def _bulk(client, submissions, to_status="accepted", note="材料齐全，予以受理"):
    ids = "&".join(f"id={s.pk}" for s in submissions)
    return client.post(
        f"{BULK}?next={INBOX}&{ids}", {"to_status": to_status, "note": note}
    )


def test_bulk_change_with_note_in_each_audit_trail(form):
    first, second = submit(form, "350100", "S-1"), submit(form, "350100", "S-2")
    user, client = staff("south-clerk", "view_submission", "process_submission")
    confirm = client.get(f"{BULK}?next={INBOX}&id={first.pk}&id={second.pk}")
    assert confirm.status_code == 200
    assert first.reference in confirm.content.decode()
    response = _bulk(client, [first, second])
    assert response.status_code == 302
    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.status == "accepted"
        assert submission.history.last().note == "材料齐全，予以受理"
        entry = ModelLogEntry.objects.get(
            action="formbuilder.status", object_id=str(submission.pk)
        )
        assert entry.user == user and entry.data["note"] == "材料齐全，予以受理"
        assert entry.comment == "材料齐全，予以受理"
        page = client.get(f"{INBOX}{submission.pk}/").content.decode()
        assert "材料齐全，予以受理" in page and "south-clerk" in page


def test_bulk_refuses_another_regions_submission_and_changes_nothing(form):
    mine, theirs = submit(form, "350100", "S-1"), submit(form, "110000", "N-1")
    _user, client = staff("south-clerk", "view_submission", "process_submission")
    confirm = client.get(f"{BULK}?next={INBOX}&id={mine.pk}&id={theirs.pk}")
    assert "outside your regions" in confirm.content.decode()
    response = _bulk(client, [mine, theirs])
    assert response.status_code == 302
    followed = client.get(response.url).content.decode()
    assert "outside your regions" in followed and "nothing was changed" in followed
    for submission in (mine, theirs):
        submission.refresh_from_db()
        assert submission.status == "submitted"
    assert not ModelLogEntry.objects.filter(action="formbuilder.status").exists()


def test_bulk_refuses_an_impossible_transition_for_all(form):
    done, fresh = submit(form, "350100", "S-1"), submit(form, "350100", "S-2")
    services.change_status(done, to_status="rejected")
    _user, client = staff("south-clerk", "view_submission", "process_submission")
    response = _bulk(client, [done, fresh])
    followed = client.get(response.url).content.decode()
    assert done.reference in followed and "Nothing was changed" in followed
    fresh.refresh_from_db()
    assert fresh.status == "submitted"


def test_bulk_needs_the_processing_permission(form):
    submission = submit(form, "350100", "S-1")
    _user, client = staff("south-viewer", "view_submission")
    _bulk(client, [submission])
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_submission_page_shows_commitment_owed_and_attachments(form):
    submission = submit(form, "350100", "S-1")
    Submission.objects.filter(pk=submission.pk).update(
        context={**submission.context, "extra_commitment": "本人承诺补齐所缺材料。"},
        answers={**submission.answers, "rongque_commitment": True},
    )
    OwedMaterial.objects.create(
        submission=submission,
        field_key="f_photo",
        label="近期免冠照片",
        reason="rongque",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    _user, client = staff("south-clerk", "view_submission")
    page = client.get(f"{INBOX}{submission.pk}/").content.decode()
    assert "本人承诺补齐所缺材料。" in page
    assert "近期免冠照片" in page
    assert (timezone.localdate() + timedelta(days=5)).isoformat() in page
    upload = submission.uploads.get()
    assert f"/admin/formbuilder/attachments/{upload.pk}/" in page
    assert "张三" in page  # the answers, labelled by the version's fields
