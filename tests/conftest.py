"""Shared pytest set-up."""

import pytest
from django.core.cache import cache


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
