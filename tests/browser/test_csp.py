"""The browser enforces the Content-Security-Policy and nothing on the public
pages breaks it (no blocked script, style or asset), the form step included."""

import pytest

from .site import build_site
from .test_accessibility import _open_form_step

pytestmark = pytest.mark.browser

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_public_pages_break_no_policy(browser_context_factory):
    site = build_site()
    context = browser_context_factory()
    context.add_init_script(COLLECT)
    page = context.new_page()
    seen = {}
    for name, url in site.urls.items():
        response = None
        if name == "form":
            _open_form_step(page, url)
        else:
            response = page.goto(url)
        if response is not None:
            assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        seen[name] = page.evaluate("window.__cspViolations")
    assert all(not violations for violations in seen.values()), seen
    # The harness does see a violation: an inline script added now is blocked.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
