"""Editor → approver → citizen on the demo as ``load_demo`` builds it.

hc-editor changes a material note of HC-GA-003 and submits it to 事项发布审核;
qh-editor never sees the task; jh-approver (the province) requests changes
with a comment; hc-editor reads the comment, fixes the note and resubmits;
hc-approver (海川) approves, and an anonymous citizen on a phone reads the
new note on the 海川 guide.  Screenshots of the workflow task are kept for
the closing notes.
"""

from __future__ import annotations

import re
import uuid

from .conftest import (
    admin_message,
    choose_in_footer,
    footer_action,
    log_in,
    screenshot,
)

CODE = "HC-GA-003"


def _open_item(page, code=CODE):
    page.goto(f"/admin/snippets/catalogue/serviceitem/?q={code}")
    page.locator("table tbody a[href*='/edit/']").first.click()
    page.wait_for_url(re.compile(r".*/edit/\d+/$"))
    return page.url


def _set_first_material_note(page, text):
    page.get_by_role("tab", name="材料").click()
    note = page.locator("textarea[name='materials-0-note']")
    note.fill(text)


def test_region_review_journey(demo, new_context):
    marker = uuid.uuid4().hex[:6]
    first_note = f"请带原件（{marker}）"
    fixed_note = f"请带户口簿原件及复印件一份（{marker}）"

    # hc-editor edits a material and submits it for review.
    editor = new_context("desktop").new_page()
    log_in(editor, demo, "hc-editor")
    edit_url = _open_item(editor)
    _set_first_material_note(editor, first_note)
    footer_action(editor, re.compile("提交"))
    editor.wait_for_load_state()
    assert "已提交审核" in admin_message(editor)
    assert "海川市" in admin_message(editor)

    # qh-editor has nothing to review and cannot open the item.
    other = new_context("desktop").new_page()
    log_in(other, demo, "qh-editor")
    assert CODE not in other.locator("main").inner_text()
    assert other.goto(edit_url).status == 404

    # The province approver sees the task and requests changes with a comment.
    province = new_context("desktop").new_page()
    log_in(province, demo, "jh-approver")
    assert "居民身份证补领" in province.locator("main").inner_text()
    screenshot(province, "review-dashboard-awaiting")
    province.goto(edit_url)
    screenshot(province, "review-task-in-editor")
    choose_in_footer(province, "要求修改")
    dialog = province.locator(".modal, [role=dialog]").filter(
        has=province.locator("textarea")
    )
    dialog.locator("textarea").fill("请写明复印件的份数")
    dialog.get_by_role("button", name=re.compile("要求修改")).click()
    province.wait_for_load_state()
    province.wait_for_selector(".messages")
    assert "已退回" in admin_message(province)

    # hc-editor reads the comment, fixes the note and resubmits.
    editor.goto(edit_url)
    comment = editor.locator("[data-review-comment]")
    assert "请写明复印件的份数" in comment.inner_text()
    assert "jh-approver" in comment.inner_text()
    screenshot(editor, "review-changes-requested")
    _set_first_material_note(editor, fixed_note)
    footer_action(editor, re.compile("重新提交|提交"))
    editor.wait_for_load_state()
    assert "已提交审核" in admin_message(editor)

    # The 海川 approver approves; it goes live at once.
    city = new_context("desktop").new_page()
    log_in(city, demo, "hc-approver")
    city.goto(edit_url)
    footer_action(city, "批准并发布")
    city.wait_for_load_state()
    city.wait_for_selector(".messages")
    assert "已批准并发布" in admin_message(city)

    # An anonymous citizen on a phone reads the new note on the 海川 guide.
    citizen = new_context("phone", origin=demo.city_url).new_page()
    citizen.goto(f"/items/{CODE}/")
    body = citizen.locator("main").inner_text()
    assert fixed_note in body
    assert first_note not in body
