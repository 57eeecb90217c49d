"""A scratch copy of the site for tests that need real processes.

Crash, concurrency and cross-process tests run the code as production runs
it: commands, an app server and the worker in their own processes, with
production settings, on a database of their own (a SQLite file in a
temporary folder, or a PostgreSQL database named after the suite's
``DATABASE_URL`` plus a suffix, dropped afterwards).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CHILDREN = Path(__file__).resolve().parent / "children"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ScratchDatabase:
    """Where a live site keeps its data: created, copied and dropped here."""

    def __init__(self, suite_url: str | None, folder: Path, name: str):
        self.folder = folder
        self.suite_url = suite_url or ""
        self.vendor = (
            "postgresql" if self.suite_url.startswith("postgres") else "sqlite"
        )
        if self.vendor == "postgresql":
            parts = urlsplit(self.suite_url)
            base = parts.path.lstrip("/") or "postgres"
            self.name = f"{base}_{name}_{os.getpid()}"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        else:
            self.name = name
            self.path = folder / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def create(self, template: ScratchDatabase | None = None) -> None:
        if self.vendor == "sqlite":
            if template is not None:
                for suffix in ("", "-wal", "-shm"):
                    source = Path(f"{template.path}{suffix}")
                    if source.exists():
                        shutil.copyfile(source, f"{self.path}{suffix}")
            return
        self.drop()
        clause = f' TEMPLATE "{template.name}"' if template else ""
        self._admin(f'CREATE DATABASE "{self.name}"{clause}')

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        parts = urlsplit(self.suite_url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)


class LiveSite:
    """Processes of one scratch site: commands, Python snippets, app servers."""

    def __init__(self, database: ScratchDatabase, var_dir: Path, **env):
        self.database = database
        self.var_dir = var_dir
        self.extra_env = env
        self.servers: list[subprocess.Popen] = []

    def env(self, **extra) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": self.database.url,
                "SECURE_SSL_REDIRECT": "false",
                "BANSHI_VAR_DIR": str(self.var_dir),
                "PYTHONPATH": str(ROOT),
                "ELASTICSEARCH_URL": "",
                "REDIS_URL": "",
                # runserver starts a thread per request: kept connections
                # (production's 60 s, right for gunicorn's fixed threads) would
                # pile up past PostgreSQL's max_connections and answer 500.
                "DATABASE_CONN_MAX_AGE": "0",
                # Test runs read the log, not the console of every process.
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        env.update(extra)
        return env

    def manage(
        self, *args, timeout=300, check=True, **env
    ) -> subprocess.CompletedProcess:
        return self._run([str(ROOT / "manage.py"), *args], timeout, check, env)

    def script(self, name: str, *args, timeout=300, check=True, **env):
        """Run ``children/<name>.py`` (which sets Django up itself)."""
        return self._run([str(CHILDREN / f"{name}.py"), *args], timeout, check, env)

    def query(self, name: str, *args, **env) -> dict:
        """A child script's last output line, parsed as JSON."""
        done = self.script(name, *args, **env)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _run(self, argv, timeout, check, env) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 - our own scripts and arguments
            [sys.executable, *argv],
            env=self.env(**env),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"{argv} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            )
        return done

    def start(self, *args, **env) -> subprocess.Popen:
        """A background process of ``manage.py`` (stopped by ``stop_all``)."""
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env(**env),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.servers.append(process)
        return process

    def serve(self, **env) -> str:
        """Start an app server on a free port; its base URL once it answers."""
        port = free_port()
        process = self.start("runserver", f"127.0.0.1:{port}", "--noreload", **env)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"server exited: {process.stdout.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310
                    return base
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise AssertionError("server did not answer within 60 s")

    def stop_all(self) -> None:
        for process in self.servers:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout:
                process.stdout.close()
        self.servers.clear()


@contextmanager
def scratch_site(template: ScratchDatabase, folder: Path, name: str, **env):
    """A fresh copy of the migrated ``template`` with its own var folder."""
    database = ScratchDatabase(template.suite_url, folder, name)
    database.create(template)
    site = LiveSite(database, folder / f"{name}-var", **env)
    try:
        yield site
    finally:
        site.stop_all()
        database.drop()
