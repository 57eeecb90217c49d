import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings):
    # Form-builder tests run without the catalogue glue unless they ask for it.
    settings.FORMBUILDER_CONTEXT_PROVIDER = None
    cache.clear()
    yield
    cache.clear()
