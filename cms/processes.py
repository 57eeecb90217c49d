"""``python -m cms.processes``: the app server and the worker, supervised together.

``scripts/serve`` runs this after its preflight, migrations and collectstatic.
It starts gunicorn (``cms.wsgi``, gthread workers, ``WEB_CONCURRENCY`` of
them) and ``WORKER_PROCESSES`` background workers (``manage.py run_worker``),
forwards SIGTERM/SIGINT to all of them, and when any one exits stops the
rest, so a supervisor above (systemd, the container runtime) sees one
process and restarts it whole.  Children get SIGTERM, then SIGKILL after
``SERVE_GRACE_SECONDS``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.2


def _env_int(name: str, default: int, environ=None) -> int:
    value = ((environ or os.environ).get(name) or "").strip()
    return int(value) if value else default


def gunicorn_command(
    bind: str | None = None, workers: int | None = None, environ=None
) -> list[str]:
    """The gunicorn command line from the variables of ``environ`` (the process's)."""
    environ = os.environ if environ is None else environ
    bind = bind or environ.get("BIND") or f"0.0.0.0:{environ.get('PORT', '8000')}"
    workers = workers or _env_int("WEB_CONCURRENCY", 2, environ)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={_env_int('GUNICORN_THREADS', 4, environ)}",
        f"--timeout={_env_int('GUNICORN_TIMEOUT', 60, environ)}",
        "--graceful-timeout=30",
        "--error-logfile=-",
        # No control socket: several servers on one host would share its path.
        "--no-control-socket",
        # The proxy in front says which requests came over https.
        f"--forwarded-allow-ips={environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')}",
    ]
    if environ.get("ACCESS_LOG", "1") != "0":
        command += [
            "--access-logfile=-",
            '--access-logformat=%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"',
        ]
    return command


def worker_command() -> list[str]:
    return [sys.executable, "manage.py", "run_worker"]


class Supervisor:
    def __init__(self, commands: list[list[str]], grace: float):
        self.commands = commands
        self.grace = grace
        self.children: list[subprocess.Popen] = []
        self.stopping = False

    def on_signal(self, signum, frame):
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.on_signal)
        signal.signal(signal.SIGINT, self.on_signal)
        self.children = [subprocess.Popen(command) for command in self.commands]  # noqa: S603 - our own fixed commands
        code = 0
        while not self.stopping:
            exited = [child for child in self.children if child.poll() is not None]
            if exited:
                code = exited[0].returncode or 1
                name = " ".join(exited[0].args[1:3])
                sys.stderr.write(f"banshi: {name} exited ({code}); stopping\n")
                break
            time.sleep(POLL_SECONDS)
        self.stop()
        return code

    def stop(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in self.children:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                child.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def main() -> int:
    commands = [gunicorn_command()]
    commands += [worker_command()] * _env_int("WORKER_PROCESSES", 1)
    return Supervisor(commands, grace=_env_int("SERVE_GRACE_SECONDS", 40)).run()


if __name__ == "__main__":
    sys.exit(main())
