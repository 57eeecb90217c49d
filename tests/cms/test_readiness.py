"""Liveness stays up; readiness names the dependency that is down."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import TestCase

from cms.worker.status import WorkerStatus

ROOT = Path(__file__).resolve().parents[2]


class ReadinessTests(TestCase):
    def ready(self):
        response = self.client.get("/readyz")
        return response.status_code, response.json()

    def assert_down(self, name, also=()):
        status, body = self.ready()
        self.assertEqual(status, 503)
        self.assertEqual(body["status"], "error")
        down = [n for n, check in body["checks"].items() if not check["ok"]]
        self.assertEqual(set(down), {name, *also})
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        return body["checks"][name]["detail"]

    def test_everything_up(self):
        status, body = self.ready()
        self.assertEqual(status, 200)
        self.assertEqual(set(body["checks"]), {"database", "cache", "worker", "search"})

    def test_database_down(self):
        with mock.patch(
            "cms.readiness.connection.cursor", side_effect=OperationalError("gone")
        ):
            # The worker's heartbeat and the embedded index live there too.
            detail = self.assert_down("database", also=("worker", "search"))
            self.assertEqual(detail, "OperationalError")

    def test_cache_down(self):
        with mock.patch("cms.readiness.cache.set", side_effect=ConnectionError("x")):
            self.assert_down("cache")

    def test_no_worker_while_tasks_wait_for_one(self):
        silent = WorkerStatus(required=True, alive=False, queued=3)
        with mock.patch("cms.worker.worker_status", return_value=silent):
            self.assertIn("3 tasks queued", self.assert_down("worker"))

    def test_search_backend_down(self):
        answer = (False, "alias banshi-search missing: run rebuild_search_index")
        with mock.patch("search.services.backend_health", return_value=answer):
            self.assertIn("alias", self.assert_down("search"))


def _preflight(tmp_path, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ELASTICSEARCH"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        BANSHI_VAR_DIR=str(tmp_path),
    )
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    done = subprocess.run(
        [sys.executable, "-m", "cms.preflight"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stderr.strip().splitlines()


def _redis_up() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.parametrize("name", ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"])
def test_a_missing_variable_is_one_line_and_exit_1(tmp_path, name):
    code, lines = _preflight(tmp_path, **{name: None})
    assert code == 1
    assert len(lines) == 1 and name in lines[0]


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("DATABASE_URL", "postgres://postgres:secret@127.0.0.1:1/nothing"),
        ("REDIS_URL", "redis://127.0.0.1:1/0"),
    ],
)
def test_an_unreachable_service_is_one_line_naming_it(tmp_path, name, url):
    code, lines = _preflight(tmp_path, **{name: url})
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"banshi: {name}: cannot")
    assert "secret" not in lines[0]  # passwords stay out of logs


@pytest.mark.skipif(
    not _redis_up(), reason="needs the local Redis for the steps before"
)
def test_an_unreachable_elasticsearch_is_one_line_naming_it(tmp_path):
    code, lines = _preflight(tmp_path, ELASTICSEARCH_URL="https://u:pw@127.0.0.1:1")
    assert code == 1
    assert len(lines) == 1 and "ELASTICSEARCH_URL" in lines[0]
    assert "pw" not in lines[0]


@pytest.mark.skipif(not _redis_up(), reason="needs the local Redis")
def test_all_there_is_silent_and_exit_0(tmp_path):
    assert _preflight(tmp_path) == (0, [])
