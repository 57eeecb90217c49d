"""Elderly mode in a real browser: computed sizes, targets and the toggle."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE
from .site import build_site

pytestmark = pytest.mark.browser

MIN_FONT_PX = 18
MIN_LINE_RATIO = 1.3
MIN_TARGET_PX = 60

_STYLE = """
(el) => { const s = getComputedStyle(el);
  return [parseFloat(s.fontSize), s.lineHeight === 'normal' ? null : parseFloat(s.lineHeight)]; }
"""


def _text_sizes(page, selector):
    return [
        (selector, *page.locator(selector).nth(i).evaluate(_STYLE))
        for i in range(page.locator(selector).count())
    ]


def _small_targets(page, selector):
    small = []
    for i in range(page.locator(selector).count()):
        box = page.locator(selector).nth(i).bounding_box()
        if box and (box["width"] < MIN_TARGET_PX or box["height"] < MIN_TARGET_PX):
            small.append((selector, i, round(box["width"]), round(box["height"])))
    return small


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_elder_sizes(browser_context_factory, viewport):
    """Text ≥ 18 px with line height ≥ 1.3; toggle and main links ≥ 60×60 px."""
    site = build_site()
    page = browser_context_factory(viewport=viewport).new_page()
    for name in ("home", "item", "guide"):
        page.goto(site.urls[name] + "?elder=1")
        sizes = (
            _text_sizes(page, "body")
            + _text_sizes(page, "main p")
            + _text_sizes(page, "main li")
        )
        too_small = [s for s in sizes if s[1] < MIN_FONT_PX]
        too_tight = [
            s for s in sizes if s[2] is not None and s[2] / s[1] < MIN_LINE_RATIO
        ]
        assert too_small == [], name
        assert too_tight == [], name
        targets = ["a.elder-toggle", "header button", "header select", "header input"]
        if name == "home":
            targets += [".high-frequency a", ".zones a"]
        small = [t for selector in targets for t in _small_targets(page, selector)]
        assert small == [], name


def test_normal_mode_targets_and_toggle(browser_context_factory):
    """Outside elderly mode targets are still ≥ 44 px; the toggle switches modes."""
    build_site()
    page = browser_context_factory(viewport=PHONE).new_page()
    page.goto("/")
    box = page.locator("a.elder-toggle").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert float(page.locator("body").evaluate(_STYLE)[0]) < MIN_FONT_PX
    page.locator("a.elder-toggle").click()
    page.wait_for_load_state()
    assert "elder-mode" in page.locator("body").get_attribute("class")
    page.goto("/items/")  # no query: the cookie keeps the mode
    assert "elder-mode" in page.locator("body").get_attribute("class")
    assert page.locator(".help-line a[href^='tel:']").is_visible()
    page.locator("a.elder-toggle").click()
    page.wait_for_load_state()
    assert "elder-mode" not in page.locator("body").get_attribute("class")


def test_axe_harness_reports_known_violations(browser_page):
    """The axe run is not vacuous: an image without alt text is reported critical."""
    browser_page.set_content(
        '<html lang="en"><body><main><img src="x.png"></main></body></html>'
    )
    violations = Axe().run(browser_page).response["violations"]
    assert any(v["id"] == "image-alt" and v["impact"] == "critical" for v in violations)
