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


# Packages whose fixtures start servers or build the demo once per worker
# (package or session scope): all their tests go to one worker.
WHOLE_PACKAGES = ("journeys", "browser", "live")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``--dist loadgroup``, scripts/test) send each module,
    and each of ``WHOLE_PACKAGES``, to one worker, so class and module set-ups
    (``load_demo`` in ``setUpTestData``) run once, not once per worker."""
    for item in items:
        parts = item.nodeid.split("::", 1)[0].split("/")
        package = parts[1] if len(parts) > 2 else ""
        group = package if package in WHOLE_PACKAGES else "/".join(parts)
        item.add_marker(pytest.mark.xdist_group(group))
