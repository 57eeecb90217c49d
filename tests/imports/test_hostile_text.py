"""Hostile text in every imported column renders inert everywhere it shows.

Each text column of the workbook gets markup that would run if a page
printed it raw; the URL column gets ``javascript:`` and ``data:`` addresses.
The import refuses the addresses and stores the text as text; the guide,
search results, suggestions and the admin show it escaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.utils import quote
from django.urls import reverse

from catalogue.models import ServiceItem
from imports import services
from search import services as search
from tests.cms.site import make_site

from .helpers import sample, write_workbook

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
TEXT_COLUMNS = (
    "事项名称",
    "别名",
    "必须现场办理原因说明",
    "设定依据",
    "受理条件",
    "办理地点",
    "办理时间",
    "审批结果名称",
    "一件事",
    "生命周期/事件",
    "实施主体",
    "区划名称",
)
MATERIAL_TEXT = ("材料名称", "备注")
BAD_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
)


def _hostile_book(tmp: Path, url: str) -> Path:
    data = sample()
    headers = [*data["item_headers"], "网办地址"]
    row = [*data["items"][0], url]
    for header in TEXT_COLUMNS:
        row[headers.index(header)] = f"{header}{PAYLOAD}"
    m_headers = data["material_headers"]
    materials = [list(m) for m in data["materials"] if m[0] == row[0]]
    for material in materials:
        for header in MATERIAL_TEXT:
            material[m_headers.index(header)] = f"{material[2]}{header}{PAYLOAD}"
    return write_workbook(
        tmp / "hostile.xlsx",
        {"事项清单": [headers, row], "材料信息": [m_headers, *materials]},
    )


@pytest.mark.parametrize("url", BAD_URLS)
def test_script_addresses_are_refused_on_their_cell(tmp_path, url):
    outcome = services.import_file(_hostile_book(tmp_path, url))
    assert not outcome.applied
    errors = [(e["row"], e["column"], e["code"]) for e in outcome.summary()["errors"]]
    assert errors == [(2, "网办地址", "invalid_format")]
    assert not ServiceItem.objects.exists()


def _assert_inert(html: str) -> None:
    assert "<script>alert(1)</script>" not in html
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        for attr in ("href", "src", "action", "formaction"):
            value = str(tag.get(attr, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), tag
    assert not [s for s in page.find_all("script") if "alert(" in s.get_text()]


@pytest.fixture
def imported(tmp_path):
    make_site()
    outcome = services.import_file(
        _hostile_book(tmp_path, "https://zwfw.example.gov.cn/apply?a=1&b=2")
    )
    assert outcome.applied, outcome.summary()["errors"]
    search.rebuild_index()
    item = ServiceItem.objects.get()
    assert "<script>" in item.name and "onerror" in item.legal_basis  # kept as text
    return item


def test_hostile_text_is_stored_as_text_and_shown_escaped(imported, client):
    item = imported
    guide = client.get(f"/items/{item.implementation_code}/")
    assert guide.status_code == 200
    html = guide.content.decode()
    _assert_inert(html)
    assert "&lt;script&gt;" in html
    assert 'href="https://zwfw.example.gov.cn/apply?a=1&amp;b=2"' in html

    results = client.get("/search/", {"q": "设定依据"})
    assert results.status_code == 200
    _assert_inert(results.content.decode())
    for path in ("/api/v1/search", "/api/v1/suggest"):
        response = client.get(path, {"q": item.name[:4]})
        assert response.status_code == 200
        json.loads(response.content)  # JSON, not markup: the client escapes it
        assert response["Content-Type"].startswith("application/json")


def test_admin_pages_show_hostile_text_escaped(imported, client, admin_user):
    client.force_login(admin_user)
    viewset = ServiceItem.snippet_viewset
    for view in ("list", "edit"):
        args = [quote(imported.pk)] if view == "edit" else []
        response = client.get(reverse(viewset.get_url_name(view), args=args))
        assert response.status_code == 200, view
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "onerror=alert(2)>" not in html


def test_an_older_script_address_is_never_linked(imported, client):
    ServiceItem.objects.filter(pk=imported.pk).update(online_url="javascript:alert(1)")
    html = client.get(f"/items/{imported.implementation_code}/").content.decode()
    _assert_inert(html)
