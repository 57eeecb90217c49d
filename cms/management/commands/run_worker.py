"""Run queued background tasks (django-tasks-db) with a heartbeat and index repair."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from cms.worker import tasks_need_worker


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (imports, search indexing, "
        "reports), a heartbeat for readiness checks, and search-index "
        "reconciliation at start and every WORKER_RECONCILE_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default="default",
            help="Queues to run, comma-separated; '*' for all (default: default).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty (default: 1).",
        )
        parser.add_argument(
            "--reconcile-every",
            type=float,
            default=None,
            help="Seconds between index reconciliations (default: WORKER_RECONCILE_SECONDS).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Recover, reconcile, run every queued task, then exit.",
        )
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, **options):
        from cms.worker.runner import Runner

        if not tasks_need_worker():
            raise CommandError(
                "TASKS uses an in-process backend: tasks run where they are queued "
                "and need no worker. Set TASKS_BACKEND=django_tasks_db.DatabaseBackend "
                "(the production default)."
            )
        if options["verbosity"] > 0:
            log_to(self.stdout)
        Runner(
            worker_id=options["worker_id"] or get_random_string(32),
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            reconcile_every=options["reconcile_every"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
        ).run()


def log_to(stream) -> None:
    """The worker's and the task runner's lines at INFO, each printed once."""
    for name in ("cms.worker", "django_tasks_db", "django_tasks"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        # Production's LOGGING gives the root logger a handler, and a record
        # propagates to it: a handler of our own there too printed every
        # line twice.  Add one only when nothing else would print it.
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(stream))
