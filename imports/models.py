"""Import runs: one uploaded workbook, its plan, its outcome row by row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


def _upload_to(run, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{filename}"


def _report_upload_to(run, filename: str) -> str:
    return f"import-reports/{timezone.now():%Y/%m}/{filename}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    region_code = models.CharField(_("region"), max_length=12, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    # Uploaded workbooks hold unpublished data: kept out of MEDIA_URL.
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_upload_to, max_length=255
    )
    # The report workbook, built in the background when first asked for.
    report = models.FileField(
        _("report"),
        storage=private_storage,
        upload_to=_report_upload_to,
        max_length=255,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    # Region codes the editor may change; null means every region.
    allowed_regions = models.JSONField(_("allowed regions"), null=True, blank=True)
    mapping = models.JSONField(_("column mapping"), null=True, blank=True)
    # field → {cell text: replacement}: values the editor mapped (imports.values).
    values = models.JSONField(_("value mapping"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    plan_data = models.JSONField(_("plan"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["region_code", "-created_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.APPLIED else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.APPLIED,
            self.Status.REJECTED,
            self.Status.FAILED,
        }


class ImportRowOutcome(models.Model):
    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        SKIPPED = "skipped", _("Skipped")
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="outcomes"
    )
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    item_code = models.CharField(_("implementation code"), max_length=36, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    column = models.CharField(_("column"), max_length=255, blank=True)
    code = models.CharField(_("reason"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    # What the plan does with the row's item (create/update/unchanged; blank for
    # a problem), kept apart from ``outcome``, which says what was written.
    action = models.CharField(_("planned change"), max_length=10, blank=True)
    # An update's field-level before/after and material changes (plan.ItemChange).
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["run", "sheet", "row", "pk"]
        verbose_name = _("row outcome")
        verbose_name_plural = _("row outcomes")
        indexes = [
            models.Index(fields=["run", "outcome"]),
            models.Index(fields=["run", "action"]),
        ]

    def __str__(self):
        return f"{self.sheet}!{self.row}: {self.outcome}"
