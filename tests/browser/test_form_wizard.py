"""A citizen fills a three-step form with an upload on a phone (Chromium)."""

import re

import pytest

from tests.formbuilder.documents import ID_OK

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256

DOCUMENT = {
    "title": "补领证件申请",
    "steps": [
        {
            "title": "申请人",
            "fields": [
                {"type": "short_text", "label": "姓名", "required": True},
                {"type": "id_number", "label": "居民身份证号", "required": True},
                {"type": "mobile", "label": "手机号码", "required": True},
            ],
        },
        {
            "title": "申请事项",
            "fields": [
                {
                    "type": "single_choice",
                    "label": "申请类型",
                    "required": True,
                    "choices": [
                        {"value": "首次", "label": "首次申领"},
                        {"value": "补领", "label": "补领"},
                    ],
                },
                {
                    "type": "long_text",
                    "label": "补领原因",
                    "required": True,
                    "visible_if": {"field": "申请类型", "value": "补领"},
                },
            ],
        },
        {
            "title": "材料",
            "fields": [
                {
                    "type": "file",
                    "label": "照片",
                    "required": True,
                    "accept": ["png", "jpeg"],
                },
            ],
        },
    ],
}


@pytest.fixture
def form_url(browser_context_factory):
    from formbuilder import services

    services.define_form(slug="three-steps", title="补领证件申请", document=DOCUMENT)
    return "/forms/three-steps/"


def test_three_step_form_with_upload_on_phone(browser_page, form_url, tmp_path):
    page = browser_page
    page.goto(form_url)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/step/1/$"))

    # A wrong ID number: the error summary names the field and links to it.
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("居民身份证号").fill("110105194912310021")
    page.get_by_label("手机号码").fill("13812345678")
    page.locator("button[value=next]").click()
    summary = page.locator("#error-summary")
    assert "居民身份证号" in summary.inner_text()
    href = summary.locator("a").first.get_attribute("href")
    assert page.locator(href).get_attribute("name") == href.removeprefix("#id_")
    page.get_by_label("居民身份证号").fill(ID_OK)
    page.locator("button[value=next]").click()
    page.wait_for_url(re.compile(r"/step/2/$"))

    # The reason appears only for 补领 (script), and is then required.
    reason = page.locator("[data-visible-field]")
    assert reason.is_hidden()
    page.get_by_label("补领", exact=True).check()
    assert reason.is_visible()
    page.get_by_label("补领原因").fill("证件遗失")
    page.locator("button[value=next]").click()
    page.wait_for_url(re.compile(r"/step/3/$"))

    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    page.get_by_label("照片").set_input_files(str(photo))
    page.locator("button[value=next]").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert "证件遗失" in page.content()

    page.get_by_role("button", name=re.compile("提交|Submit")).click()
    page.wait_for_url(re.compile(r"/receipt/"))
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"BS-\d{8}-[2-9A-Z]{6}", reference)
    # Fits a phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
