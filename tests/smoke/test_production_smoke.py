"""Production as it runs: ``scripts/serve`` on PostgreSQL and Redis, driven over HTTP.

Runs only with ``BANSHI_SMOKE=1`` (``.ci/run`` sets it), against the
PostgreSQL server of ``SMOKE_DATABASE_URL``'s host (a database of its own,
dropped afterwards) and ``SMOKE_REDIS_URL`` (keys under a prefix of their
own).  Starts ``scripts/serve`` in a process group of its own, waits for
``/readyz``, loads the demo, opens a guide (served from the page cache the
second time), publishes a change through the admin and sees it on the next
view, submits a form, imports a workbook through the admin and finds its
new item in search once the worker has indexed it; then stops the server
and checks that no process of the group is left.  Timings are printed.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.live.site import ScratchDatabase, free_port

from .http import Client, forms_in

ROOT = Path(__file__).resolve().parents[2]
GUIDE = "/items/HC-GA-001/"
FORM = "community-needs-report"

pytestmark = pytest.mark.skipif(
    os.environ.get("BANSHI_SMOKE") != "1",
    reason="production smoke test: BANSHI_SMOKE=1",
)


def wait_for(predicate, timeout, every=0.25, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what} not reached within {timeout} s")


@pytest.fixture
def production(tmp_path):
    suite = os.environ.get(
        "SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smoke"
    )
    database = ScratchDatabase(suite, tmp_path, "serve")
    database.create()
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database.url,
        REDIS_URL=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"smoke{os.getpid()}{secrets.token_hex(3)}",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        SECURE_SSL_REDIRECT="0",
        SERVE_SKIP_INSTALL="1",
        BANSHI_VAR_DIR=str(tmp_path / "var"),
        ELASTICSEARCH_URL="",
        WORKER_HEARTBEAT_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    log = (tmp_path / "serve.log").open("wb")
    started = time.monotonic()
    server = subprocess.Popen(  # noqa: S603 - our own script
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    client = Client(f"http://127.0.0.1:{port}")
    timings = {}
    try:

        def ready():
            if server.poll() is not None:
                raise AssertionError((tmp_path / "serve.log").read_text()[-3000:])
            try:
                return client.get("/readyz").status == 200
            except OSError:
                return False

        wait_for(ready, 300, every=0.5, what="/readyz 200")
        timings["ready_s"] = round(time.monotonic() - started, 1)
        yield server, client, env, timings
    finally:
        stop_started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        timings["stop_s"] = round(time.monotonic() - stop_started, 1)
        log.close()
        left = _group_members(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
        database.drop()
        sys.stdout.write(f"\nproduction smoke timings: {timings}\n")
        assert not left, f"processes left running: {left}"


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def manage(env, *args) -> str:
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout


def test_production_serves_publishes_submits_and_imports(production):
    server, client, env, timings = production
    mark = time.monotonic()
    demo = manage(env, "load_demo")
    timings["load_demo_s"] = round(time.monotonic() - mark, 1)
    password = re.search(r"^\s*admin / (\S+)", demo, re.M).group(1)

    # A guide, twice: the second view comes from the page cache.
    first = client.get(GUIDE)
    assert first.status == 200, first.text[:500]
    assert client.get(GUIDE).headers.get("x-page-cache") == "hit"

    log_in(client, password)
    new_name = f"居民身份证首次申领（冒烟{secrets.token_hex(2)}）"
    mark = time.monotonic()
    publish_rename(client, "HC-GA-001", new_name)
    timings["admin_publish_s"] = round(time.monotonic() - mark, 2)
    mark = time.monotonic()  # the publish has committed: the next views show it
    seen = wait_for(
        lambda: new_name in client.get(GUIDE).text and time.monotonic(),
        5,
        every=0.05,
        what="the published name on the guide",
    )
    timings["publish_to_seen_s"] = round(seen - mark, 2)
    assert Client(client.base).get(GUIDE).headers.get("x-page-cache") in ("hit", "miss")

    submit_form(Client(client.base))

    imported = f"冒烟导入事项{secrets.token_hex(2)}"
    mark = time.monotonic()
    import_workbook(client, env, imported)
    timings["import_applied_s"] = round(time.monotonic() - mark, 1)
    query = "/api/v1/search?q=" + urllib.parse.quote(imported)
    wait_for(
        lambda: client.get(query).json()["count"] >= 1,
        120,
        every=0.5,
        what="the imported item in search",
    )
    timings["import_to_searchable_s"] = round(time.monotonic() - mark, 1)


def log_in(client, password):
    page = client.get("/admin/login/")
    form = next(f for f in forms_in(page.text) if f.method == "post")
    form.set("username", "admin")
    form.set("password", password)
    done = client.submit(page, form)
    assert "/admin/login/" not in done.url, done.text[:500]


def publish_rename(client, code, name):
    listing = client.get("/admin/snippets/catalogue/serviceitem/?q=" + code)
    path = re.search(
        r'href="(/admin/snippets/catalogue/serviceitem/edit/\d+/)"', listing.text
    )
    assert path, listing.text[:1000]
    page = client.get(path.group(1))
    form = next(f for f in forms_in(page.text) if "/edit/" in f.action)
    form.set("name", name)
    done = client.submit(
        page, form, button=("action-publish", "action-publish"), files={}
    )
    assert done.status == 200 and "/edit/" not in done.url, _errors(done)


def submit_form(client):
    described = client.get(f"/api/v1/forms/{FORM}/schema").json()
    schema = described.get("schema", described)
    answers = {key: _answer(prop) for key, prop in schema["properties"].items()}
    answers = {k: v for k, v in answers.items() if k in schema.get("required", [])}
    done = client.post_json(f"/api/v1/forms/{FORM}/submissions", {"answers": answers})
    assert done.status == 201, done.text
    assert done.json()["reference"]


def _answer(prop):
    if prop.get("type") == "array":
        return [prop["items"]["enum"][0]]
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("format") == "cn-mobile" or "mobile" in str(prop.get("format", "")):
        return "13800138000"
    return "社区服务需求信息，请尽快联系。"[: prop.get("maxLength", 100)]


def import_workbook(client, env, name):
    import openpyxl

    workbook = Path(env["BANSHI_VAR_DIR"]) / "smoke-export.xlsx"
    manage(env, "export_items", str(workbook), "--region", "990100")
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    name_col = headers.index("事项名称")
    code_col = next(i for i, h in enumerate(headers) if h and "实施编码" in h)
    row = [c.value for c in sheet[2]]
    row[name_col], row[code_col] = name, f"HC-SMOKE-{secrets.token_hex(2).upper()}"
    sheet.append(row)
    content = io.BytesIO()
    book.save(content)

    page = client.get("/admin/imports/upload/")
    form = next(f for f in forms_in(page.text) if f.method == "post")
    form.set("region", "990100")
    mapping = client.submit(
        page, form, files={"file": ("smoke.xlsx", content.getvalue())}
    )
    assert "/mapping/" in mapping.url, _errors(mapping)
    form = next(f for f in forms_in(mapping.text) if f.method == "post")
    preview = follow_progress(client, client.submit(mapping, form))
    assert "/preview/" in preview.url, _errors(preview)
    form = next(f for f in forms_in(preview.text) if "/confirm/" in f.action)
    result = follow_progress(client, client.submit(preview, form))
    assert re.search(r"/imports/\d+/$", result.url), _errors(result)


def follow_progress(client, page):
    """The progress page polls status.json; do the same until it hands over."""
    if "/progress/" not in page.url:
        return page
    status_url = page.url.replace("/progress/", "/status.json")
    state = wait_for(
        lambda: (
            "/progress/"
            not in (s := client.get(status_url).json()).get("next_url", "/progress/")
            and s
        ),
        300,
        every=0.5,
        what="the import step to finish",
    )
    return client.get(state["next_url"])


def _errors(response):
    found = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', response.text, re.S)
    return f"{response.status} {response.url}: {[e.strip() for e in found if e.strip()][:10]}"
