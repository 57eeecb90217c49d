"""Shared Playwright fixtures for the browser suite (``-m browser``).

One headless Chromium (Debian's ``/usr/bin/chromium``) for this package's
tests; each test gets a fresh context and page.  Tests run against pytest-django's
``live_server``; the database is rolled back by serialisation, so every test
starts from the migrated state (Wagtail's root page and default site) and must
build its own site.
"""

import os

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for the browser tests (starting it takes about a second).

    Package scope, not session: while Playwright's sync API is open its event
    loop counts as running in this thread, and Django refuses ORM calls there
    unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set.  The variable is set only for
    that time, so the rest of the suite (``check --deploy`` included) runs
    with Django's async safety on.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    saved = _serialized_contents(connections)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        yield from _launch(sync_playwright, connections, saved)
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _launch(sync_playwright, connections, saved):
    with sync_playwright() as playwright:
        # Playwright's sync API switches greenlets, and with them the context
        # Django's per-context connections live in: the test code gets fresh
        # connection objects without the serialised test data that
        # ``serialized_rollback`` restores from.  Hand it over.
        for alias, contents in saved.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()


def _serialized_contents(connections):
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture
def browser_context_factory(browser, live_server, django_db_serialized_rollback):
    """Make browser contexts (viewport, language, cookies) closed after the test."""
    contexts = []

    def make(viewport=PHONE, locale="zh-CN"):
        context = browser.new_context(
            viewport=viewport,
            locale=locale,
            base_url=live_server.url,
            extra_http_headers={"Accept-Language": locale},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(browser_context_factory):
    """A page at phone width whose relative ``goto`` URLs hit the live server."""
    return browser_context_factory().new_page()
