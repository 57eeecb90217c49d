"""Drafts, submissions, uploads, status changes and retention."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import conf, owed, uploads
from .constants import STATUS_TRANSITIONS, FieldType, SubmissionStatus
from .models import Draft, FormDefinition, FormVersion, StatusChange, Submission, Upload
from .overrides import FormContext, apply_overrides
from .references import hash_code, new_reference, new_resume_code, normalise_code
from .validation import CompiledForm, VersionRef, compile_form, validate_answers


class SubmissionRejected(ValidationError):
    """Answers that fail validation; ``problems`` lists ``{path, message}``."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([p["message"] for p in problems])


# --- context ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _provider_class(path):
    return import_string(path)


def context_provider():
    """The site's provider (``FORMBUILDER_CONTEXT_PROVIDER``) or None."""
    path = conf.get("CONTEXT_PROVIDER")
    return _provider_class(path)() if path else None


def form_context(definition: FormDefinition, subject_code: str = "") -> FormContext:
    """Adjustments for ``definition`` as used by ``subject_code`` (may be empty)."""
    provider = context_provider()
    if provider is None:
        return FormContext(region_code=definition.region_code)
    context = provider.context_for(definition, subject_code)
    if not context.region_code and definition.region_code:
        context = FormContext(
            **{**context.__dict__, "region_code": definition.region_code}
        )
    return context


def linked_subjects(definition_ids) -> dict:
    provider = context_provider()
    return provider.linked_codes(list(definition_ids)) if provider else {}


def adjusted_pair(version: FormVersion, context: FormContext) -> tuple[dict, dict]:
    return apply_overrides(version.schema, version.ui_schema, context)


def submission_ui_schema(submission) -> dict:
    """The UI schema as the applicant saw it (the adjustments it kept)."""
    data = submission.context or {}
    context = FormContext(
        subject_code=data.get("subject_code", ""),
        region_code=data.get("region_code", ""),
        field_overrides=data.get("field_overrides") or {},
        extra_commitment=data.get("extra_commitment", ""),
    )
    return adjusted_pair(submission.version, context)[1]


def compiled_for(
    version: FormVersion, context: FormContext | None = None
) -> CompiledForm:
    """The cached validator of ``version`` under ``context``; compiled once."""
    context = context or FormContext()
    ref = VersionRef(version.pk, version.checksum, version.schema, version.ui_schema)
    return _compiled_by_key(ref, context.cache_key(), _Holder(context))


class _Holder:
    """Carries the context into the cache without making it part of the key."""

    def __init__(self, context):
        self.context = context

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return isinstance(other, _Holder)


@lru_cache(maxsize=512)
def _compiled_by_key(
    ref: VersionRef, context_key: str, holder: _Holder
) -> CompiledForm:
    schema, ui_schema = apply_overrides(ref.schema, ref.ui_schema, holder.context)
    return compile_form(schema, ui_schema)


def validate_submission(version, answers, context=None) -> list[dict]:
    """Problems with ``answers`` for ``version`` (the wizard and API share this)."""
    size = len(json.dumps(answers, ensure_ascii=False).encode())
    if size > conf.get("MAX_ANSWER_BYTES"):
        return [{"path": "/", "message": _("The answers are too large.")}]
    return validate_answers(compiled_for(version, context), answers)


# --- phone digits --------------------------------------------------------------


def phone_last4(version: FormVersion, answers: dict) -> str:
    """Last four digits of the first mobile answer (the look-up secret)."""
    for key, entry in version.ui_schema.get("fields", {}).items():
        value = answers.get(key)
        if entry.get("type") == FieldType.MOBILE and isinstance(value, str):
            return value[-4:]
    return ""


# --- drafts ----------------------------------------------------------------------


def start_draft(version: FormVersion, *, subject_code: str = "") -> Draft:
    return Draft.objects.create(
        version=version,
        subject_code=subject_code,
        expires_at=timezone.now() + timedelta(days=conf.get("DRAFT_DAYS")),
    )


