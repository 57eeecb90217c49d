"""The builder offers the form's own fields for "show only if field" and that
field's choices for "has the answer" (Chromium, admin editor)."""

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


def _options(page, selector):
    return page.eval_on_selector(
        selector,
        "input => Array.from(input.list ? input.list.options : []).map(o => o.value)",
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
    field_input = page.locator("input[name$='-fields-1-value-visible_if_field']")
    field_input.focus()
    offered = _options(page, "input[name$='-fields-1-value-visible_if_field']")
    assert offered == ["apply_type"]
    field_input.fill("apply_type")
    answer = page.locator("input[name$='-fields-1-value-visible_if_value']")
    answer.focus()
    assert _options(page, "input[name$='-fields-1-value-visible_if_value']") == [
        "first",
        "lost",
    ]
    page.screenshot(path="var/screenshots/builder-condition-chooser.png")
