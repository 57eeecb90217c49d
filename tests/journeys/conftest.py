"""Fixtures of the journey suite (``-m journey``): the demo as ``load_demo``
builds it, served on a free port (``demo_server.py``), and Debian's Chromium.

Journeys share one demo per test run, as a newcomer's clicks share one
database: a journey makes what it changes its own (a new draft, a new
submission) rather than expecting a pristine catalogue.
"""

import os
from pathlib import Path

import pytest

from .demo_server import ROOT, start_demo_server

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = Path(ROOT) / "var" / "screenshots"
# Chromium flags for this closed network: no background connections that
# the machine would refuse at every start.
_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.journey)
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def demo():
    """The running demo (``demo.url``, ``demo.city_url``, ``demo.password``).

    Session scope: under xdist a worker may run other groups' tests between
    journeys, and a package fixture would be torn down and the demo (tens of
    seconds) loaded again.  The server is a separate process, so keeping it
    up touches nothing else in this worker.
    """
    server = start_demo_server()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=_CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, demo):
    """Make a fresh browser context, like a new device: no cookies, no session.

    ``new_context(viewport="phone", origin=demo.city_url, locale="en-US")``;
    relative ``page.goto("/search/")`` addresses go to ``origin``.
    """
    contexts = []

    def make(viewport="phone", origin=None, locale="zh-CN"):
        size = VIEWPORTS[viewport]
        context = browser.new_context(
            viewport=size,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            locale=locale,
            base_url=origin or demo.url,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def log_in(page, demo, username):
    """Log in to the Wagtail admin as a demo user through its login form."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


# Wagtail's autosave is settled: no save in flight and, on a create view, the
# page already hydrated into the edit view the save created.
_AUTOSAVE_SETTLED = """() => {
  const indicator = document.getElementById("w-autosave-indicator");
  if (!indicator) return true;
  const form = document.querySelector("form[data-w-autosave-interval-value]");
  const state = indicator.getAttribute("data-w-autosave-state-value");
  return state !== "saving" && !(form && form.action.includes("/add/") && state);
}"""


def _autosave_settled(page):
    """Wait until the autosave of the editor's last change has finished.

    A publish clicked while an autosave of a new form is in flight posts to
    the add view again, after the autosave created the form, and is refused
    for the now-taken URL name (seen under CI load); an editor waits for the
    "Saved" mark, and so do the journeys.
    """
    page.wait_for_function(_AUTOSAVE_SETTLED, timeout=30_000)
    page.wait_for_timeout(800)  # past the autosave interval: a pending save starts
    page.wait_for_function(_AUTOSAVE_SETTLED, timeout=30_000)


def choose_in_footer(page, label):
    """Click ``label`` in the footer (opening 更多动作 when it is folded)."""
    _autosave_settled(page)
    footer = page.locator("footer")
    button = footer.get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        footer.locator("[data-w-dropdown-target='toggle']").first.click()
    footer.get_by_role("button", name=label, exact=True).click()


def footer_action(page, label):
    """Choose ``label`` in the footer and wait for the page's message."""
    choose_in_footer(page, label)
    page.wait_for_load_state()
    page.wait_for_selector(".messages", timeout=15_000)


def admin_message(page):
    """The page's message, with every field error when the save was refused."""
    errors = page.locator(".error-message, .w-field__errors, .help-critical")
    details = [text.strip() for text in errors.all_inner_texts() if text.strip()]
    return page.locator(".messages").inner_text() + "".join(f" | {d}" for d in details)


def screenshot(page, name):
    """Keep a full-page screenshot under ``var/screenshots/`` (CI artefacts)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def axe_blocking(page):
    """axe-core's serious and critical violations on the page, described."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
