"""The builder's "show only if field" is a list of the form's own fields and
"has the answer" a list of that field's choices; each writes the stable key
or value into Wagtail's own input (Chromium, admin editor)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from formbuilder.models import FormDefinition
from tests.formbuilder.factories import make_form

pytestmark = pytest.mark.browser

DOCUMENT = {
    "title": "条件字段",
    "steps": [
        {
            "title": "申请事项",
            "fields": [
                {
                    "type": "single_choice",
                    "label": "申请类型",
                    "key": "apply_type",
                    "choices": [
                        {"value": "first", "label": "首次申领"},
                        {"value": "lost", "label": "遗失补领"},
                    ],
                },
                {"type": "long_text", "label": "补领原因", "key": "reason"},
            ],
        }
    ],
}


def _options(page, name):
    return page.eval_on_selector(
        f"select[data-fb-choice-for$='{name}']",
        "select => Array.from(select.options).map(o => o.value).filter(Boolean)",
    )


def test_condition_inputs_offer_fields_and_answers(
    browser_context_factory, live_server
):
    definition = make_form("condition-choices", document=DOCUMENT, publish=False)
    get_user_model().objects.create_superuser("builder", "b@example.org", "pw-12345")
    page = browser_context_factory(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "builder")
    page.fill("input[name=password]", "pw-12345")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    url_name = FormDefinition.snippet_viewset.get_url_name("edit")
    page.goto(reverse(url_name, args=[definition.pk]))
    field_name = "-fields-1-value-visible_if_field"
    assert _options(page, field_name) == ["apply_type"]
    page.locator(f"select[data-fb-choice-for$='{field_name}']").select_option(
        label="申请类型 (apply_type)"
    )
    assert page.input_value(f"input[name$='{field_name}']") == "apply_type"
    assert not page.locator(f"input[name$='{field_name}']").is_visible()
    answer_name = "-fields-1-value-visible_if_value"
    assert _options(page, answer_name) == ["first", "lost"]
    page.locator(f"select[data-fb-choice-for$='{answer_name}']").select_option("lost")
    assert page.input_value(f"input[name$='{answer_name}']") == "lost"
    # Renaming the chosen field keeps the stored key; the list shows the new label.
    page.fill("textarea[name$='-fields-0-value-label']", "办理情形")
    page.locator("textarea[name$='-fields-0-value-label']").dispatch_event("change")
    page.locator(f"select[data-fb-choice-for$='{field_name}']").focus()
    chosen = page.eval_on_selector(
        f"select[data-fb-choice-for$='{field_name}']",
        "s => s.options[s.selectedIndex].textContent",
    )
    assert chosen == "办理情形 (apply_type)"
    assert page.input_value(f"input[name$='{field_name}']") == "apply_type"
    page.screenshot(path="var/screenshots/builder-condition-chooser.png")
    # Wagtail's autosave posts after each change: let it finish before the
    # test database is flushed.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
