"""Worker pieces in-process: durable enqueueing, orphan recovery, status."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from catalogue.indexing import enqueue_in_transaction
from cms.worker import worker_status
from cms.worker.models import WorkerHeartbeat
from cms.worker.runner import MAX_ATTEMPTS, Heartbeat, recover_orphans
from search.tasks import reconcile_search_index

DURABLE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)
pytestmark = pytest.mark.django_db


@DURABLE
def test_a_durable_task_is_stored_in_the_transaction_of_its_change():
    with transaction.atomic():
        enqueue_in_transaction(reconcile_search_index)
        assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.ready().count() == 1


@DURABLE
def test_a_rolled_back_change_leaves_no_durable_task():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_in_transaction(reconcile_search_index)
        raise RuntimeError("the change fails")
    assert not DBTaskResult.objects.exists()


def test_an_in_process_task_waits_for_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_in_transaction(reconcile_search_index)
    assert len(callbacks) == 1


def _claimed(worker_ids):
    task = reconcile_search_index.using(backend="default")
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=task.module_path,
        backend_name="default",
        run_after=timezone.now(),
        status="RUNNING",
        worker_ids=worker_ids,
    )


def _beat(worker_id, seconds_ago):
    moment = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="h", pid=1, started_at=moment, beat_at=moment
    )


@DURABLE
def test_tasks_of_dead_workers_are_requeued_and_repeat_killers_failed():
    _beat("alive", seconds_ago=1)
    _beat("dead", seconds_ago=3600)
    running = _claimed(["alive"])
    orphan = _claimed(["dead"])
    killer = _claimed(["dead"] * MAX_ATTEMPTS)
    assert recover_orphans("me") == {"requeued": 1, "failed": 1}
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        running.pk: "RUNNING",
        orphan.pk: "READY",
        killer.pk: "FAILED",
    }
    assert recover_orphans("me") == {"requeued": 0, "failed": 0}


@DURABLE
def test_status_needs_a_fresh_heartbeat_when_tasks_are_durable():
    assert not worker_status().ready
    _beat("old", seconds_ago=3600)
    assert not worker_status().alive
    heartbeat = Heartbeat("new")
    heartbeat.start()
    heartbeat.stop()
    assert not worker_status().alive  # stopped workers do not count
    _beat("fresh", seconds_ago=1)
    status = worker_status()
    assert status.ready and [w["worker_id"] for w in status.workers] == ["fresh"]


def test_in_process_tasks_need_no_worker():
    status = worker_status()
    assert status.ready and not status.required and not status.alive


def test_the_worker_refuses_to_run_without_a_task_database():
    with pytest.raises(CommandError, match="in-process"):
        call_command("run_worker", "--batch")


@pytest.mark.parametrize("root_prints", [True, False])
def test_each_worker_line_is_logged_once(root_prints):
    """Production's root handler and the worker's own never both print a line."""
    import io
    import logging

    from cms.management.commands.run_worker import log_to

    root, worker = logging.getLogger(), logging.getLogger("cms.worker")
    saved = (root.handlers[:], worker.handlers[:], worker.level)
    to_root, to_worker = io.StringIO(), io.StringIO()
    root.handlers = [logging.StreamHandler(to_root)] if root_prints else []
    worker.handlers = []
    try:
        log_to(to_worker)
        worker.info("heartbeat %s", "w1")
    finally:
        root.handlers, worker.handlers = saved[0], saved[1]
        worker.setLevel(saved[2])
    printed = to_root.getvalue() + to_worker.getvalue()
    assert printed.count("heartbeat w1") == 1
