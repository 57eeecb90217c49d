"""Public addresses follow the request (host, port, proxy), the language follows
the switch only, and the home page names its site."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from catalogue.indexing import ServiceItemSource
from search import services as search_services
from tests.catalogue.factories import ServiceItemFactory
from tests.catalogue.test_guide_pages import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home, index, default = make_site()
    item = ServiceItemFactory(implementation_code="TS-AD-0001", name="地址测试事项")
    search_services.rebuild_index()
    return home, item


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_search_documents_store_paths(site):
    _home, item = site
    document = ServiceItemSource().document_for(item)
    assert document.url == "/items/TS-AD-0001/"
    result = Client().get("/api/v1/search", {"q": "地址测试事项"}).json()
    assert result["results"][0]["url"] == "/items/TS-AD-0001/"


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/items/TS-AD-0001/", "/items/TS-AD-0001/"),
        # An index built before paths: the Site root's host is reduced to the path.
        ("http://localhost/items/TS-AD-0001/?x=1", "/items/TS-AD-0001/?x=1"),
        ("http://evil.example/items/", "/"),
        ("//evil.example/items/", "/"),
        ("javascript:alert(1)", "/"),
        ("items/relative", "/"),
    ],
)
def test_click_view_accepts_paths_only(site, target, expected):
    response = Client().get("/search/click/", {"to": target, "q": "x"})
    assert response.status_code == 302 and response["Location"] == expected


def test_canonical_and_region_switch_follow_the_host_and_port(site, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", ".localhost"]
    response = Client().get("/", headers={"host": "hc.localhost:8123"})
    page = soup(response)
    assert page.select_one("link[rel=canonical]")["href"] == "http://hc.localhost:8123/"
    switch = page.select_one("form.region-switch")
    if switch is not None:
        assert switch["action"] == "/"
    guide = soup(Client().get("/items/TS-AD-0001/", headers={"host": "127.0.0.1:8123"}))
    assert (
        guide.select_one("link[rel=canonical]")["href"]
        == "http://127.0.0.1:8123/items/TS-AD-0001/"
    )


def test_forwarded_host_only_when_configured(site, settings):
    headers = {"host": "127.0.0.1:8000", "x-forwarded-host": "banshi.example.gov.cn"}
    settings.ALLOWED_HOSTS = ["127.0.0.1", "banshi.example.gov.cn"]
    plain = soup(Client().get("/items/TS-AD-0001/", headers=headers))
    assert plain.select_one("link[rel=canonical]")["href"].startswith(
        "http://127.0.0.1:8000/"
    )
    settings.USE_X_FORWARDED_HOST = True
    proxied = soup(Client().get("/items/TS-AD-0001/", headers=headers))
    assert proxied.select_one("link[rel=canonical]")["href"] == (
        "http://banshi.example.gov.cn/items/TS-AD-0001/"
    )


def test_language_is_chinese_whatever_the_browser_says(site):
    english_browser = Client().get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert english_browser["Content-Language"] == "zh-hans"
    assert '<html lang="zh-CN">' in english_browser.content.decode()
    assert "Accept-Language" not in english_browser.get("Vary", "")


def test_language_switch_keeps_english_in_a_cookie(site):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies["django_language"].value == "en"
    assert client.get("/")["Content-Language"] == "en"


def test_home_h1_is_the_site_name(site):
    from wagtail.models import Site

    default = Site.objects.get(is_default_site=True)
    default.site_name = "测试省政务服务网"
    default.save()
    assert soup(Client().get("/")).select_one("h1").get_text() == "测试省政务服务网"


def test_search_filters_fold_into_details_with_removable_chips(site):
    page = soup(
        Client().get("/search/", {"q": "地址测试事项", "type": "item", "page": "1"})
    )
    details = page.select_one("details#search-filters")
    assert details is not None and not details.has_attr("open")
    assert details.select_one("summary").get_text(strip=True).startswith("筛选")
    chips = page.select(".filter-chips a.chip")
    assert len(chips) == 1 and "事项" in chips[0].get_text()
    assert (
        chips[0]["href"] == "?q=%E5%9C%B0%E5%9D%80%E6%B5%8B%E8%AF%95%E4%BA%8B%E9%A1%B9"
    )
    # Every filter link sits inside the closed disclosure, none beside the hits.
    assert details.select(".facet a")
    assert not page.select(".facet a")[len(details.select(".facet a")) :]
