"""SIGKILL at the import's commit: nothing half-written, nothing left unindexed.

The import runs as a command would, in its own process with production
settings, on a scratch database (SQLite, or PostgreSQL under the suite's
``DATABASE_URL``), and kills itself at its commit (``children/crash_import.py``).
"""

import signal

import pytest

from .workbooks import item_workbook

ITEMS = 300
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "items.xlsx"
    item_workbook(path, ITEMS)
    return path


def crash(site, when, workbook, **env):
    done = site.script("crash_import", when, str(workbook), check=False, **env)
    assert done.returncode == -signal.SIGKILL, done.stderr[-3000:]


def test_a_kill_before_commit_writes_nothing(live_site, workbook):
    crash(live_site, "before-commit", workbook)
    state = live_site.query("index_state")
    assert state == {"items": 0, "indexed": 0, "searchable": 0, "tasks": {}}


def test_a_kill_after_commit_leaves_the_index_task_for_the_worker(live_site, workbook):
    crash(live_site, "after-commit", workbook)
    state = live_site.query("index_state")
    # Every item is live, none indexed yet, the index task queued with them.
    assert (state["items"], state["indexed"]) == (ITEMS, 0)
    assert state["tasks"]["reindex_documents:READY"] == 1
    live_site.manage("run_worker", "--batch", "--reconcile-every", "3600")
    state = live_site.query("index_state")
    assert state["searchable"] == state["indexed"] == ITEMS
    assert state["tasks"]["reindex_documents:SUCCESSFUL"] == 1
    assert not any(key.endswith(":READY") for key in state["tasks"])


def test_with_in_process_tasks_reconciliation_repairs_a_kill_after_commit(
    live_site, workbook
):
    # The demo's default: tasks run in-process at commit, so the kill loses them.
    crash(live_site, "after-commit", workbook, TASKS_BACKEND=IMMEDIATE)
    before = live_site.query("index_state", TASKS_BACKEND=IMMEDIATE)
    assert (before["items"], before["indexed"], before["tasks"]) == (ITEMS, 0, {})
    done = live_site.manage(
        "reconcile_search_index", "--format", "json", TASKS_BACKEND=IMMEDIATE
    )
    assert '"reindexed": 300' in done.stdout
    after = live_site.query("index_state", TASKS_BACKEND=IMMEDIATE)
    assert after["searchable"] == after["indexed"] == ITEMS
    again = live_site.manage(
        "reconcile_search_index", "--format", "json", TASKS_BACKEND=IMMEDIATE
    )
    assert '"reindexed": 0, "removed": 0' in again.stdout
