"""The worker as production runs it: heartbeat, readiness, repair at start."""

import json
import signal
import time

from .workbooks import item_workbook

FAST = {"WORKER_HEARTBEAT_SECONDS": "1", "WORKER_STALE_SECONDS": "4"}


def status(site) -> tuple[int, dict]:
    done = site.manage("worker_status", check=False, **FAST)
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def wait_for(predicate, timeout=60.0, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not reached in time")


def test_readiness_follows_a_worker_that_starts_beats_and_dies(live_site, tmp_path):
    code, state = status(live_site)
    assert (code, state["ready"], state["required"], state["alive"]) == (
        1,
        False,
        True,
        False,
    )
    # Work queued while no worker runs: an import's index task waits for it.
    workbook = tmp_path / "items.xlsx"
    item_workbook(workbook, 40)
    live_site.manage("import_items", str(workbook))
    assert status(live_site)[1]["queued"] >= 1
    worker = live_site.start("run_worker", "--interval", "0.2", **FAST)
    wait_for(lambda: status(live_site)[1]["alive"])
    drained = wait_for(
        lambda: (
            (s := status(live_site)[1])["queued"] == 0
            and s["workers"][0]["tasks_run"] >= 1
            and s
        )
    )
    assert drained["ready"] and drained["workers"][0]["reconciled_at"]
    assert live_site.query("index_state")["searchable"] == 40
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    # A killed worker cannot say goodbye: it is gone once its beat is stale.
    assert wait_for(lambda: status(live_site)[0] == 1, timeout=15)


def test_a_worker_repairs_the_index_at_start(live_site, tmp_path):
    workbook = tmp_path / "items.xlsx"
    item_workbook(workbook, 30)
    live_site.manage("import_items", str(workbook))
    # The queued index task is lost (say, a restored backup without it).
    live_site.script("forget_tasks")
    assert live_site.query("index_state")["indexed"] == 0
    live_site.manage("run_worker", "--batch")
    assert live_site.query("index_state")["searchable"] == 30


def test_a_worker_stopped_by_sigterm_marks_itself_stopped(live_site):
    worker = live_site.start("run_worker", "--interval", "0.2", **FAST)
    wait_for(lambda: status(live_site)[1]["alive"])
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    code, state = status(live_site)
    assert (code, state["alive"]) == (1, False)
