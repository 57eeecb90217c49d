"""axe-core over the public pages, normal and elderly mode, phone and desktop.

Each run builds a small site (``site.build_site``) and visits home, search
results, an item guide, a guide page, a video page and a form step; a page
passes with 0 serious or critical axe violations.  Screenshots of home and
the item guide land in ``var/screenshots/`` for review (CI keeps them).
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from .conftest import DESKTOP, PHONE
from .site import build_site

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
MODES = {"normal": "0", "elder": "1"}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
_axe = Axe()


def _blocking(results):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


def _open_form_step(page, start_url):
    """Start the form (a POST button) and land on its first step."""
    page.goto(start_url)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/step/1/")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
def test_no_serious_axe_violations(browser_context_factory, mode, width):
    site = build_site()
    if site.form_skip_reason:
        print(f"form step skipped: {site.form_skip_reason}")  # noqa: T201
    page = browser_context_factory(viewport=WIDTHS[width]).new_page()
    page.goto(f"/?elder={MODES[mode]}")  # the cookie carries the mode on
    failures = {}
    for name, url in site.urls.items():
        if name == "form":
            _open_form_step(page, url)
        else:
            page.goto(url)
        assert ("elder-mode" in page.locator("body").get_attribute("class")) == (
            mode == "elder"
        ), name
        problems = _blocking(_axe.run(page))
        if problems:
            failures[name] = problems
        if name in ("home", "item"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=SCREENSHOTS / f"{name}-{mode}-{width}.png", full_page=True
            )
    assert failures == {}
