"""Staff process applications in the inbox, on the demo as ``load_demo`` builds it.

hc-editor (海川市 staff) opens 办件, sees only 海川's applications, filters by
item and status in the side panel, changes two applications' status at once
with a note (Wagtail's bulk action), opens one (the note in its audit trail)
and the 容缺 application (the commitment and the owed material with its
date), is refused another region's application in a bulk action, and
downloads the XLSX (a sheet per form version, distinct headers, masked
numbers) and the CSV.  A screenshot of the inbox is kept for the closing notes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid

from openpyxl import load_workbook

from .conftest import log_in, screenshot

INBOX = "/admin/formbuilder/submissions/"
ITEM = "HC-GA-003"
ID_NUMBER = re.compile(r"\d{17}[\dX]")
MOBILE = re.compile(r"1[3-9]\d{9}")


def _demo_submissions(demo) -> list[dict]:
    return json.loads(
        demo.shell(
            "import json\n"
            "from formbuilder.models import Submission\n"
            "print(json.dumps([dict(pk=s.pk, ref=s.reference, item=s.subject_code,"
            " region=s.region_code, status=s.status, owed=s.owed_materials.count())"
            " for s in Submission.objects.all()]))"
        )
        .strip()
        .splitlines()[-1]
    )


def _open_filter(page, label):
    toggle = page.locator("#filters-drilldown [data-controller='w-dropdown'] button")
    if toggle.first.get_attribute("aria-expanded") != "true":
        toggle.first.click()
    back = page.locator("#filters-drilldown .w-drilldown__back >> visible=true")
    if back.count():
        back.first.click()
    page.locator("#filters-drilldown").get_by_role("button", name=label).click()


def _listed(page) -> list[str]:
    return re.findall(
        r"BS-\d{8}-[0-9A-Z]{6}", page.locator("#listing-results").inner_text()
    )


def _download(page, label):
    """Wagtail's header menu (动作) › 下载XLSX / 下载CSV, from a fresh page."""
    page.goto(page.url)
    page.get_by_role("button", name="动作").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=label).click()
    return info.value


def test_staff_inbox_journey(demo, new_context):
    rows = _demo_submissions(demo)
    hc = [r for r in rows if r["region"] == "990100"]
    qh = [r for r in rows if r["region"] == "990200"]
    assert qh and len([r for r in hc if r["item"] == ITEM]) >= 2
    rongque = next(r for r in hc if r["owed"])

    page = new_context("desktop").new_page()
    log_in(page, demo, "hc-editor")
    page.goto(INBOX)
    listed = _listed(page)
    assert {r["ref"] for r in hc} <= set(listed)
    assert not {r["ref"] for r in qh} & set(listed)
    screenshot(page, "inbox")

    # Side-panel filters: the item is picked with a chooser that searches
    # only 海川市's items; statuses are ticked.
    _open_filter(page, "服务事项")
    page.locator("#filters-drilldown [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("身份证")
    # Wagtail heads the results of a search with their count.
    modal.get_by_text(re.compile(r"共有 \d+ 个符合")).wait_for()
    offered = modal.locator("table").inner_text()
    assert "HC-GA-001" in offered and "QH-" not in offered
    screenshot(page, "inbox-item-chooser")
    modal.locator("input[name=q]").fill(ITEM)
    modal.locator("a[data-chooser-modal-choice]", has_text=f"（{ITEM}）").click()
    page.wait_for_url(re.compile(rf".*subject_code={ITEM}.*"))
    # The active filter names the item, not only its code.
    page.locator(".w-active-filters .w-pill", has_text="居民身份证补领").wait_for()
    _open_filter(page, "状态")
    page.locator("input[name=status][value=submitted]").check()
    page.wait_for_url(re.compile(r".*status=submitted.*"))
    page.wait_for_timeout(500)
    chosen = _listed(page)
    expected = {
        r["ref"] for r in hc if r["item"] == ITEM and r["status"] == "submitted"
    }
    assert set(chosen) == expected and len(chosen) >= 2
    screenshot(page, "inbox-filtered")

    # Bulk action: two applications to 已受理 with a note.
    note = f"材料齐全，予以受理（{uuid.uuid4().hex[:6]}）"
    page.keyboard.press("Escape")
    for reference in chosen[:2]:
        row = page.locator("#listing-results tr", has_text=reference)
        row.locator("input[data-bulk-action-checkbox]").check()
    footer = page.locator("[data-bulk-action-footer]")
    footer.locator("a[data-bulk-action-button]", has_text="变更状态").click()
    page.wait_for_url(
        re.compile(r".*/admin/bulk/formbuilder/submission/change_status/.*")
    )
    page.locator("select[name=to_status]").select_option("accepted")
    page.locator("textarea[name=note]").fill(note)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/formbuilder/submissions/.*"))
    assert "2 件办件已变更为“已受理”" in page.locator(".messages").inner_text()

    # One of them: the note in its audit trail, with who changed it.
    page.goto(INBOX + f"?q={chosen[0]}")
    page.locator("#listing-results a", has_text=chosen[0]).click()
    audit = page.locator(".fb-audit").inner_text()
    assert note in audit and "hc-editor" in audit and "已受理" in audit
    assert page.locator(".fb-attachments a").count() >= 1

    # The 容缺 application: the promise, the owed material and its date.
    page.goto(f"{INBOX}{rongque['pk']}/")
    commitment = page.locator(".fb-commitment-panel").inner_text()
    assert "容缺受理承诺" in commitment and "已承诺" in commitment
    assert "食品安全管理制度目录" in commitment
    assert re.search(r"\d{4}-\d{2}-\d{2}", commitment)
    screenshot(page, "inbox-submission")

    # Another region's application in a bulk action: refused, nothing changes.
    other = qh[0]
    mine = next(r for r in hc if r["ref"] not in chosen[:2])
    page.goto(
        "/admin/bulk/formbuilder/submission/change_status/"
        f"?next={INBOX}&id={other['pk']}&id={mine['pk']}"
    )
    assert "不属于您的区划" in page.locator("main").inner_text()
    assert page.locator("textarea[name=note]").count() == 0
    after = {r["pk"]: r["status"] for r in _demo_submissions(demo)}
    assert after[other["pk"]] == other["status"] and after[mine["pk"]] == mine["status"]

    # Export: a sheet per form version, its own distinct headers, masked numbers.
    page.goto(INBOX)
    download = _download(page, "下载XLSX")
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    assert len(workbook.sheetnames) >= 3
    assert any(name.startswith("食品经营许可申请") for name in workbook.sheetnames)
    for sheet in workbook:
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        assert len(header) == len(set(header)), (sheet.title, header)
        assert "受理编号" in header
        for line in values[1:]:
            text = " ".join(str(c) for c in line if c is not None)
            assert not ID_NUMBER.search(text) and not MOBILE.search(text), text
    food = next(s for s in workbook if s.title.startswith("食品经营许可申请"))
    food_rows = list(food.iter_rows(values_only=True))
    owed_column = food_rows[0].index("待补交材料")
    assert any("食品安全管理制度目录" in (r[owed_column] or "") for r in food_rows[1:])

    download = _download(page, "下载CSV")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        text = file.read()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "受理编号" and len(table) > len(hc)
    assert not ID_NUMBER.search(text) and not MOBILE.search(text)
    assert not {r["ref"] for r in qh} & {row[0] for row in table[1:]}