def save_draft(draft: Draft, *, answers: dict, step: int) -> None:
    draft.answers = answers
    draft.step = step
    draft.phone_last4 = phone_last4(draft.version, answers)
    draft.expires_at = timezone.now() + timedelta(days=conf.get("DRAFT_DAYS"))
    draft.save()


def issue_resume_code(draft: Draft) -> str:
    """A new code for resuming ``draft``; only its hash is stored."""
    code = new_resume_code()
    draft.code_hash = hash_code(code)
    draft.save(update_fields=["code_hash"])
    return code


def resume_draft(code: str, phone_digits: str) -> Draft | None:
    """The unexpired draft for a code; the phone digits must match when known."""
    draft = (
        Draft.objects.select_related("version__definition")
        .filter(code_hash=hash_code(code), expires_at__gt=timezone.now())
        .first()
    )
    if draft is None or (
        draft.phone_last4 and draft.phone_last4 != (phone_digits or "").strip()
    ):
        return None
    return draft


# --- uploads -------------------------------------------------------------------


def store_upload(
    *,
    version,
    field_key,
    uploaded,
    accept=None,
    max_size_mb=None,
    draft=None,
    submission=None,
    is_correction=False,
) -> Upload:
    """Check ``uploaded`` by content and keep it in private storage."""
    kind = uploads.check_upload(uploaded, accept, uploads.max_bytes(max_size_mb))
    upload = Upload(
        token=uploads.new_token(),
        original_name=uploads.safe_name(uploaded.name, kind),
        kind=kind,
        size=uploaded.size,
        field_key=field_key[:40],
        version=version,
        draft=draft,
        submission=submission,
        is_correction=is_correction,
    )
    upload.file.save(upload.original_name, uploaded, save=False)
    upload.save()
    return upload


def discard_draft_upload(draft: Draft, token: str) -> None:
    """Delete a file the citizen removed from a draft (never a submitted one)."""
    for upload in Upload.objects.filter(
        draft=draft, token=token, submission__isnull=True
    ):
        upload.file.delete(save=False)
        upload.delete()


def _claim_uploads(version, answers, submission, draft):
    tokens = _tokens(version, answers)
    if not tokens:
        return
    found = Upload.objects.filter(
        token__in=tokens, version=version, submission__isnull=True
    )
    if draft is not None:
        found = found.filter(draft__in=[draft, None])
    if found.count() != len(set(tokens)):
        raise SubmissionRejected(
            [
                {
                    "path": "/",
                    "message": _("An uploaded file was not found; upload it again."),
                }
            ]
        )
    found.update(submission=submission, draft=None)


def _tokens(version, answers):
    tokens = []
    for key, entry in version.ui_schema.get("fields", {}).items():
        value = answers.get(key)
        # A 告知承诺 material's upload field is answered by a ticked box instead.
        if entry.get("type") == FieldType.FILE and isinstance(value, list):
            tokens.extend(value)
    return tokens


# --- submissions -----------------------------------------------------------------


def submit(
    *,
    version: FormVersion,
    answers: dict,
    context: FormContext | None = None,
    draft: Draft | None = None,
) -> Submission:
    """Validate against the exact version and store; raises ``SubmissionRejected``."""
    context = context or FormContext()
    if not version.definition.accepting:
        raise SubmissionRejected([{"path": "/", "message": _("This form is closed.")}])
    problems = validate_submission(version, answers, context)
    if problems:
        raise SubmissionRejected(problems)
    with transaction.atomic():
        submission = _create(version, answers, context)
        _claim_uploads(version, answers, submission, draft)
        owed.record_rongque(submission, adjusted_pair(version, context)[1])
        StatusChange.objects.create(
            submission=submission, to_status=SubmissionStatus.SUBMITTED
        )
        if draft is not None and draft.pk:
            draft.delete()
    return submission


