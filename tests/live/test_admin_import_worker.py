"""An admin import runs in the worker, not inside the editor's request.

Production settings queue the import's planning and applying as tasks in
the database: the requests that start them answer at once with nothing
written, the worker does the work, and the status page the progress screen
polls follows it to the end; every imported item is then searchable.
"""

from .workbooks import item_workbook

ITEMS = 400


def test_planning_and_applying_wait_for_the_worker(live_site, tmp_path):
    workbook = tmp_path / "items.xlsx"
    item_workbook(workbook, ITEMS)

    uploaded = live_site.query("admin_import", "upload", str(workbook))
    run = str(uploaded["run"])
    assert uploaded["redirect"].endswith(f"/imports/{run}/progress/")
    assert uploaded["queued"] >= 1 and uploaded["items"] == 0
    assert uploaded["status"] != "planned"  # not planned inside the request
    live_site.manage("run_worker", "--batch", "--reconcile-every", "3600")
    assert live_site.query("admin_import", "state", run)["status"] == "planned"

    confirmed = live_site.query("admin_import", "confirm", run)
    assert (confirmed["items"], confirmed["queued"] >= 1) == (0, True)
    waiting = live_site.query("admin_import", "state", run)
    assert waiting["status"] == "running" and waiting["page"]["status"] == "running"
    live_site.manage("run_worker", "--batch", "--reconcile-every", "3600")

    done = live_site.query("admin_import", "state", run)
    assert (done["status"], done["items"], done["queued"]) == ("applied", ITEMS, 0)
    assert done["page"]["next_url"].endswith(f"/imports/{run}/")
    assert live_site.query("index_state")["searchable"] == ITEMS
