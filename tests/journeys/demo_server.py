"""The demo exactly as ``load_demo`` builds it, served by the README's server.

A journey must see what a newcomer sees after ``./scripts/demo``: both Sites
(the province at ``localhost``, 海川市 at ``hc.localhost``), the demo users and
their printed password, the dev settings and the in-process task backend.  So
the harness does not use pytest-django's test database: it migrates a scratch
database of its own (a temporary SQLite file, or a PostgreSQL database named
after ``DATABASE_URL``'s), runs ``load_demo`` into it and serves it with
``manage.py runserver`` on a free port of 127.0.0.1 in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CITY_HOST = "hc.localhost"
# Variables of the developer's shell that would make the demo differ from a
# newcomer's (a Redis, an Elasticsearch, a worker queue, other settings).
_NEWCOMER_UNSETS = (
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "TASKS_BACKEND",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
)


@dataclass
class DemoServer:
    """A running demo: its two origins, its logins and a way to run commands."""

    port: int
    env: dict
    var_dir: Path
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _cleanups: list = field(default_factory=list)

    @property
    def url(self) -> str:
        """The province site, at the address the README prints (its host)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def city_url(self) -> str:
        return f"http://{CITY_HOST}:{self.port}"

    @property
    def password(self) -> str:
        """The one password ``load_demo`` gave every demo user."""
        return (self.var_dir / "demo-password").read_text().strip()

    def manage(self, *args: str, check: bool = True, timeout: float = 600):
        """Run ``manage.py`` against the demo's database and settings."""
        return subprocess.run(  # noqa: S603 - this interpreter, our manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def shell(self, code: str) -> str:
        """Run Python in ``manage.py shell`` against the demo; its stdout."""
        return self.manage("shell", "-c", code).stdout

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for cleanup in reversed(self._cleanups):
            cleanup()


def start_demo_server() -> DemoServer:
    """Build the demo into a scratch database and serve it; stop() undoes all."""
    var_dir = Path(tempfile.mkdtemp(prefix="banshi-journeys-"))
    env = _newcomer_env(var_dir)
    server = DemoServer(port=_free_port(), env=env, var_dir=var_dir)
    server._cleanups.append(lambda: shutil.rmtree(var_dir, ignore_errors=True))
    try:
        _attach_database(server)
        server.manage("migrate", "--noinput", "-v0")
        server.manage("load_demo")
        _serve(server)
    except BaseException:
        server.stop()
        raise
    return server


def _newcomer_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _NEWCOMER_UNSETS}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        BANSHI_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def _attach_database(server: DemoServer) -> None:
    """SQLite in the scratch folder, or a scratch PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        server.env["DATABASE_URL"] = f"sqlite:///{server.var_dir / 'demo.sqlite3'}"
        return
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_journeys_{os.getpid()}"
    _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres_admin(url, f'CREATE DATABASE "{name}"')
    server._cleanups.append(
        lambda: _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    )
    server.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def _serve(server: DemoServer) -> None:
    server.log_path = server.var_dir / "runserver.log"
    log = server.log_path.open("w")
    server._cleanups.append(log.close)
    server.process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{server.port}",
            "--noreload",
        ],
        cwd=ROOT,
        env=server.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _wait_until_up(server)


def _wait_until_up(server: DemoServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"runserver exited:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"runserver did not answer in {timeout} s:\n{server.log()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
