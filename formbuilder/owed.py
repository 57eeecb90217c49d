"""Materials an applicant still owes (容缺 / 补正), handing them in, inbox notices.

- ``record_rongque`` runs when an application is submitted: every 容缺 upload
  left empty (the context provider marked it ``owed``) becomes an
  ``OwedMaterial`` due ``due_days`` after today.
- ``request_correction`` is staff's 补正: named upload fields owed by a date,
  and the status moves to 补正.
- ``receive`` takes the citizen's file for one owed material on the status
  page: checked like any upload, linked to the submission and its answers,
  an audit entry (``formbuilder.material_received``) and an ``InboxNotice``.
  Anything else (wrong type, too large, nothing owed) raises
  ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .constants import FieldType, SubmissionStatus
from .models import InboxNotice, OwedMaterial, Submission


def record_rongque(submission: Submission, ui_schema: dict, today=None) -> list:
    """Owed rows for the 容缺 uploads ``submission`` left out (adjusted UI schema)."""
    today = today or timezone.localdate()
    rows = [
        OwedMaterial(
            submission=submission,
            field_key=key,
            label=entry.get("material") or entry.get("label", key),
            reason=OwedMaterial.Reason.RONGQUE,
            due_date=today + timedelta(days=entry.get("due_days") or 10),
        )
        for key, entry in ui_schema["fields"].items()
        if entry.get("owed")
        and entry.get("type") == FieldType.FILE
        and not submission.answers.get(key)
    ]
    return OwedMaterial.objects.bulk_create(rows)


def open_materials(submission: Submission):
    return submission.owed_materials.filter(received_at__isnull=True)


def owed_rows(submission: Submission):
    """Open and settled owed materials, open ones first, each by due date."""
    rows = list(submission.owed_materials.select_related("received_upload"))
    return sorted(rows, key=lambda r: (not r.is_open, r.due_date, r.pk))


@transaction.atomic
def request_correction(
    submission: Submission, *, field_keys, due_date, note: str = "", user=None
) -> list[OwedMaterial]:
    """补正: ask for the files of ``field_keys`` by ``due_date``; status → 补正."""
    from .processing import change_status

    fields = submission.version.ui_schema["fields"]
    unknown = [k for k in field_keys if fields.get(k, {}).get("type") != FieldType.FILE]
    if unknown or not field_keys:
        raise ValidationError(_("Choose the upload fields to be corrected."))
    if submission.status != SubmissionStatus.CORRECTION:
        change_status(
            submission, to_status=SubmissionStatus.CORRECTION, note=note, user=user
        )
    rows = [
        OwedMaterial(
            submission=submission,
            field_key=key,
            label=fields[key].get("material") or fields[key].get("label", key),
            reason=OwedMaterial.Reason.CORRECTION,
            due_date=due_date,
            note=note,
            requested_by=user,
        )
        for key in field_keys
        if not open_materials(submission).filter(field_key=key).exists()
    ]
    return OwedMaterial.objects.bulk_create(rows)


def receive(submission: Submission, *, owed_id, uploaded) -> OwedMaterial:
    """Hand in the file for one open owed material of ``submission``."""
    from .processing import store_upload

    with transaction.atomic():
        owed = (
            OwedMaterial.objects.select_for_update()
            .filter(pk=_int(owed_id), submission=submission)
            .first()
        )
        closed = submission.status in (
            SubmissionStatus.COMPLETED,
            SubmissionStatus.REJECTED,
        )
        if owed is None or not owed.is_open or closed:
            raise ValidationError(
                _("Nothing is owed for this material any more; no file is needed."),
                code="nothing_owed",
            )
        entry = submission.version.ui_schema["fields"].get(owed.field_key, {})
        upload = store_upload(
            version=submission.version,
            field_key=owed.field_key,
            uploaded=uploaded,
            accept=entry.get("accept"),
            max_size_mb=entry.get("max_size_mb"),
            submission=submission,
            is_correction=True,
        )
        owed.received_upload, owed.received_at = upload, timezone.now()
        owed.save(update_fields=["received_upload", "received_at"])
        answers = dict(submission.answers)
        answers[owed.field_key] = [*(answers.get(owed.field_key) or []), upload.token]
        submission.answers = answers
        submission.save(update_fields=["answers", "updated_at"])
        _audit_and_notify(submission, owed, upload)
    return owed


def _audit_and_notify(submission, owed, upload):
    log(
        instance=submission,
        action="formbuilder.material_received",
        data={
            "field": owed.field_key,
            "material": owed.label,
            "reason": owed.reason,
            "upload": upload.pk,
        },
    )
    notify_inbox(
        submission,
        kind=InboxNotice.Kind.MATERIAL_RECEIVED,
        message=_("%(reference)s: “%(material)s” handed in (%(reason)s).")
        % {
            "reference": submission.reference,
            "material": owed.label,
            "reason": owed.get_reason_display(),
        },
    )


def notify_inbox(submission: Submission, *, kind: str, message: str) -> InboxNotice:
    return InboxNotice.objects.create(
        submission=submission, kind=kind, message=message[:300]
    )


def unseen_notices(submissions=None):
    """Unseen inbox notices, newest first (of ``submissions`` when given)."""
    notices = InboxNotice.objects.filter(seen_at__isnull=True).select_related(
        "submission"
    )
    if submissions is not None:
        notices = notices.filter(submission__in=submissions)
    return notices


def mark_seen(submission: Submission, user=None) -> int:
    return submission.inbox_notices.filter(seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=user
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
