"""A citizen on a phone asks the demo in spoken Chinese (issue 15).

The demo as ``load_demo`` builds it: a long spoken question gets the basic
case first, a lost card gets the replacement, a question about materials is
answered in place with a link to the guide, a typed code opens its item, and
a greeting alone gets the zero-result help — on the province site and the
city site, with axe and a screenshot of each page.
"""

from urllib.parse import quote

from .conftest import axe_blocking, screenshot


def first_result(page):
    return page.locator("ol.hits li.hit a").first


def test_citizen_asks_in_spoken_chinese(demo, new_context):
    for site, origin in (("province", demo.url), ("city", demo.city_url)):
        page = new_context(viewport="phone", origin=origin).new_page()

        page.goto(
            "/search/?type=item&q=" + quote("您好，请问我想办个身份证该怎么办啊？")
        )
        assert "首次申领" in first_result(page).inner_text()
        assert axe_blocking(page) == []

        page.goto("/search/?type=item&q=" + quote("身份证不小心弄丢了需要带什么材料"))
        assert "补领" in first_result(page).inner_text()
        card = page.locator("section.answer-card")
        assert card.is_visible()
        assert "居民户口簿" in card.inner_text() or card.locator("li").count() > 0
        assert axe_blocking(page) == []
        screenshot(page, f"{site}-phone-search-answer")
        card.get_by_role("link").click()
        page.wait_for_url("**/items/**")
        assert page.url.endswith("#sec-materials")
        assert page.locator("#sec-materials").is_visible()

        page.goto("/search/?q=HC-SJ-001")
        assert "个体工商户设立登记" in first_result(page).inner_text()

        page.goto("/search/?q=" + quote("您好，请问一下"))
        assert page.locator("section.zero-results").is_visible()
        assert axe_blocking(page) == []
        page.context.close()
