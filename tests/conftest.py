"""Shared pytest set-up."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, settings

# Property tests check behaviour, never speed: on a loaded CI machine one slow
# draw or example must not fail a test (tests that set their own settings
# still start from this profile).
settings.register_profile(
    "banshi", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("banshi")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Keys made of primary keys (import progress, report state) must not leak
    into a later test whose rows reuse those keys."""
    from cms.pagecache.store import forget_local
    from search.query_cache import forget_local as forget_answers

    cache.clear()
    forget_local()
    forget_answers()
    yield
    cache.clear()
    forget_local()
    forget_answers()
