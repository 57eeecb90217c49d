"""One row per worker process, refreshed while it runs (its heartbeat)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    current_task = models.CharField(_("current task"), max_length=255, blank=True)
    tasks_run = models.PositiveIntegerField(_("tasks run"), default=0)
    reconciled_at = models.DateTimeField(
        _("last index reconciliation"), null=True, blank=True
    )
    reconcile_result = models.JSONField(
        _("last reconciliation result"), default=dict, blank=True
    )

    class Meta:
        app_label = "cms"
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"
