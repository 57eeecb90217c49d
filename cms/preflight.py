"""``python -m cms.preflight``: are the production dependencies there?

Run by ``scripts/serve`` before migrating.  Each problem is one line naming
the variable (``DATABASE_URL``, ``REDIS_URL``, ``ELASTICSEARCH_URL``, …) and
exit status 1, instead of a traceback from the first request.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit

REQUIRED = {
    "SECRET_KEY": "a long random string",
    "ALLOWED_HOSTS": "the host names served, comma-separated",
    "DATABASE_URL": "postgres://USER@HOST:5432/NAME (or sqlite:///PATH)",
    "REDIS_URL": "redis://HOST:6379/0",
}
TIMEOUT = 5


class PreflightError(Exception):
    pass


def redacted(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (
        f":{parts.port}" if parts.port else ""
    )
    return urlunsplit(parts._replace(netloc=netloc))


def check_environment(environ=os.environ) -> None:
    for name, example in REQUIRED.items():
        if not (environ.get(name) or "").strip():
            raise PreflightError(f"{name} is not set (expected {example}).")


def check_database() -> None:
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    try:
        connection.ensure_connection()
    except Exception as exc:
        raise PreflightError(
            f"DATABASE_URL: cannot connect to {redacted(url)} ({_reason(exc)})."
        ) from exc


def check_redis() -> None:
    import redis

    url = os.environ.get("REDIS_URL", "")
    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
        )
        client.ping()
    except Exception as exc:
        raise PreflightError(
            f"REDIS_URL: cannot reach {redacted(url)} ({_reason(exc)})."
        ) from exc


def check_elasticsearch() -> None:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return
    import logging

    from search import conf

    # The client logs each failed attempt; the one line below says it all.
    logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    try:
        options = {**conf.elasticsearch_client_options(), "max_retries": 0}
        options["request_timeout"] = TIMEOUT
        from elasticsearch import Elasticsearch

        answered = Elasticsearch(**options).ping()
    except Exception as exc:
        raise PreflightError(
            f"ELASTICSEARCH_URL: cannot reach {redacted(url)} ({_reason(exc)})."
        ) from exc
    if not answered:
        raise PreflightError(
            f"ELASTICSEARCH_URL: {redacted(url)} does not answer "
            "(check the address, ELASTICSEARCH_API_KEY or the credentials, "
            "ELASTICSEARCH_CA_CERTS)."
        )


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def run() -> None:
    check_environment()
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise PreflightError(str(exc)) from exc
    check_database()
    check_redis()
    check_elasticsearch()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    try:
        run()
    except PreflightError as exc:
        sys.stderr.write(f"banshi: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
