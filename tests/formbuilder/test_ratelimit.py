"""The rate-limit counters: one atomic increment per attempt, per key and window."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from formbuilder import ratelimit
from formbuilder.models import RateCounter
from tests.redis_db import worker_redis_url

pytestmark = pytest.mark.django_db


def test_the_database_counter_counts_each_key_apart_and_drops_stale_rows():
    counter = ratelimit.DatabaseCounter()
    RateCounter.objects.create(
        key="old", count=3, expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert [counter.increment("a", 60) for _ in range(3)] == [1, 2, 3]
    assert counter.increment("b", 60) == 1
    assert set(RateCounter.objects.values_list("key", "count")) == {("a", 3), ("b", 1)}


def test_the_counter_follows_the_site_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}
    }
    assert isinstance(ratelimit.counter(), ratelimit.RedisCounter)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": "unused",
        }
    }
    assert isinstance(ratelimit.counter(), ratelimit.DatabaseCounter)


def test_hit_refuses_past_the_limit_per_scope_and_client(settings):
    settings.FORMBUILDER_RATE_LIMIT = 2
    one = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    two = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert [ratelimit.hit(one, "submit") for _ in range(3)] == [True, True, False]
    assert ratelimit.hit(one, "lookup") and ratelimit.hit(two, "submit")
    assert ratelimit.hit(one, "upload", factor=2)
    stored = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert "10.0.0.1" not in stored  # addresses are hashed


def test_the_redis_counter_sets_the_expiry_once():
    import redis

    url = worker_redis_url()
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.delete("rl-test")
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {url}: {error}")
    counter = ratelimit.RedisCounter()
    counter.connection = lambda: client
    assert [counter.increment("rl-test", 60) for _ in range(3)] == [1, 2, 3]
    assert 0 < client.ttl("rl-test") <= 61
    client.expire("rl-test", 5)
    counter.increment("rl-test", 60)
    assert client.ttl("rl-test") <= 5  # NX: later attempts keep the window's end
    client.delete("rl-test")
