"""The field-type base class and helpers shared by the built-in types."""

from __future__ import annotations

from django import forms

# Builder keys copied verbatim between builder field and UI schema entry.
UI_KEYS = ("accept", "max_size_mb", "material", "note", "placeholder")


class BaseFieldType:
    """A field type; subclasses override the hooks they need."""

    type: str = ""
    widget: str = "text"
    has_value = True

    def schema(self, field: dict) -> dict:
        """Override this to describe the answer as a JSON Schema property."""
        raise NotImplementedError

    def is_required(self, field: dict) -> bool:
        return bool(field.get("required")) and self.has_value

    def from_schema(self, prop: dict) -> dict:
        """Override this to read builder constraints back from a property."""
        return {}

    def form_field(self, field: dict) -> forms.Field:
        """Override this to give the wizard's Django form field."""
        return forms.CharField(**self.field_kwargs(field))

    def field_kwargs(self, field: dict) -> dict:
        return {
            "label": field.get("label", ""),
            "help_text": field.get("help_text", ""),
            "required": self.is_required(field),
        }

    def to_answer(self, value):
        """Turn a cleaned form value into the JSON answer (None: not answered)."""
        if value in (None, "", [], ()):
            return None
        return value

    def to_initial(self, answer):
        """Turn a stored answer back into the form's initial value."""
        return answer


def _copy(source: dict, mapping: dict) -> dict:
    return {target: source[key] for key, target in mapping.items() if key in source}


def _nonempty(out: dict, field: dict, builder_key: str, schema_key: str) -> None:
    value = field.get(builder_key)
    if value not in (None, ""):
        out[schema_key] = value
