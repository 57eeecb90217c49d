"""A city editor builds a form, on the demo as ``load_demo`` builds it.

hc-editor builds a form in the Wagtail builder: a choice and a field shown
only for one of its answers, both picked from lists (the field by its label,
the answer from its choices, nothing typed from memory), and publishes it
with the editor's footer action.  hc-editor links it to a 海川 item and
submits the item; hc-approver approves the review task.  Back in the builder,
an upload field's material is chosen from the linked item's materials.  An
anonymous citizen on the 海川 site opens the form from the guide, and the
conditional field appears only for its answer.  hc-editor cannot open
青禾市's own form.  Screenshots of the condition chooser and of the review
task are kept for the closing notes.
"""

from __future__ import annotations

import re
import uuid

from .conftest import admin_message, footer_action, log_in, screenshot

ITEM = "HC-GA-004"
FORMS = "/admin/snippets/formbuilder/formdefinition/"


def _shell(demo, code):
    """The last line ``code`` prints in the demo's ``manage.py shell``."""
    return demo.shell(code).strip().splitlines()[-1]


def _add_field(page, kind):
    """Add a field of ``kind`` at the end of the first step; its name prefix."""
    fields = page.locator("[data-contentpath=body] [data-contentpath=fields]").first
    before = int(page.input_value("input[name='body-0-value-fields-count']"))
    fields.locator("button.c-sf-add-button").last.click()
    page.locator(".w-combobox__option", has_text=re.compile(f"^{kind}$")).first.click()
    page.wait_for_selector(
        f"[name='body-0-value-fields-{before}-type']", state="attached"
    )
    return f"body-0-value-fields-{before}-value"


def _choose(page, input_name, label):
    """Pick ``label`` in the list the builder shows for ``input_name``."""
    select = page.locator(f"select[data-fb-choice-for='{input_name}']")
    select.focus()
    select.select_option(label=label)
    return select


def _build_form(page, title, slug):
    page.goto(f"{FORMS}add/")
    page.fill("input[name=title]", title)
    page.fill("input[name=slug]", slug)
    # The region is chosen, not typed: hc-editor's region chooser starts at
    # 海川市 (what it offers is tested in tests/catalogue/test_code_choosers).
    chooser = page.locator("#id_region_code-chooser")
    assert chooser.locator("[data-chooser-title]").inner_text().startswith("海川市")
    assert page.input_value("input[name=region_code]") == "990100"
    page.locator("[data-contentpath=body] button.c-sf-add-button").first.click()
    page.fill("input[name='body-0-value-title']", "申请事项")

    kind = _add_field(page, "单选")
    page.fill(f"textarea[name='{kind}-label']", "申请类型")
    page.fill(f"input[name='{kind}-choices-0-value-value']", "first")
    page.fill(f"input[name='{kind}-choices-0-value-label']", "首次申领")
    page.locator("[data-contentpath=choices] button.c-sf-add-button").last.click()
    page.fill(f"input[name='{kind}-choices-1-value-value']", "lost")
    page.fill(f"input[name='{kind}-choices-1-value-label']", "遗失补领")

    lost = _add_field(page, "多行文本")
    page.fill(f"textarea[name='{lost}-label']", "遗失经过")
    field_list = _choose(page, f"{lost}-visible_if_field", "申请类型")
    # The list holds the form's own fields; the hidden input takes the choice.
    assert field_list.locator("option").all_inner_texts()[1:] == ["申请类型"]
    assert page.input_value(f"input[name='{lost}-visible_if_field']") == "申请类型"
    answers = _choose(page, f"{lost}-visible_if_value", "遗失补领 (lost)")
    assert answers.locator("option").all_inner_texts()[1:] == [
        "首次申领 (first)",
        "遗失补领 (lost)",
    ]
    assert page.input_value(f"input[name='{lost}-visible_if_value']") == "lost"
    answers.scroll_into_view_if_needed()
    screenshot(page, "builder-condition-chooser")

    footer_action(page, "发布")
    assert "已更新并发布" in admin_message(page) or "已创建并发布" in admin_message(
        page
    )


