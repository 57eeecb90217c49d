"""Throughput of the pages citizens wait for, under gunicorn as production runs it.

Usage: .venv/bin/python bench/page_throughput.py [--databases sqlite,postgres]
       [--pg-url postgres://postgres@127.0.0.1:5432/bench_pages]
       [--redis-url redis://127.0.0.1:6379/0] [--port 8650] [--duration 4]
       [--connections 8] [--rounds 3]

For each database: a scratch database gets the demo (``load_demo``), then
gunicorn (2 gthread workers, ``cms.settings.production``, Redis cache under a
key prefix of its own) serves it twice — "before" with the page and search
caches off, "after" with them on — and ``wrk`` (Debian package ``wrk``)
drives each address in turn, ``/healthz`` between the others so that every
ratio compares neighbouring measurements on a shared machine.  Also: seconds
from a publish's commit until every response shows it, and p50/p95 of
distinct ``/api/v1/search`` queries (made from the demo's item names, each
asked once).  Prints one JSON line; the scratch PostgreSQL database is dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cms.processes import gunicorn_command  # noqa: E402

PYTHON = sys.executable
TARGETS = {
    "home": "/",
    "guide": "/items/HC-GA-001/",
    "search_page": "/search/?q=" + urllib.parse.quote("身份证"),
    "search_api": "/api/v1/search?q=" + urllib.parse.quote("身份证"),
}
GUIDE_CODE = "HC-GA-001"
# Views after the first showing a publish that must all show it too: they
# land on both workers, each of which may hold the old page in memory.
SETTLE_VIEWS = 20
RENAME_SCRIPT = """
import time
from django.db import transaction
from catalogue import services
item = services.item_by_code({code!r})
item.name = item.name + {suffix!r}
with transaction.atomic():
    # First of the commit's callbacks: the stamp is the commit itself, before
    # the purge and the (in-process) indexing tasks that follow it.
    transaction.on_commit(lambda: print(time.time(), flush=True))
    services.publish_item(item=item)
