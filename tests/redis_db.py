"""The Redis database a test may flush: one per pytest-xdist worker.

Tests that write Redis flush their database first; two workers sharing one
would flush each other's counters mid-test.
"""

import os

FIRST_DB = 4


def worker_redis_url() -> str:
    url = os.environ.get("BANSHI_TEST_REDIS_URL")
    if url:
        return url
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{FIRST_DB + int(worker.removeprefix('gw'))}"
