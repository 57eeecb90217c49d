"""Plain value types: texts, numbers, dates and choices."""

from __future__ import annotations

from django import forms

from ..constants import FieldType
from .base import BaseFieldType, _copy, _nonempty


class TextFieldType(BaseFieldType):
    type = FieldType.SHORT_TEXT
    widget = "text"
    default_max = 200

    def schema(self, field):
        out = {
            "type": "string",
            "maxLength": field.get("max_length") or self.default_max,
        }
        min_length = field.get("min_length") or (1 if self.is_required(field) else None)
        if min_length:
            out["minLength"] = min_length
        _nonempty(out, field, "pattern", "pattern")
        return out

    def from_schema(self, prop):
        found = _copy(prop, {"maxLength": "max_length", "pattern": "pattern"})
        if prop.get("minLength", 0) > 1:
            found["min_length"] = prop["minLength"]
        return found

    def form_field(self, field):
        kwargs = self.field_kwargs(field)
        kwargs["max_length"] = field.get("max_length") or self.default_max
        if field.get("min_length"):
            kwargs["min_length"] = field["min_length"]
        if field.get("pattern"):
            return forms.RegexField(regex=field["pattern"], **kwargs)
        return forms.CharField(widget=self.django_widget(), **kwargs)

    def django_widget(self):
        return forms.TextInput()


class LongTextFieldType(TextFieldType):
    type = FieldType.LONG_TEXT
    widget = "textarea"
    default_max = 5000

    def django_widget(self):
        return forms.Textarea(attrs={"rows": 4})


class NumberFieldType(BaseFieldType):
    type = FieldType.NUMBER
    widget = "number"

    def schema(self, field):
        out = {"type": "integer" if field.get("integer") else "number"}
        _nonempty(out, field, "minimum", "minimum")
        _nonempty(out, field, "maximum", "maximum")
        return out

    def from_schema(self, prop):
        found = _copy(prop, {"minimum": "minimum", "maximum": "maximum"})
        if prop.get("type") == "integer":
            found["integer"] = True
        return found

    def form_field(self, field):
        kwargs = self.field_kwargs(field)
        kwargs["min_value"] = field.get("minimum")
        kwargs["max_value"] = field.get("maximum")
        if field.get("integer"):
            return forms.IntegerField(**kwargs)
        return forms.FloatField(**kwargs)

    def to_answer(self, value):
        if value is None:
            return None
        return int(value) if float(value).is_integer() else value


class DateFieldType(BaseFieldType):
    type = FieldType.DATE
    widget = "date"

    def schema(self, field):
        return {"type": "string", "format": "date"}

    def form_field(self, field):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}), **self.field_kwargs(field)
        )

    def to_answer(self, value):
        return value.isoformat() if value else None

    def to_initial(self, answer):
        return answer


def _choice_values(field):
    return [choice["value"] for choice in field.get("choices", [])]


def _choice_pairs(field):
    return [
        (c["value"], c.get("label") or c["value"]) for c in field.get("choices", [])
    ]


class SingleChoiceFieldType(BaseFieldType):
    type = FieldType.SINGLE_CHOICE
    widget = "radio"

    def schema(self, field):
        return {"type": "string", "enum": _choice_values(field)}

    def form_field(self, field):
        return forms.ChoiceField(
            choices=_choice_pairs(field),
            widget=forms.RadioSelect,
            **self.field_kwargs(field),
        )


class MultipleChoiceFieldType(BaseFieldType):
    type = FieldType.MULTIPLE_CHOICE
    widget = "checkboxes"

    def schema(self, field):
        out = {
            "type": "array",
            "items": {"type": "string", "enum": _choice_values(field)},
            "uniqueItems": True,
        }
        min_items = field.get("min_items") or (1 if self.is_required(field) else None)
        if min_items:
            out["minItems"] = min_items
        _nonempty(out, field, "max_items", "maxItems")
        return out

    def from_schema(self, prop):
        found = _copy(prop, {"maxItems": "max_items"})
        if prop.get("minItems", 0) > 1:
            found["min_items"] = prop["minItems"]
        return found

    def form_field(self, field):
        return forms.MultipleChoiceField(
            choices=_choice_pairs(field),
            widget=forms.CheckboxSelectMultiple,
            **self.field_kwargs(field),
        )