def _link_item(page, title):
    page.goto(f"/admin/snippets/catalogue/serviceitem/?q={ITEM}")
    page.locator("table tbody a[href*='/edit/']").first.click()
    page.wait_for_url(re.compile(r".*/edit/\d+/$"))
    item_url = page.url
    page.get_by_role("tab", name="办理").click()
    page.locator("select[name=application_form]").select_option(label=title)
    footer_action(page, re.compile("提交"))
    assert "已提交审核" in admin_message(page)
    return item_url


def test_form_builder_journey(demo, new_context):
    marker = uuid.uuid4().hex[:6]
    title = f"临时身份证申领（{marker}）"
    slug = f"temp-id-{marker}"

    editor = new_context("desktop").new_page()
    log_in(editor, demo, "hc-editor")
    _build_form(editor, title, slug)
    pk = _shell(
        demo,
        "from formbuilder.models import FormDefinition as F;"
        f"print(F.objects.get(slug='{slug}').pk)",
    ).strip()
    form_url = f"{FORMS}edit/{pk}/"
    stored = _shell(
        demo,
        "from formbuilder.models import FormDefinition as F;"
        f"f=F.objects.get(pk={pk});v=f.live_version;"
        "k=[x['key'] for s in f.get_document()['steps'] for x in s['fields']];"
        "print(f.region_code, v.number, k[0], v.ui_schema['fields'][k[1]]['visible_if'])",
    ).split(maxsplit=3)
    region, number, kind_key, condition = stored
    assert (region, number) == ("990100", "1")
    # Stored by the field's key (not its label), with the answer's value.
    assert condition == str({"field": kind_key, "value": "lost"})

    # Linking the form to a 海川 item goes through the item's review.
    item_url = _link_item(editor, title)
    approver = new_context("desktop").new_page()
    log_in(approver, demo, "hc-approver")
    approver.goto(item_url)
    # The approver's view of the task: its status and the footer's decisions.
    approver.locator("footer [data-w-dropdown-target='toggle']").first.click()
    approver.locator("footer").get_by_role("button", name="要求修改").wait_for()
    screenshot(approver, "workflow-task-approver")
    footer_action(approver, "批准并发布")
    assert "已批准并发布" in admin_message(approver)

    # The upload's material is chosen from the linked item's materials.
    editor.goto(form_url)
    assert "居民户口簿" in editor.locator("[data-fb-builder-status]").inner_text()
    upload = _add_field(editor, "文件上传")
    editor.fill(f"textarea[name='{upload}-label']", "户口簿")
    _choose(editor, f"{upload}-material", "居民户口簿")
    footer_action(editor, "发布")
    assert (
        _shell(
            demo,
            "from formbuilder.models import FormDefinition as F;"
            f"v=F.objects.get(pk={pk}).live_version;"
            "print(v.number, [e.get('material') for e in v.ui_schema['fields'].values() "
            "if e['type']=='file'])",
        ).strip()
        == "2 ['居民户口簿']"
    )

    # An anonymous citizen opens it from the 海川 guide; the field follows the answer.
    citizen = new_context("phone", origin=demo.city_url).new_page()
    citizen.goto(f"/items/{ITEM}/")
    citizen.locator("a.apply").click()
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_url(re.compile(r"/step/1/$"))
    reason = citizen.get_by_label("遗失经过")
    assert not reason.is_visible()
    citizen.get_by_label("遗失补领").check()
    assert reason.is_visible()
    citizen.get_by_label("首次申领").check()
    assert not reason.is_visible()

    # 青禾市's own form is not hc-editor's: not listed, not found.
    qinghe = _shell(
        demo,
        "from formbuilder.models import FormDefinition as F;"
        "print(F.objects.get(slug='qinghe-senior-meals').pk)",
    ).strip()
    editor.goto(FORMS)
    assert "老年助餐服务申请" not in editor.locator("main").inner_text()
    for view in ("edit", "inspect", "history"):
        assert editor.goto(f"{FORMS}{view}/{qinghe}/").status == 404
    assert editor.goto(f"/admin/formbuilder/forms/{qinghe}/versions/").status == 404
