"""Field types come from an instantiable registry; a fresh one can add types."""

import pytest

from formbuilder.compiler import CompileError, compile_document
from formbuilder.registry import BaseFieldType, FieldTypeRegistry, TextFieldType


class PostcodeFieldType(BaseFieldType):
    type = "postcode"
    widget = "text"

    def schema(self, field):
        return {"type": "string", "pattern": "^[0-9]{6}$"}


def test_fresh_registry_compiles_its_own_types():
    types = FieldTypeRegistry()
    types.register(TextFieldType)
    types.register(PostcodeFieldType)
    doc = {
        "title": "t",
        "steps": [
            {
                "key": "s_1",
                "title": "一",
                "fields": [
                    {
                        "key": "f_zip",
                        "type": "postcode",
                        "label": "邮编",
                        "required": True,
                    },
                    {"key": "f_name", "type": "short_text", "label": "姓名"},
                ],
            }
        ],
    }
    compiled = compile_document(doc, types)
    assert compiled["schema"]["properties"]["f_zip"]["pattern"] == "^[0-9]{6}$"
    assert compiled["schema"]["required"] == ["f_zip"]
    assert compiled["ui_schema"]["fields"]["f_zip"]["type"] == "postcode"


def test_unknown_type_in_fresh_registry_is_an_error():
    types = FieldTypeRegistry()
    types.register(TextFieldType)
    doc = {
        "title": "t",
        "steps": [
            {
                "key": "s_1",
                "title": "一",
                "fields": [
                    {"key": "f_zip", "type": "postcode", "label": "邮编"},
                ],
            }
        ],
    }
    with pytest.raises(CompileError) as caught:
        compile_document(doc, types)
    assert caught.value.path == "steps/0/fields/0/type"