def _create(version, answers, context):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Submission.objects.create(
                    version=version,
                    definition=version.definition,
                    reference=new_reference(),
                    answers=answers,
                    context=context.as_data(),
                    subject_code=context.subject_code,
                    region_code=context.region_code,
                    phone_last4=phone_last4(version, answers),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not allocate a unique reference.")


def find_submission(reference: str, phone_digits: str) -> Submission | None:
    """The submission for a reference, if the phone digits match."""
    submission = (
        Submission.objects.select_related("definition")
        .filter(reference=normalise_code(reference))
        .first()
    )
    if submission is None or submission.phone_last4 != (phone_digits or "").strip():
        return None
    return submission


def can_process(user, submission=None) -> bool:
    return bool(user and user.has_perm("formbuilder.process_submission"))


@transaction.atomic
def change_status(
    submission: Submission, *, to_status: str, note: str = "", user=None
) -> StatusChange:
    """Move along the workflow with a note and an audit entry."""
    if user is not None and not can_process(user, submission):
        raise PermissionDenied
    allowed = STATUS_TRANSITIONS[SubmissionStatus(submission.status)]
    if to_status not in allowed:
        raise ValidationError(
            _("A submission cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": SubmissionStatus(submission.status).label,
                "new": SubmissionStatus(to_status).label,
            },
            code="transition",
        )
    change = StatusChange.objects.create(
        submission=submission,
        from_status=submission.status,
        to_status=to_status,
        note=note,
        user=user,
    )
    submission.status = to_status
    submission.save(update_fields=["status", "updated_at"])
    log(
        instance=submission,
        action="formbuilder.status",
        user=user,
        data={"from": change.from_status, "to": to_status, "note": note},
    )
    return change


def add_correction(submission: Submission, *, field_key: str, uploaded) -> Upload:
    """A citizen's 补正 upload, allowed only while corrections are requested."""
    if submission.status != SubmissionStatus.CORRECTION:
        raise ValidationError(_("No corrections are requested for this application."))
    entry = submission.version.ui_schema["fields"].get(field_key)
    if entry is None or entry.get("type") != FieldType.FILE:
        raise ValidationError(_("Choose which material you are uploading."))
    upload = store_upload(
        version=submission.version,
        field_key=field_key,
        uploaded=uploaded,
        accept=entry.get("accept"),
        submission=submission,
        is_correction=True,
    )
    log(instance=submission, action="formbuilder.correction", data={"field": field_key})
    owed.notify_inbox(
        submission,
        kind=owed.InboxNotice.Kind.MATERIAL_RECEIVED,
        message=_("%(reference)s: a correction was uploaded for “%(field)s”.")
        % {"reference": submission.reference, "field": entry.get("label", field_key)},
    )
    return upload


# --- retention ---------------------------------------------------------------------


def purge(*, now=None, dry_run=False) -> dict:
    """Delete expired drafts and submissions older than the retention period."""
    now = now or timezone.now()
    drafts = Draft.objects.filter(expires_at__lte=now)
    cutoff = now - timedelta(days=conf.get("RETENTION_DAYS"))
    old = Submission.objects.filter(submitted_at__lt=cutoff)
    counts = {"drafts": drafts.count(), "submissions": old.count()}
    if dry_run:
        return counts
    with transaction.atomic():
        for upload in Upload.objects.filter(submission__in=old) | Upload.objects.filter(
            draft__in=drafts
        ):
            upload.file.delete(save=False)
        Upload.objects.filter(draft__in=drafts).delete()
        drafts.delete()
        old.delete()
        orphans = Upload.objects.filter(
            draft__isnull=True,
            submission__isnull=True,
            created_at__lt=now - timedelta(days=conf.get("DRAFT_DAYS")),
        )
        for upload in orphans:
            upload.file.delete(save=False)
        orphans.delete()
    return counts


def published_definition(slug: str) -> FormDefinition | None:
    """The form ``slug`` if it has a published version (accepting or not)."""
    return (
        FormDefinition.objects.select_related("live_version")
        .filter(slug=slug, live_version__isnull=False)
        .first()
    )


def published_forms():
    return FormDefinition.objects.filter(
        live_version__isnull=False, accepting=True
    ).select_related("live_version")
