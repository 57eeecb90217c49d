"""An anonymous citizen's whole journey on the demo as ``load_demo`` builds it.

Search (Chinese, pinyin, initials) → the first item result → its guide →
在线办理 → every step with a mistake on purpose (the upload is kept) → save →
resume on a fresh device with the code and phone digits (the saved step) →
review (file names) → submit → receipt → status → hand in the owed 容缺
material.  Walked on both sites at both sizes; every page it visits is
checked for addresses leaving the origin and for axe-core's serious and
critical violations, in normal mode on two walks and elderly mode on two, so
each viewport is checked in both modes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from formbuilder.validators import id_check_char, uscc_check_char

from .conftest import axe_blocking, screenshot
from .origins import foreign_addresses

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300
QUERIES = ("食品经营许可证", "shipinjingyingxukezheng", "spjyxkz")
ITEM_NAME = "食品经营许可证核发"
SITE_NAMES = {"province": "江海省政务服务网", "city": "海川市政务服务网"}


def _id_number(first17="11010519491231002"):
    return first17 + id_check_char(first17)


def _credit_code(first17="91350100M000100Y4"):
    return first17 + uscc_check_char(first17)


@dataclass(frozen=True)
class Walk:
    site: str
    viewport: str
    elder: bool

    @property
    def name(self):
        mode = "elder" if self.elder else "normal"
        return f"{self.site}-{self.viewport}-{mode}"


WALKS = [
    Walk("province", "phone", False),
    Walk("city", "phone", True),
    Walk("province", "desktop", True),
    Walk("city", "desktop", False),
]


class Journey:
    """One device on one site; ``check`` every page it lands on."""

    def __init__(self, demo, new_context, walk):
        self.demo, self.new_context, self.walk = demo, new_context, walk
        self.origin = demo.url if walk.site == "province" else demo.city_url
        self.visited = []
        self.page = self.device()

    def device(self):
        context = self.new_context(viewport=self.walk.viewport, origin=self.origin)
        if self.walk.elder:
            context.add_cookies(
                [{"name": "banshi_elder", "value": "1", "url": self.origin}]
            )
        return context.new_page()

    def check(self, page=None, label=""):
        page = page or self.page
        page.wait_for_load_state("load")
        where = f"{self.walk.name} {label or page.url}"
        assert page.evaluate("location.origin") == self.origin, where
        assert foreign_addresses(page) == [], where
        assert axe_blocking(page) == [], where
        if self.walk.elder:
            assert page.locator("body.elder-mode").count() == 1, where
        self.visited.append(page.url)

    def shot(self, name):
        if self.walk == WALKS[0]:  # the phone pictures for the closing note
            screenshot(self.page, name)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.name)
def test_citizen_journey(demo, new_context, walk):
    journey = Journey(demo, new_context, walk)
    page = journey.page
    _home(journey)
    _search(journey)
    _guide(journey)
    code = _fill_with_mistakes(journey)
    resumed = _resume(journey, code)
    reference = _review_and_submit(journey, resumed)
    _track_and_hand_in(journey, resumed, reference)
    assert page is journey.page
    assert len(journey.visited) >= 20


def _home(journey):
    page = journey.page
    page.goto("/")
    journey.check(label="home")
    assert page.locator("h1").inner_text() == SITE_NAMES[journey.walk.site]


def _search(journey):
    page = journey.page
    page.fill("#header-q", QUERIES[0])
    page.locator(".header-search button").click()
    targets = []
    for number, query in enumerate(QUERIES):
        if number:
            page.goto(f"/search/?q={query}")
        journey.check(label=f"search {query}")
        first = page.locator("li.hit-item a").first
        assert first.inner_text() == ITEM_NAME, query
        targets.append(first.get_attribute("href").split("&")[0])
        if journey.walk.viewport == "phone":
            _results_come_first(page)
    assert len(set(targets)) == 1, targets
    page.goto(f"/search/?q={QUERIES[0]}")
    journey.shot("phone-search")
    _filter_chip(journey)
    page.locator("li.hit-item a").first.click()


def _results_come_first(page):
    """On a phone the first result shows without scrolling; filters are folded."""
    height = page.viewport_size["height"]
    assert page.locator("li.hit").first.bounding_box()["y"] < height
    assert page.locator("details#search-filters").get_attribute("open") is None
    assert not page.locator("details#search-filters .facet a").first.is_visible()


def _filter_chip(journey):
    page = journey.page
    details = page.locator("details#search-filters")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.locator(".facet a").first.click()
    journey.check(label="filtered search")
    chip = page.locator(".filter-chips a.chip").first
    assert chip.is_visible()
    chip.click()
    assert page.locator(".filter-chips").count() == 0
    journey.check(label="search without the filter")


def _guide(journey):
    page = journey.page
    page.wait_for_url(re.compile(r"/items/[A-Z]+-[A-Z]+-\d+/$"))
    journey.check(label="guide")
    assert page.locator("h1").inner_text() == ITEM_NAME
    materials = page.locator("table.materials")
    assert "免提交（电子证照）" in materials.inner_text()
    assert "容缺受理" in materials.inner_text()
    page.locator("a.apply").click()
    journey.check(label="form start")
    page.locator("main form button[type=submit]").first.click()


def _step(page, number):
    page.wait_for_url(re.compile(rf"/step/{number}/$"))


def _fill_with_mistakes(journey):
    page = journey.page
    # Step 1, with a wrong credit code first.
    _step(page, 1)
    journey.check(label="step 1")
    page.get_by_label("经营者名称").fill("海川小吃店")
    page.get_by_label("统一社会信用代码").fill("91350100M000100Y40")
    page.get_by_label("法定代表人（负责人）").fill("张三")
    page.get_by_label("法定代表人身份证号").fill(_id_number())
    page.get_by_label("联系电话").fill("13912345678")
    _next(page)
    _step(page, 1)
    assert page.locator("#error-summary").is_visible()
    journey.check(label="step 1 with an error")
    page.get_by_label("统一社会信用代码").fill(_credit_code())
    _next(page)
    # Step 2: address picker, a repeating group (add and remove), area 0 first.
    _step(page, 2)
    journey.check(label="step 2")
    address = page.locator(".fb-address").first
    selects = address.locator("select")
    selects.nth(0).select_option(label="浙江省")
    selects.nth(1).select_option(label="杭州市")
    selects.nth(2).select_option(label="西湖区")
    address.locator("input[type=text]").fill("文三路 100 号")
    page.get_by_label("经营面积（平方米）").fill("0")
    page.get_by_label("预包装食品销售").check()
    group = page.locator("fieldset.fb-group")
    group.locator(".fb-group-row").first.locator("input").nth(0).fill("李四")
    group.locator(".fb-group-row").first.locator("input").nth(1).fill(
        _id_number("11010519800101001")
    )
    group.locator("button.fb-row-add").click()
    _step(page, 2)
    assert page.locator("fieldset.fb-group .fb-group-row").count() == 2
    assert page.locator("#error-summary").count() == 0  # redrawn, not checked
    journey.check(label="step 2 with a row added")
    page.locator("fieldset.fb-group .fb-row-remove").nth(1).click()
    _step(page, 2)
    assert page.locator("fieldset.fb-group .fb-group-row").count() == 1
    row = page.locator("fieldset.fb-group .fb-group-row").first.locator("input")
    assert row.nth(0).input_value() == "李四"
    journey.shot("phone-address-picker")
    _next(page)
    _step(page, 2)
    assert page.locator("#error-summary").is_visible()
    journey.check(label="step 2 with an error")
    assert page.locator(".fb-address select").nth(2).input_value() == "330106"
    page.get_by_label("经营面积（平方米）").fill("45")
    _next(page)
    # Step 3: one upload, the other required one missing → the upload is kept.
    _step(page, 3)
    journey.check(label="step 3")
    assert "免提交（电子证照）" in page.locator(".fb-waived").first.inner_text()
    _upload(page, "食品经营许可申请书", "申请书.pdf", PDF)
    _next(page)
    _step(page, 3)
    assert page.locator("#error-summary").is_visible()
    kept = page.locator("#field_" + _field_key(page, "食品经营许可申请书"))
    assert "申请书.pdf" in kept.locator(".fb-files").inner_text()
    assert kept.locator("button.fb-file-remove").is_visible()
    journey.check(label="step 3 with a kept upload")
    journey.shot("phone-step-kept-upload")
    page.locator("button[value=save]").click()
    page.wait_for_url(re.compile(r"/saved/$"))
    journey.check(label="saved")
    return page.locator("#resume-code").inner_text().strip()


def _field_key(page, label):
    field = page.locator(".fb-field", has=page.get_by_label(label)).first
    return field.get_attribute("id").removeprefix("field_")


def _upload(page, label, name, content):
    mime = "application/pdf" if name.endswith(".pdf") else "image/png"
    page.get_by_label(label).set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )


def _next(page):
    page.locator(".fb-actions button[value=next]").click()


def _resume(journey, code):
    """A fresh device (no cookies): the code and phone digits open step 3."""
    page = journey.device()
    page.goto("/forms/resume/")
    journey.check(page, "resume")
    page.locator("input[name=code]").fill(code)
    if journey.walk == WALKS[0]:
        # Look-ups are rate limited per client (all walks come from 127.0.0.1),
        # so one walk tries the wrong digits and one the other-device look-up.
        page.locator("input[name=phone_last4]").fill("0000")
        page.locator("form.fb-form button[type=submit]").click()
        assert page.locator(".error-summary").count() == 1
        assert page.locator(".fb-error, .error-summary li").count() == 1  # once
        journey.check(page, "resume with wrong digits")
    page.locator("input[name=phone_last4]").fill("5678")
    page.locator("form.fb-form button[type=submit]").click()
    _step(page, 3)
    assert "申请书.pdf" in page.locator(".fb-files").first.inner_text()
    journey.check(page, "resumed step 3")
    return page


def _review_and_submit(journey, page):
    _upload(page, "场所平面图和设备布局", "平面图.png", PNG)
    page.locator(".fb-commitment input[type=checkbox]").last.check()
    _next(page)
    page.wait_for_url(re.compile(r"/review/$"))
    journey.check(page, "review")
    review = page.locator("main").inner_text()
    assert "申请书.pdf" in review and "平面图.png" in review
    assert "免提交（电子证照）" in review and "容缺受理" in review
    assert "浙江省杭州市西湖区 文三路 100 号" in review
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/forms/receipt/BS-"))
    journey.check(page, "receipt")
    reference = page.locator("#reference").inner_text().strip()
    assert "食品安全管理制度目录" in page.locator(".notice").inner_text()
    return reference


def _track_and_hand_in(journey, page, reference):
    page.locator("#status-link").click()
    page.wait_for_url(re.compile(rf"/forms/status/{reference}/$"))
    journey.check(page, "status")
    owed = page.locator(".fb-owed-item--open")
    assert owed.count() == 1
    assert "食品安全管理制度目录" in owed.inner_text()
    assert re.search(r"\d{4}-\d{2}-\d{2}", owed.locator(".fb-due").inner_text())
    if journey.walk == WALKS[0]:
        screenshot(page, "phone-status-owed-material")
    owed.locator("input[type=file]").set_input_files(
        {"name": "制度.txt", "mimeType": "text/plain", "buffer": b"not a pdf"}
    )
    owed.locator("button[type=submit]").click()
    journey.check(page, "status with a refused file")
    owed = page.locator(".fb-owed-item--open")
    assert owed.count() == 1 and owed.locator(".fb-error").is_visible()
    owed.locator("input[type=file]").set_input_files(
        {"name": "制度目录.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    owed.locator("button[type=submit]").click()
    journey.check(page, "status after handing in")
    assert page.locator(".fb-owed-item--open").count() == 0
    assert "制度目录.pdf" in page.locator(".fb-owed").inner_text()
    _staff_were_told(journey.demo, reference)
    if journey.walk == WALKS[1]:
        _status_on_another_device(journey, reference)


def _staff_were_told(demo, reference):
    out = demo.shell(
        "from formbuilder.models import Submission\n"
        "from wagtail.models import ModelLogEntry\n"
        f"s = Submission.objects.get(reference={reference!r})\n"
        "print(s.inbox_notices.filter(seen_at__isnull=True).count(),"
        " ModelLogEntry.objects.filter(object_id=str(s.pk),"
        " action='formbuilder.material_received').count())"
    )
    assert out.strip().splitlines()[-1].split() == ["1", "1"], out


def _status_on_another_device(journey, reference):
    """The receipt's link on a phone that never saw the application."""
    page = journey.device()
    page.goto(f"/forms/status/{reference}/")
    page.wait_for_url(re.compile(r"/forms/status/\?reference="))
    journey.check(page, "status look-up")
    assert page.locator("input[name=reference]").input_value() == reference
    page.locator("input[name=phone_last4]").fill("5678")
    page.locator("form.fb-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/forms/status/{reference}/$"))
    assert page.locator("#current-status").is_visible()
