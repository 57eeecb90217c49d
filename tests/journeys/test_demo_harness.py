"""The journey harness serves the demo as a newcomer gets it."""

from .conftest import log_in
from .origins import foreign_addresses


def test_both_sites_answer_on_their_own_host(new_context, demo):
    """The province answers at 127.0.0.1, the city at hc.localhost, same port."""
    titles = {}
    for origin in (demo.url, demo.city_url):
        page = new_context(origin=origin).new_page()
        response = page.goto("/")
        assert response.status == 200, origin
        titles[origin] = page.title()
    assert titles[demo.url] != titles[demo.city_url]


def test_city_editor_logs_in_with_the_printed_password(new_context, demo):
    page = new_context(viewport="desktop").new_page()
    log_in(page, demo, "hc-editor")
    assert page.url.endswith("/admin/")


def test_foreign_addresses_sees_another_port(new_context, demo):
    """The origin check itself: an address on another port of the same host
    counts as leaving, a relative one does not."""
    page = new_context().new_page()
    page.goto("/healthz")
    page.set_content(
        '<a href="/items/">in</a><a href="http://localhost/">out</a>'
        '<form action="http://127.0.0.1:1/x"></form><a href="javascript:void(0)">js</a>'
    )
    # set_content keeps the page's origin, so relative addresses stay on it.
    kinds = sorted(kind for kind, _ in foreign_addresses(page))
    assert kinds == ["a", "a", "form"]
