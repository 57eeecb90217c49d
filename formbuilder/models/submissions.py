"""Drafts, submissions, their status history and uploaded files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..constants import SubmissionStatus
from ..storage import private_storage, upload_path


class Draft(models.Model):
    """Answers in progress, pinned to the version the citizen started on.

    Only a hash of the resume code is kept, so the table alone cannot
    restore anyone's draft.
    """

    version = models.ForeignKey(
        "formbuilder.FormVersion", on_delete=models.CASCADE, related_name="drafts"
    )
    subject_code = models.CharField(max_length=64, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    step = models.PositiveSmallIntegerField(default=0)
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_last4 = models.CharField(max_length=4, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return f"draft {self.pk} of {self.version}"


class Submission(models.Model):
    version = models.ForeignKey(
        "formbuilder.FormVersion",
        verbose_name=_("form version"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    definition = models.ForeignKey(
        "formbuilder.FormDefinition",
        verbose_name=pgettext_lazy("application form", "form"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    answers = models.JSONField(_("answers"))
    context = models.JSONField(
        _("context"),
        default=dict,
        blank=True,
        help_text=_("Field adjustments in force when it was submitted."),
    )
    subject_code = models.CharField(_("service item code"), max_length=64, blank=True)
    region_code = models.CharField(
        _("region code"), max_length=12, blank=True, db_index=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    phone_last4 = models.CharField(max_length=4, blank=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), auto_now_add=True, db_index=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]
        permissions = [
            ("view_personal_data", _("Can see ID numbers and phone numbers in full")),
            ("process_submission", _("Can change the status of submissions")),
        ]

    def __str__(self):
        return self.reference


class StatusChange(models.Model):
    """One step of the status history the citizen sees on the status page."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=SubmissionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class Upload(models.Model):
    """A checked file, referred to from answers by its ``token``."""

    token = models.CharField(max_length=34, unique=True)
    file = models.FileField(
        storage=private_storage, upload_to=upload_path, max_length=200
    )
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    field_key = models.CharField(max_length=40)
    version = models.ForeignKey(
        "formbuilder.FormVersion", on_delete=models.CASCADE, related_name="+"
    )
    draft = models.ForeignKey(
        Draft, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    is_correction = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name


class OwedMaterial(models.Model):
    """A material the applicant still owes after submitting, with its deadline.

    容缺: a material the item lets follow acceptance, left out of the
    application (recorded when it is submitted); 补正: one staff asked for.
    ``received_upload`` is the file that settled it.
    """

    class Reason(models.TextChoices):
        RONGQUE = "rongque", _("容缺受理 (may follow acceptance)")
        CORRECTION = "correction", _("补正 (correction requested)")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="owed_materials",
    )
    field_key = models.CharField(_("form field"), max_length=40)
    label = models.CharField(_("material"), max_length=200)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    due_date = models.DateField(_("due date"))
    note = models.TextField(_("note (shown to the applicant)"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    received_upload = models.ForeignKey(
        "formbuilder.Upload",
        verbose_name=_("received file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("owed material")
        verbose_name_plural = _("owed materials")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.submission_id}: {self.label}"

    @property
    def is_open(self) -> bool:
        return self.received_at is None


class InboxNotice(models.Model):
    """Something new on a submission for staff (e.g. an owed material handed in)."""

    class Kind(models.TextChoices):
        MATERIAL_RECEIVED = "material_received", _("Material received")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="inbox_notices",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inbox notice")
        verbose_name_plural = _("inbox notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.message
