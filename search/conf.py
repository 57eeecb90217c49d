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


def elasticsearch_client_options() -> dict:
    """Keyword arguments for ``Elasticsearch()`` as ES 8 is deployed.

    Security is on by default in ES 8: https, a user and password (in the
    URL's user part, kept out of logs) or an API key, and for a cluster with
    a self-signed certificate the CA that signed it.  Timeouts and retries
    keep a slow node from holding a request for long.
    """
    from urllib.parse import unquote, urlsplit, urlunsplit

    url = elasticsearch_url()
    parts = urlsplit(url)
    options: dict = {
        "request_timeout": _number("ELASTICSEARCH_TIMEOUT", 10.0),
        "max_retries": int(_number("ELASTICSEARCH_MAX_RETRIES", 2)),
        "retry_on_timeout": True,
    }
    if parts.username:
        options["basic_auth"] = (unquote(parts.username), unquote(parts.password or ""))
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    options["hosts"] = [urlunsplit(parts)]
    api_key = getattr(settings, "ELASTICSEARCH_API_KEY", "") or ""
    if api_key:
        options.pop("basic_auth", None)
        options["api_key"] = api_key
    ca_certs = getattr(settings, "ELASTICSEARCH_CA_CERTS", "") or ""
    if ca_certs:
        options["ca_certs"] = ca_certs
    if not getattr(settings, "ELASTICSEARCH_VERIFY_CERTS", True):
        options["verify_certs"] = False
        options["ssl_show_warn"] = False
    return options


def elasticsearch_client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(**elasticsearch_client_options())


def _number(name: str, default: float) -> float:
    value = getattr(settings, name, None)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from exc


# Elasticsearch's default ``index.max_result_window``: from + size beyond it
# is refused, so no backend pages past it.
DEFAULT_RESULT_WINDOW = 10_000


def max_result_window() -> int:
    """The deepest result a page may reach (``SEARCH_MAX_RESULT_WINDOW``)."""
    value = getattr(settings, "SEARCH_MAX_RESULT_WINDOW", None) or DEFAULT_RESULT_WINDOW
    return max(1, int(value))
