"""Rate limits hold under parallel requests, across several app processes.

Two app servers (threaded, production settings) share one scratch database,
and, for the Redis counter, one Redis database: 20 parallel submissions
against a limit of 10 get exactly 10 accepted, 200 parallel look-ups exactly
10 answers, whichever server each request reaches.
"""

from functools import partial

import pytest

from tests.redis_db import worker_redis_url

from . import http
from .http import in_parallel, statuses

LIMIT = 10
REDIS_URL = worker_redis_url()


def redis_or_skip() -> str:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return REDIS_URL


@pytest.fixture(params=["database", "redis"])
def servers(request, live_site):
    env = {"FORMBUILDER_RATE_LIMIT": str(LIMIT)}
    if request.param == "redis":
        env["REDIS_URL"] = redis_or_skip()
    form = live_site.query("make_form", **env)
    bases = [live_site.serve(**env), live_site.serve(**env)]
    return bases, form


def test_twenty_parallel_submissions_against_a_limit_of_ten(servers):
    bases, form = servers
    calls = [
        partial(
            http.request,
            f"{bases[n % 2]}/api/v1/forms/{form['slug']}/submissions",
            {"answers": form["answers"]},
        )
        for n in range(20)
    ]
    answers = in_parallel(calls, workers=20)
    assert statuses(answers) == {201: LIMIT, 429: 20 - LIMIT}
    assert all(
        a.body and (a.body.get("reference") or a.body["errors"]) for a in answers
    )


def test_two_hundred_parallel_look_ups_get_ten_answers(servers):
    bases, _form = servers
    calls = [
        partial(
            http.request,
            f"{bases[n % 2]}/api/v1/submissions/BS-20260101-AAAAAA/status",
            headers={"X-Phone-Last4": "1234"},
        )
        for n in range(200)
    ]
    answers = in_parallel(calls, workers=20)
    assert statuses(answers) == {404: LIMIT, 429: 200 - LIMIT}
