"""The background worker: runs queued tasks, beats, reconciles the search index.

Production settings queue tasks in the site database (django-tasks-db);
``manage.py run_worker`` runs them.  Public API for health and readiness
checks: ``worker_status()`` → ``WorkerStatus`` (``ready``, ``alive``,
``required``, ``queued`` …), also printed by ``manage.py worker_status``.
"""

from .status import WorkerStatus, tasks_need_worker, worker_status

__all__ = ["WorkerStatus", "tasks_need_worker", "worker_status"]
