"""No citizen request fails because an import writes.

An import runs as a command (production settings, its own process) while
an app server takes 20 parallel submissions, sent once the import's
transaction is writing items (on SQLite it then holds the write lock; the
child holds it a few seconds more after writing, so the overlap does not
depend on the machine's speed). Every submission must be accepted and the
import must apply.
"""

import json
import subprocess
import sys
import time
from functools import partial

from . import http
from .http import in_parallel, statuses
from .site import CHILDREN, ROOT
from .workbooks import item_workbook

ITEMS = 1500
HOLD_SECONDS = 4


def start_import(site, workbook) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own child script
        [
            sys.executable,
            str(CHILDREN / "slow_import.py"),
            str(workbook),
            str(HOLD_SECONDS),
        ],
        env=site.env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process, wanted: str, timeout=300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"import ended early: {process.stderr.read()[-3000:]}")
        if line.strip() == wanted:
            return
    raise AssertionError(f"no {wanted!r} within {timeout} s")


def test_twenty_parallel_submissions_during_an_import_all_succeed(live_site, tmp_path):
    workbook = tmp_path / "items.xlsx"
    item_workbook(workbook, ITEMS)
    env = {"FORMBUILDER_RATE_LIMIT": "1000"}
    form = live_site.query("make_form", **env)
    base = live_site.serve(**env)
    url = f"{base}/api/v1/forms/{form['slug']}/submissions"
    assert http.request(url, {"answers": form["answers"]}).status == 201  # warm

    importer = start_import(live_site, workbook)
    try:
        wait_for_line(importer, "writing")
        answers = in_parallel(
            [
                partial(http.request, url, {"answers": form["answers"]})
                for _ in range(20)
            ],
            workers=20,
        )
        still_importing = importer.poll() is None
        out, err = importer.communicate(timeout=600)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    assert importer.returncode == 0, err[-3000:]
    assert out.strip().splitlines()[-1] == 'committed {"applied": true}'
    assert statuses(answers) == {201: 20}, [a.body for a in answers if a.status != 201]
    # The submissions met the write phase: sent while the import was writing.
    assert still_importing or max(a.seconds for a in answers) >= 1
    slowest = max(a.seconds for a in answers)
    print(  # noqa: T201 - the figures for the closing note (pytest -s)
        json.dumps(
            {
                "vendor": live_site.database.vendor,
                "items": ITEMS,
                "submissions": 20,
                "accepted": statuses(answers).get(201, 0),
                "slowest_seconds": round(slowest, 2),
            }
        )
    )
