"""Publishing freezes versions; compare, restore, import and export."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from formbuilder import services
from formbuilder.models import FormDefinition

from .documents import document
from .factories import make_form

pytestmark = pytest.mark.django_db


def _relabel(definition, key, label):
    doc = definition.get_document()
    for step in doc["steps"]:
        for field in step["fields"]:
            if field["key"] == key:
                field["label"] = label
    definition.set_document(doc)
    definition.save()


def test_publish_freezes_version_and_is_idempotent():
    form = make_form()
    first = form.live_version
    assert first.number == 1
    assert services.publish(form) == first
    _relabel(form, "f_name", "申请人姓名（与身份证一致）")
    second = services.publish(form)
    assert second.number == 2
    first.refresh_from_db()
    assert first.schema["properties"]["f_name"]["title"] == "姓名"
    assert (
        second.schema["properties"]["f_name"]["title"] == "申请人姓名（与身份证一致）"
    )


def test_blocks_round_trip_keeps_keys():
    form = make_form(publish=False)
    form.refresh_from_db()
    keys = [f["key"] for s in form.get_document()["steps"] for f in s["fields"]]
    assert keys[:3] == ["f_name", "f_intro", "f_idno"]


def test_keys_created_on_clean_never_change():
    doc = document()
    for step in doc["steps"]:
        step.pop("key")
        for field in step["fields"]:
            field.pop("key")
    doc["steps"][1]["fields"][1]["visible_if"] = {"field": "申请类型", "value": "补领"}
    form = FormDefinition(slug="no-keys", title="x")
    form.set_document({"title": "x", "steps": doc["steps"]})
    form.full_clean()
    form.save()
    keys = [f["key"] for s in form.get_document()["steps"] for f in s["fields"]]
    _relabel(form, keys[0], "New label")
    form.full_clean()
    form.save()
    form.refresh_from_db()
    assert [f["key"] for s in form.get_document()["steps"] for f in s["fields"]] == keys


def test_condition_named_by_label_resolves_to_key():
    doc = document()
    doc["steps"][1]["fields"][1]["visible_if"] = {"field": "申请类型", "value": "补领"}
    form = make_form(document=doc)
    condition = form.live_version.schema["allOf"][0]
    assert list(condition["if"]["properties"]) == ["f_kind"]


def test_invalid_builder_rejected_on_clean():
    doc = document()
    doc["steps"][1]["fields"][5]["pattern"] = "(a+)+"
    form = FormDefinition(slug="bad", title="bad")
    form.set_document(doc)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        form.full_clean()
    assert "pattern" in str(caught.value)


def test_diff_and_restore():
    form = make_form()
    v1 = form.live_version
    doc = form.get_document()
    doc["steps"][0]["fields"][0]["label"] = "全名"
    doc["steps"][0]["fields"].pop(4)  # email removed
    doc["steps"][0]["fields"].append(
        {"key": "f_new", "type": "short_text", "label": "曾用名"}
    )
    form.set_document(doc)
    form.save()
    v2 = services.publish(form)
    changes = {(c.key, c.change): c for c in services.diff_versions(v1, v2)}
    assert changes[("f_name", "changed")].attributes == ["label"]
    assert ("f_email", "removed") in changes
    assert ("f_new", "added") in changes
    assert len(changes) == 3

    services.restore_version(v1)
    form.refresh_from_db()
    draft = form.get_latest_revision_as_object()
    assert services.compile_document(draft.get_document()) == {
        "schema": v1.schema,
        "ui_schema": v1.ui_schema,
    }
    # Restoring makes a draft of the builder; publishing makes it live.
    assert form.live_version == v2
    assert form.has_unpublished_changes
    assert services.publish(draft).number == 3


def test_export_import_round_trip():
    form = make_form()
    exported = json.loads(json.dumps(services.export_definition(form)))
    exported["slug"] = "copy"
    copy = services.import_definition(exported)
    version = services.publish(copy)
    assert version.schema == form.live_version.schema
    assert version.ui_schema == form.live_version.ui_schema


def test_import_errors_point_at_path():
    form = make_form()
    exported = services.export_definition(form)
    exported["schema"]["properties"]["f_zip"]["pattern"] = "(a+)+"
    exported["slug"] = "bad-import"
    with (
        translation.override("en"),
        pytest.raises(services.DefinitionImportError) as caught,
    ):
        services.import_definition(exported)
    assert caught.value.problems[0]["path"] == "/schema/properties/f_zip/pattern"
    assert not FormDefinition.objects.filter(slug="bad-import").exists()
