"""Builder document → JSON Schema 2020-12 + UI schema, for every field type."""

import pytest
from django.utils import translation
from jsonschema import Draft202012Validator

from formbuilder.compiler import (
    KEY_PATTERN,
    CompileError,
    assign_keys,
    compile_document,
    decompile,
)
from formbuilder.constants import FieldType
from formbuilder.validation import compile_form, validate_answers

from .documents import answers, document


@pytest.fixture
def compiled():
    return compile_document(document())


def test_every_field_type_is_exercised():
    used = {f["type"] for s in document()["steps"] for f in s["fields"]}
    assert used == set(FieldType.values)


def test_schema_is_valid_2020_12(compiled):
    Draft202012Validator.check_schema(compiled["schema"])
    assert (
        compiled["schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("f_name", {"type": "string", "maxLength": 30, "minLength": 1}),
        ("f_idno", {"type": "string", "format": "cn-id-number"}),
        ("f_phone", {"type": "string", "format": "cn-mobile"}),
        ("f_email", {"type": "string", "format": "email"}),
        ("f_birth", {"type": "string", "format": "date"}),
        ("f_kind", {"type": "string", "enum": ["首次", "补领"]}),
        ("f_count", {"type": "integer", "minimum": 1, "maximum": 5}),
        ("f_topics", {"type": "array", "uniqueItems": True}),
        ("f_code", {"format": "cn-credit-code"}),
        ("f_zip", {"pattern": "^[0-9]{6}$"}),
        (
            "f_addr",
            {
                "type": "object",
                "format": "cn-division-address",
                "required": ["province_code", "province", "detail"],
            },
        ),
        ("f_photo", {"type": "array", "minItems": 1}),
        ("f_family", {"type": "array", "maxItems": 3}),
    ],
)
def test_property_per_type(compiled, key, expected):
    prop = compiled["schema"]["properties"][key]
    assert expected.items() <= prop.items()
    assert prop["title"]


def test_group_items_have_sub_fields(compiled):
    items = compiled["schema"]["properties"]["f_family"]["items"]
    assert set(items["properties"]) == {"f_fname", "f_fid"}
    assert items["required"] == ["f_fname"]
    assert items["additionalProperties"] is False


def test_note_has_no_answer_but_is_placed(compiled):
    assert "f_intro" not in compiled["schema"]["properties"]
    assert compiled["ui_schema"]["fields"]["f_intro"]["widget"] == "note"
    assert compiled["ui_schema"]["steps"][0]["fields"][1] == "f_intro"


def test_ui_schema_keeps_steps_and_order(compiled):
    steps = compiled["ui_schema"]["steps"]
    assert [s["title"] for s in steps] == ["申请人", "申请事项", "材料"]
    assert steps[2]["fields"] == ["f_photo", "f_family"]
    assert (
        compiled["ui_schema"]["fields"]["f_kind"]["choices"][0]["label"] == "首次申领"
    )


def test_conditional_required_compiles_to_if_then_else(compiled):
    schema = compiled["schema"]
    assert "f_reason" not in schema["required"]
    (condition,) = schema["allOf"]
    assert condition["if"]["properties"]["f_kind"] == {"const": "补领"}
    assert condition["then"] == {"required": ["f_reason"]}
    assert condition["else"] == {"not": {"required": ["f_reason"]}}


def _check(compiled, data):
    with translation.override("en"):
        return validate_answers(
            compile_form(compiled["schema"], compiled["ui_schema"]), data
        )


def test_conditional_field_required_only_when_shown(compiled):
    problems = _check(compiled, answers(f_reason=None))
    assert problems == [
        {"path": "/f_reason", "message": "补领原因: This field is required."}
    ]
    assert _check(compiled, answers(f_kind="首次", f_reason=None)) == []


def test_hidden_conditional_field_must_stay_empty(compiled):
    problems = _check(compiled, answers(f_kind="首次"))
    assert [p["path"] for p in problems] == ["/f_reason"]


def test_condition_must_refer_to_earlier_field():
    doc = document()
    doc["steps"][0]["fields"][0]["visible_if"] = {"field": "f_kind", "value": "补领"}
    with pytest.raises(CompileError) as caught:
        compile_document(doc)
    assert caught.value.path == "steps/0/fields/0/visible_if"


def test_duplicate_and_malformed_keys_are_rejected():
    doc = document()
    doc["steps"][0]["fields"][2]["key"] = "f_name"
    with pytest.raises(CompileError, match="Duplicate"):
        compile_document(doc)
    doc = document()
    doc["steps"][0]["fields"][0]["key"] = "姓名"
    with pytest.raises(CompileError) as caught:
        compile_document(doc)
    assert caught.value.path == "steps/0/fields/0/key"


def test_keys_assigned_once_and_stable_across_label_edits():
    doc = document()
    for step in doc["steps"]:
        for field in step["fields"]:
            field.pop("key")
            field.pop("visible_if", None)
    assign_keys(doc)
    keys = [f["key"] for s in doc["steps"] for f in s["fields"]]
    assert all(KEY_PATTERN.match(k) for k in keys)
    assert len(set(keys)) == len(keys)
    doc["steps"][0]["fields"][0]["label"] = (
        "Applicant's full name as on the ID card " * 5
    )
    assign_keys(doc)
    assert [f["key"] for s in doc["steps"] for f in s["fields"]] == keys


def test_decompile_round_trips(compiled):
    rebuilt = decompile(compiled["schema"], compiled["ui_schema"])
    assert compile_document(rebuilt) == compiled
    reason = next(
        f for s in rebuilt["steps"] for f in s["fields"] if f["key"] == "f_reason"
    )
    assert reason["visible_if"] == {"field": "f_kind", "value": "补领"}
    assert reason["required"] is True


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"type": "file"}, "type"),
        ({"visible_if": {"field": "f_fname", "value": "x"}}, "visible_if"),
        ({"key": "Bad Key"}, "key"),
    ],
)
def test_group_rows_hold_simple_fields_only(change, where):
    doc = document()
    doc["steps"][2]["fields"][1]["fields"][1].update(change)
    with pytest.raises(CompileError) as caught:
        compile_document(doc)
    assert caught.value.path == f"steps/2/fields/1/fields/1/{where}"
