"""Types with checked formats or structure: ID numbers, codes, phones,
addresses, uploads, repeating groups, notes and the 容缺 commitment box."""

from __future__ import annotations

from django import forms

from .. import validators
from ..constants import (
    FORMAT_ADDRESS,
    FORMAT_CREDIT_CODE,
    FORMAT_ID_NUMBER,
    FORMAT_MOBILE,
    FORMAT_UPLOAD,
    FieldType,
)
from ..uploads import allowed_kinds
from ..widgets import DETAIL_MAX, AddressFormField, UploadInput
from .base import BaseFieldType, _copy


class FormatFieldType(BaseFieldType):
    """A single-line string checked by a named custom format."""

    format = ""
    validator_class = None
    max_length = 18

    def schema(self, field):
        return {"type": "string", "format": self.format, "maxLength": self.max_length}

    def form_field(self, field):
        return forms.CharField(
            max_length=self.max_length,
            validators=[self.validator_class()],
            widget=forms.TextInput(attrs=self.input_attrs()),
            **self.field_kwargs(field),
        )

    def input_attrs(self):
        return {"autocomplete": "off"}

    def to_answer(self, value):
        value = (value or "").strip().upper() if self.upper else (value or "").strip()
        return value or None

    upper = False


class IdNumberFieldType(FormatFieldType):
    type = FieldType.ID_NUMBER
    widget = "id_number"
    format = FORMAT_ID_NUMBER
    validator_class = validators.IdNumberValidator
    upper = True


class CreditCodeFieldType(FormatFieldType):
    type = FieldType.CREDIT_CODE
    widget = "credit_code"
    format = FORMAT_CREDIT_CODE
    validator_class = validators.CreditCodeValidator
    upper = True


class MobileFieldType(FormatFieldType):
    type = FieldType.MOBILE
    widget = "mobile"
    format = FORMAT_MOBILE
    validator_class = validators.MobileValidator
    max_length = 11

    def input_attrs(self):
        return {"inputmode": "tel", "autocomplete": "tel"}


class EmailFieldType(BaseFieldType):
    type = FieldType.EMAIL
    widget = "email"

    def schema(self, field):
        return {"type": "string", "format": "email", "maxLength": 254}

    def form_field(self, field):
        return forms.EmailField(max_length=254, **self.field_kwargs(field))


class AddressFieldType(BaseFieldType):
    """省/市/县 from the GB/T 2260 list (codes and names) plus street and number."""

    type = FieldType.ADDRESS
    widget = "address"

    def schema(self, field):
        code = {"type": "string", "pattern": "^[0-9]{6}$"}
        name = {"type": "string", "minLength": 1, "maxLength": 50}
        return {
            "type": "object",
            "format": FORMAT_ADDRESS,
            "properties": {
                "province_code": code,
                "province": name,
                "city_code": code,
                "city": name,
                "district_code": code,
                "district": name,
                "detail": {"type": "string", "minLength": 1, "maxLength": DETAIL_MAX},
            },
            # Lower parts are required by the format when the list has them.
            "required": ["province_code", "province", "detail"],
            "additionalProperties": False,
        }

    def form_field(self, field):
        return AddressFormField(**self.field_kwargs(field))


class FileFieldType(BaseFieldType):
    """Answers are upload tokens; the wizard and API turn files into tokens."""

    type = FieldType.FILE
    widget = "file"

    def schema(self, field):
        out = {
            "type": "array",
            "items": {"type": "string", "format": FORMAT_UPLOAD},
            "maxItems": field.get("max_items") or 5,
        }
        if self.is_required(field):
            out["minItems"] = 1
        return out

    def from_schema(self, prop):
        return _copy(prop, {"maxItems": "max_items"})

    def form_field(self, field):
        return forms.FileField(
            widget=UploadInput(
                allowed_kinds(field.get("accept")), f"limits_{field.get('key', '')}"
            ),
            **self.field_kwargs(field),
        )


class GroupFieldType(BaseFieldType):
    """Repeating rows of simple sub-fields (e.g. family members)."""

    type = FieldType.GROUP
    widget = "group"

    def schema(self, field):
        from ..compiler import compile_fields

        properties, required, _ui = compile_fields(field.get("fields", []), self.owner)
        items = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            items["required"] = required
        out = {
            "type": "array",
            "items": items,
            "maxItems": field.get("max_items") or 10,
        }
        min_items = field.get("min_items") or (1 if self.is_required(field) else None)
        if min_items:
            out["minItems"] = min_items
        return out

    def from_schema(self, prop):
        return _copy(prop, {"maxItems": "max_items", "minItems": "min_items"})


class NoteFieldType(BaseFieldType):
    """Explanatory text: shown to the citizen, never answered."""

    type = FieldType.NOTE
    widget = "note"
    has_value = False

    def schema(self, field):
        return {}


class CommitmentFieldType(BaseFieldType):
    """A box the citizen must tick (容缺受理承诺); added by context, not by editors."""

    type = "commitment"
    widget = "commitment"

    def schema(self, field):
        return {"type": "boolean", "const": True}

    def form_field(self, field):
        return forms.BooleanField(**self.field_kwargs(field))

    def to_answer(self, value):
        return True if value else None
