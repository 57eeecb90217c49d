"""Parallel HTTP requests against live app servers (standard library only)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict | None
    seconds: float


def request(url: str, body: dict | None = None, headers=None, timeout=180) -> Answer:
    data = None if body is None else json.dumps(body).encode()
    sent = urllib.request.Request(  # noqa: S310 - our own live server
        url,
        data=data,
        headers={"Content-Type": "application/json", **(headers or {})},
        method="GET" if body is None else "POST",
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    return Answer(status, parsed, time.monotonic() - started)


def in_parallel(calls, workers: int) -> list[Answer]:
    """Run the zero-argument ``calls`` on ``workers`` threads, all at once."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda call: call(), calls))


def statuses(answers: list[Answer]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status] = counts.get(answer.status, 0) + 1
    return dict(sorted(counts.items()))
