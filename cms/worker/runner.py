"""The worker process behind ``manage.py run_worker``.

django-tasks-db's ``Worker`` claims and runs the queued tasks; around it
this runner

- keeps a heartbeat row fresh from a side thread (``status.worker_status``
  reads it), so a readiness check can tell a live worker from a dead one;
- puts back tasks a dead worker had claimed (a SIGKILL leaves them
  "running" for ever); our tasks are idempotent, so running one again is
  safe, and one that killed its worker three times is marked failed;
- reconciles the search index at start and every ``WORKER_RECONCILE_SECONDS``,
  so changes whose index task was lost are repaired without a rebuild.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from .models import WorkerHeartbeat
from .status import live_workers

logger = logging.getLogger("cms.worker")

# Claims of one task by workers that died running it before it is failed.
MAX_ATTEMPTS = 3


class Heartbeat:
    """The worker's row, refreshed every ``WORKER_HEARTBEAT_SECONDS`` by a thread."""

    def __init__(self, worker_id: str, every: float | None = None):
        self.worker_id = worker_id
        self.every = every or settings.WORKER_HEARTBEAT_SECONDS
        self.current_task = ""
        self.tasks_run = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name="worker-heartbeat", daemon=True
        )

    def start(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
                "stopped_at": None,
                "current_task": "",
                "tasks_run": 0,
            },
        )
        self._thread.start()

    def beat(self, **fields) -> None:
        """Refresh the row; a locked or unreachable database only skips a beat."""
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                beat_at=timezone.now(),
                current_task=self.current_task[:255],
                tasks_run=self.tasks_run,
                **fields,
            )
        except DatabaseError as error:
            logger.warning("Heartbeat skipped: %s", error)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every + 5)
        self.beat(stopped_at=timezone.now())

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.every):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections


class BeatingWorker(Worker):
    """django-tasks-db's worker, telling the heartbeat what it runs."""

    def __init__(self, *, heartbeat: Heartbeat, **options):
        super().__init__(**options)
        self.heartbeat = heartbeat

    def run_task(self, db_task_result) -> None:
        self.heartbeat.current_task = db_task_result.task_path
        self.heartbeat.beat()
        try:
            super().run_task(db_task_result)
        finally:
            self.heartbeat.current_task = ""
            self.heartbeat.tasks_run += 1
            self.heartbeat.beat()

    @property
    def tasks_done(self) -> int:
        return self._run_tasks


def recover_orphans(own_worker_id: str) -> dict:
    """Re-queue tasks claimed by workers that stopped beating; fail repeat killers."""
    from django_tasks_db.models import DBTaskResult

    alive = set(live_workers().values_list("worker_id", flat=True)) - {own_worker_id}
    requeued = failed = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        rows = DBTaskResult.objects.running().filter(
            pk=result.pk, worker_ids=result.worker_ids
        )
        if len(result.worker_ids) >= MAX_ATTEMPTS:
            failed += rows.update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="cms.worker.WorkerLost",
                traceback=(
                    f"The worker running this task stopped {len(result.worker_ids)} "
                    "times before it finished."
                ),
            )
        else:
            requeued += rows.update(status="READY", started_at=None)
    return {"requeued": requeued, "failed": failed}


class Runner:
    """Recover, reconcile, then run tasks until stopped (or idle, with ``batch``)."""

    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        interval: float = 1.0,
        reconcile_every: float | None = None,
        batch: bool = False,
        max_tasks: int | None = None,
    ):
        self.batch = batch
        self.interval = interval
        self.reconcile_every = (
            settings.WORKER_RECONCILE_SECONDS
            if reconcile_every is None
            else reconcile_every
        )
        self.heartbeat = Heartbeat(worker_id)
        self.worker = BeatingWorker(
            heartbeat=self.heartbeat,
            queue_names=queue_names,
            interval=interval,
            batch=True,  # returns when the queue is empty: our turn to reconcile
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.max_tasks = max_tasks
        self._reconciled_at = 0.0

    def run(self) -> None:
        self.worker.configure_signals()
        self.heartbeat.start()
        try:
            recovered = recover_orphans(self.heartbeat.worker_id)
            logger.info("Worker %s started; %s", self.heartbeat.worker_id, recovered)
            self.reconcile()
            self._loop()
        finally:
            self.heartbeat.stop()
            logger.info("Worker %s stopped", self.heartbeat.worker_id)

    def _loop(self) -> None:
        while self.worker.running:
            self.worker.run()
            if self.batch or self._enough_tasks() or not self.worker.running:
                return
            if time.monotonic() - self._reconciled_at >= self.reconcile_every:
                self.reconcile()
            close_old_connections()
            time.sleep(self.interval)

    def _enough_tasks(self) -> bool:
        return self.max_tasks is not None and self.worker.tasks_done >= self.max_tasks

    def reconcile(self) -> None:
        """Repair the search index; an outage is logged and retried next time."""
        from search import services as search_services

        self._reconciled_at = time.monotonic()
        self.heartbeat.current_task = "reconcile_search_index"
        try:
            result = search_services.reconcile_index().as_dict()
        except Exception:
            logger.exception("Search index reconciliation failed")
            result = {"error": True}
        finally:
            self.heartbeat.current_task = ""
        logger.info("Search index reconciled: %s", result)
        self.heartbeat.beat(reconciled_at=timezone.now(), reconcile_result=result)