"""
NAMES_SCRIPT = """
import json
from catalogue.models import ServiceItem
print(json.dumps(list(ServiceItem.objects.public().values_list("name", flat=True))))
"""


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/page_throughput.py needs wrk (apt-get install wrk)")
    result = {
        "bench": "page_throughput",
        "settings": {
            "server": "gunicorn gthread, 2 workers x 4 threads, cms.settings.production",
            "load": f"wrk -t2 -c{args.connections} -d{args.duration}s",
            "rounds": args.rounds,
            "demo": "load_demo (both sites)",
        },
        "load_average_1m": os.getloadavg()[0],
    }
    for database in args.databases.split(","):
        result[database] = run_database(database, args)
    print(json.dumps(result, ensure_ascii=False))


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/bench_pages"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--port", type=int, default=8650)
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


def run_database(database: str, args) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="banshi-bench-"))
    url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    if database == "postgres":
        url = args.pg_url
        recreate_postgres(url)
    env = server_env(url, args.redis_url, scratch)
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "load_demo")
        items = len(json.loads(manage(env, "shell", "-c", NAMES_SCRIPT)))
        report = {"items": items}
        for phase, extra in (
            ("before", {"PAGE_CACHE_SECONDS": "0", "SEARCH_CACHE_SECONDS": "0"}),
            ("after", {}),
        ):
            with Server({**env, **extra}, args.port, scratch / f"{phase}.log") as base:
                report[phase] = measure(base, args)
                if phase == "after":
                    report["publish_seen_seconds"] = publish_seen(env, base)
                    report["distinct_api_ms"] = distinct_queries(env, base)
        report["after_vs_before"] = {
            name: round(report["after"]["rps"][name] / report["before"]["rps"][name], 1)
            for name in TARGETS
        }
        return report
    finally:
        if database == "postgres":
            drop_postgres(url)
        shutil.rmtree(scratch, ignore_errors=True)


def server_env(database_url: str, redis_url: str, scratch: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PAGE_CACHE", "SEARCH_CACHE"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,hc.localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"bench{os.getpid()}x{secrets.token_hex(3)}",
            "BANSHI_VAR_DIR": str(scratch),
            "SECURE_SSL_REDIRECT": "0",
            # The demo is indexed as it loads; no worker to wait for.
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ACCESS_LOG": "0",
            "ELASTICSEARCH_URL": "",
        }
    )
    return env


def manage(env: dict, *command: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own fixed command
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


class Server:
    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log

    def __enter__(self) -> str:
        bind = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            gunicorn_command(bind=bind, workers=2, environ=self.env),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
        )
        base = f"http://{bind}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
                return base
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, kind, value, traceback):
        if kind is not None:  # say why before the scratch folder goes
            sys.stderr.write(self.log.read_text(errors="replace")[-3000:])
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk(url: str, args) -> float:
    done = subprocess.run(  # noqa: S603 - our own fixed command
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return float(found.group(1)) if found else 0.0


def measure(base: str, args) -> dict:
    for path in TARGETS.values():  # warm: first views fill caches
        urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
    rates: dict[str, list[float]] = {name: [] for name in TARGETS}
    healthz: dict[str, list[float]] = {name: [] for name in TARGETS}
    for _round in range(args.rounds):
        for name, path in TARGETS.items():
            healthz[name].append(wrk(base + "/healthz", args))
            rates[name].append(wrk(base + path, args))
    rps = {name: round(statistics.median(v), 1) for name, v in rates.items()}
    rps["healthz"] = round(statistics.median(sum(healthz.values(), [])), 1)
    ratios = {
        name: round(
            statistics.median(
                r / h for r, h in zip(rates[name], healthz[name], strict=True)
            ),
            3,
        )
        for name in TARGETS
    }
    return {"rps": rps, "ratio_to_healthz": ratios}


def publish_seen(env: dict, base: str) -> dict:
    """From a publish's commit to the views showing it, in every process.

    ``first_shown`` is commit → first response showing the change;
    ``seconds`` is commit → the first response after which none of the
    following ``SETTLE_VIEWS`` (landing on either worker) showed the old page
    — the figure the acceptance asks for.  ``first_view`` says what the first
    response after the commit was: a cache hit or miss, its time, and whether
    it already showed the change.  The clock stops at the response, not when
    the publishing process has exited (it keeps running its commit's
    callbacks and shutting down for a second or more).
    """
    suffix = f"（{secrets.token_hex(2)}）"
    page = base + TARGETS["guide"]
    urllib.request.urlopen(page, timeout=10).read()  # noqa: S310 - cached now
    publisher, committed = start_publish(env, suffix)
    views, first, settled = views_until_settled(page, suffix, committed)
    publisher.wait()
    shown_at = [t for t, shown in views if shown]
    return {
        "seconds": round(settled, 3) if settled is not None else -1.0,
        "first_shown": round(max(0.0, shown_at[0]), 3) if shown_at else -1.0,
        "old_views": sum(1 for _t, shown in views if not shown),
        "first_view": first,
    }


def start_publish(env: dict, suffix: str) -> tuple[subprocess.Popen, float]:
    """Rename the guide's item in another process; its commit's wall time."""
    script = RENAME_SCRIPT.format(code=GUIDE_CODE, suffix=suffix)
    publisher = subprocess.Popen(  # noqa: S603 - our own fixed command
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    while True:  # the stamp printed at the commit
        line = publisher.stdout.readline()
        if not line:
            raise RuntimeError("the publishing process printed no time")
        try:
            return publisher, float(line)
        except ValueError:
            continue


def views_until_settled(page: str, suffix: str, committed: float):
    """(views as (seconds after commit, shown), first view, settled time)."""
    deadline, first, views, settled = time.time() + 30, None, [], None
    while time.time() < deadline:
        start = time.time()
        response = urllib.request.urlopen(page, timeout=30)  # noqa: S310
        shown = suffix in response.read().decode()
        views.append((start - committed, shown))
        if first is None:
            first = {
                "cache": response.headers.get("X-Page-Cache"),
                "ms": round((time.time() - start) * 1000, 1),
                "shows_change": shown,
            }
        if not shown:
            settled = None
        elif settled is None:
            settled = time.time() - committed
        after = [v for v in views if settled is not None and v[0] >= settled - 1e-9]
        if len(after) > SETTLE_VIEWS:
            break
        time.sleep(0.02)
    return views, first, settled


def distinct_queries(env: dict, base: str) -> dict:
    names = json.loads(manage(env, "shell", "-c", NAMES_SCRIPT))
    queries = sorted({n[:k] for n in names for k in (2, 4) if len(n) >= k})[:80]
    timings = []
    for query in queries:
        url = base + "/api/v1/search?q=" + urllib.parse.quote(query)
        start = time.perf_counter()
        urllib.request.urlopen(url, timeout=30).read()  # noqa: S310
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "queries": len(timings),
        "p50": round(statistics.median(timings), 1),
        "p95": round(timings[int(0.95 * (len(timings) - 1))], 1),
    }


def recreate_postgres(url: str) -> None:
    name, admin = _pg_names(url)
    _psql(admin, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(admin, f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    name, admin = _pg_names(url)
    _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_names(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.path.lstrip("/"), urllib.parse.urlunsplit(
        parts._replace(path="/postgres")
    )


def _psql(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


if __name__ == "__main__":
    main()
