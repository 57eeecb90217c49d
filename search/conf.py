"""Settings of the search app, read when used (never at import time).

``ELASTICSEARCH_URL`` chooses the Elasticsearch backend; unset, search runs
on the site's own database.  ``SEARCH_ELASTICSEARCH_INDEX`` names the alias
the backend reads and writes (indexes behind it are ``<alias>-<timestamp>``).
``SEARCH_ELASTICSEARCH_ANALYZER`` adds an Elasticsearch-side Chinese analyzer
(``smartcn`` or ``ik``; the plugin must be installed) over the raw texts, next
to the tokens the app analyses itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NATIVE_ANALYZERS = ("", "smartcn", "ik")


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def elasticsearch_index() -> str:
    return getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", "") or "banshi-search"


def elasticsearch_analyzer() -> str:
    value = (getattr(settings, "SEARCH_ELASTICSEARCH_ANALYZER", "") or "").lower()
    if value not in NATIVE_ANALYZERS:
        raise ImproperlyConfigured(
            f"SEARCH_ELASTICSEARCH_ANALYZER must be one of {NATIVE_ANALYZERS}, not {value!r}."
        )
    return value


# Elasticsearch's default ``index.max_result_window``: from + size beyond it
# is refused, so no backend pages past it.
DEFAULT_RESULT_WINDOW = 10_000


def max_result_window() -> int:
    """The deepest result a page may reach (``SEARCH_MAX_RESULT_WINDOW``)."""
    value = getattr(settings, "SEARCH_MAX_RESULT_WINDOW", None) or DEFAULT_RESULT_WINDOW
    return max(1, int(value))
