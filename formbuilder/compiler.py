"""Builder document ⇄ ``{schema, ui_schema}``.

A builder document is plain data, the shape the StreamField blocks, the
JSON import and the demo all produce::

    {"title": "...", "steps": [{"key": "s_ab12cd", "title": "...",
      "fields": [{"key": "f_x9k2pq", "type": "short_text", "label": "...",
                  "required": true, "visible_if": {"field": "f_...", "value": "补领"}}]}]}

``compile_document`` turns it into JSON Schema 2020-12 (answers) plus a UI
schema (steps, order, widgets, labels, conditions); ``decompile`` reads them
back, so a published version or an imported file can rebuild the builder.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .constants import SCHEMA_DIALECT, UI_SCHEMA_VERSION, FieldType
from .registry import UI_KEYS, FieldTypeRegistry, registry

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_KEY_ALPHABET = string.ascii_lowercase + string.digits
CHOICE_TYPES = {FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE}


@dataclass
class CompileError(Exception):
    """A builder mistake, located by a path such as ``steps/0/fields/2/visible_if``."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


def new_key(prefix: str = "f_", taken: set[str] | frozenset = frozenset()) -> str:
    """A fresh stable key; labels never feed into it, so relabelling keeps it."""
    while True:
        key = prefix + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(6))
        if key not in taken:
            return key


def assign_keys(document: dict) -> dict:
    """Give every step and field without a key a new one (in place); returns it."""
    taken = set(iter_keys(document))
    for step in document.get("steps", []):
        if not step.get("key"):
            step["key"] = new_key("s_", taken)
            taken.add(step["key"])
        _assign_field_keys(step.get("fields", []), taken)
    return document


def _assign_field_keys(fields, taken):
    for field in fields:
        if not field.get("key"):
            field["key"] = new_key("f_", taken)
            taken.add(field["key"])
        _assign_field_keys(field.get("fields", []), taken)


def iter_keys(document: dict):
    for step in document.get("steps", []):
        if step.get("key"):
            yield step["key"]
        yield from _field_keys(step.get("fields", []))


def _field_keys(fields):
    for field in fields:
        if field.get("key"):
            yield field["key"]
        yield from _field_keys(field.get("fields", []))


def compile_document(document: dict, types: FieldTypeRegistry = registry) -> dict:
    """Compile a builder document; raises ``CompileError`` naming the path."""
    properties, required, conditions = {}, [], []
    ui_steps, ui_fields, seen = [], {}, []
    for s_index, step in enumerate(document.get("steps", [])):
        _check_key(step.get("key"), f"steps/{s_index}/key")
        step_keys = []
        for f_index, field in enumerate(step.get("fields", [])):
            path = f"steps/{s_index}/fields/{f_index}"
            _compile_one(field, path, types, seen, properties, required, conditions)
            ui_fields[field["key"]] = ui_entry(field, types)
            step_keys.append(field["key"])
            seen.append(field)
        ui_steps.append(
            {"key": step["key"], "title": step.get("title", ""), "fields": step_keys}
        )
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": document.get("title", ""),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    if conditions:
        schema["allOf"] = conditions
    ui_schema = {
        "ui_version": UI_SCHEMA_VERSION,
        "steps": ui_steps,
        "fields": ui_fields,
    }
    return {"schema": schema, "ui_schema": ui_schema}


def _compile_one(field, path, types, seen, properties, required, conditions):
    _check_key(field.get("key"), f"{path}/key")
    if field["key"] in properties or any(f["key"] == field["key"] for f in seen):
        raise CompileError(f"{path}/key", _("Duplicate field key “%s”.") % field["key"])
    if field.get("type") not in types:
        raise CompileError(
            f"{path}/type", _("Unknown field type “%s”.") % field.get("type")
        )
    field_type = types[field["type"]]
    if field["type"] in CHOICE_TYPES and not field.get("choices"):
        raise CompileError(
            f"{path}/choices", _("A choice field needs at least one choice.")
        )
    if not field_type.has_value:
        return
    if field["type"] == FieldType.GROUP:
        _check_group(field, path)
    prop = {"title": field.get("label", ""), **field_type.schema(field)}
    if field.get("help_text"):
        prop["description"] = field["help_text"]
    properties[field["key"]] = prop
    condition = field.get("visible_if")
    if condition and condition.get("field"):
        conditions.append(
            _condition(field, condition, seen, f"{path}/visible_if", types)
        )
    elif field_type.is_required(field):
        required.append(field["key"])


