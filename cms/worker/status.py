"""Is a worker running?  Read by health/readiness checks and ``worker_status``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def tasks_need_worker() -> bool:
    """True when tasks wait in the database for ``run_worker`` (not in-process)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


@dataclass(frozen=True)
class WorkerStatus:
    required: bool
    alive: bool
    queued: int = 0
    oldest_queued_seconds: float | None = None
    workers: list[dict] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Background work will run: a live worker, or none needed."""
        return self.alive or not self.required

    def as_dict(self) -> dict:
        return {
            "ready": self.ready,
            "required": self.required,
            "alive": self.alive,
            "queued": self.queued,
            "oldest_queued_seconds": self.oldest_queued_seconds,
            "workers": self.workers,
        }


def live_workers(now: datetime | None = None):
    """Heartbeat rows of workers that beat within ``WORKER_STALE_SECONDS``."""
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(stopped_at__isnull=True, beat_at__gte=cutoff)


def worker_status(now: datetime | None = None) -> WorkerStatus:
    """The workers alive now and the backlog they face."""
    now = now or timezone.now()
    required = tasks_need_worker()
    workers = [_describe(row, now) for row in live_workers(now).order_by("started_at")]
    queued, oldest = (0, None)
    if required:
        queued, oldest = _backlog(now)
    return WorkerStatus(
        required=required,
        alive=bool(workers),
        queued=queued,
        oldest_queued_seconds=oldest,
        workers=workers,
    )


def _describe(row, now: datetime) -> dict:
    return {
        "worker_id": row.worker_id,
        "host": row.hostname,
        "pid": row.pid,
        "started_at": row.started_at.isoformat(),
        "beat_seconds_ago": round((now - row.beat_at).total_seconds(), 1),
        "current_task": row.current_task,
        "tasks_run": row.tasks_run,
        "reconciled_at": row.reconciled_at.isoformat() if row.reconciled_at else None,
        "reconcile_result": row.reconcile_result,
    }


def _backlog(now: datetime) -> tuple[int, float | None]:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    first = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = round((now - first).total_seconds(), 1) if first else None
    return ready.count(), age