GROUP_EXCLUDED = {FieldType.FILE, FieldType.GROUP}


def _check_group(field, path):
    """Rows hold simple answers only: no uploads, nested groups or conditions."""
    for index, sub in enumerate(field.get("fields", [])):
        _check_key(sub.get("key"), f"{path}/fields/{index}/key")
        if sub.get("type") in GROUP_EXCLUDED or sub.get("type") not in registry:
            raise CompileError(
                f"{path}/fields/{index}/type",
                _("A repeating group cannot contain this field type."),
            )
        if sub.get("visible_if"):
            raise CompileError(
                f"{path}/fields/{index}/visible_if",
                _("Fields inside a repeating group cannot have conditions."),
            )


def _condition(field, condition, seen, path, types):
    controller = next((f for f in seen if f["key"] == condition["field"]), None)
    if controller is None:
        raise CompileError(
            path, _("The condition must refer to an earlier field of this form.")
        )
    if controller["type"] == FieldType.MULTIPLE_CHOICE:
        test = {"contains": {"const": condition.get("value")}}
    else:
        test = {"const": condition.get("value")}
    then = (
        {"required": [field["key"]]} if types[field["type"]].is_required(field) else {}
    )
    return {
        "if": {
            "properties": {controller["key"]: test},
            "required": [controller["key"]],
        },
        "then": then,
        "else": {"not": {"required": [field["key"]]}},
    }


def _check_key(key, path):
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise CompileError(
            path,
            _(
                "Keys are 2–40 lowercase ASCII letters, digits or “_”, starting with a letter."
            ),
        )


def ui_entry(field: dict, types: FieldTypeRegistry = registry) -> dict:
    field_type = types[field["type"]]
    entry = {
        "type": field["type"],
        "widget": field_type.widget,
        "label": field.get("label", ""),
        "required": bool(field.get("required")),
    }
    for optional in ("help_text", "choices", "visible_if", *UI_KEYS):
        if field.get(optional) not in (None, "", []):
            entry[optional] = field[optional]
    if field["type"] == FieldType.GROUP:
        entry["fields"] = [
            {"key": sub["key"], **ui_entry(sub, types)}
            for sub in field.get("fields", [])
        ]
    return entry


def compile_fields(fields: list[dict], types: FieldTypeRegistry = registry):
    """Properties and required keys of a group's sub-fields (no conditions)."""
    properties, required = {}, []
    for field in fields:
        field_type = types[field["type"]]
        if not field_type.has_value:
            continue
        prop = {"title": field.get("label", ""), **field_type.schema(field)}
        properties[field["key"]] = prop
        if field_type.is_required(field):
            required.append(field["key"])
    return properties, required, None


def decompile(
    schema: dict, ui_schema: dict, types: FieldTypeRegistry = registry
) -> dict:
    """Rebuild the builder document from a compiled pair (restore and import)."""
    properties = schema.get("properties", {})
    steps = []
    for step in ui_schema.get("steps", []):
        fields = [
            field_from_entry(
                key, ui_schema["fields"][key], properties.get(key, {}), types
            )
            for key in step.get("fields", [])
        ]
        steps.append(
            {"key": step["key"], "title": step.get("title", ""), "fields": fields}
        )
    return {"title": schema.get("title", ""), "steps": steps}


def field_from_entry(key, entry, prop, types=registry):
    """The builder field behind one UI entry and its schema property."""
    field = {"key": key, "type": entry["type"], "label": entry.get("label", "")}
    field["required"] = bool(entry.get("required"))
    for optional in ("help_text", "choices", "visible_if", *UI_KEYS):
        if optional in entry:
            field[optional] = entry[optional]
    field.update(types[entry["type"]].from_schema(prop))
    if entry["type"] == FieldType.GROUP:
        sub_props = prop.get("items", {}).get("properties", {})
        field["fields"] = [
            field_from_entry(sub["key"], sub, sub_props.get(sub["key"], {}), types)
            for sub in entry.get("fields", [])
        ]
    return field


def iter_fields(document: dict):
    """(step, field) pairs in order."""
    for step in document.get("steps", []):
        for field in step.get("fields", []):
            yield step, field
