"""Per-context adjustments of a published version (e.g. one service item's materials).

A site hook (``FORMBUILDER_CONTEXT_PROVIDER``) may say, for the form as
used by one subject, that some fields are waived (shown as a note, not
asked), optional or required, and that a commitment checkbox is needed.
The adjusted pair is derived from the frozen version, never stored over it.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from .constants import COMMITMENT_KEY


@dataclass(frozen=True)
class FormContext:
    """What a context provider returns for one form and subject."""

    subject_code: str = ""
    subject_title: str = ""
    region_code: str = ""
    # {field key: {"hidden": bool, "required": bool, "note": str,
    #              "commitment": text (ticked instead of uploaded),
    #              "owed": "rongque", "due_days": int (may follow later)}}
    field_overrides: dict = field(default_factory=dict)
    extra_commitment: str = ""

    def cache_key(self) -> str:
        return json.dumps(
            [self.field_overrides, self.extra_commitment],
            sort_keys=True,
            ensure_ascii=False,
        )

    def as_data(self) -> dict:
        return {
            "subject_code": self.subject_code,
            "region_code": self.region_code,
            "field_overrides": self.field_overrides,
            "extra_commitment": self.extra_commitment,
        }


def apply_overrides(
    schema: dict, ui_schema: dict, context: FormContext
) -> tuple[dict, dict]:
    if not context.field_overrides and not context.extra_commitment:
        return schema, ui_schema
    schema, ui_schema = copy.deepcopy(schema), copy.deepcopy(ui_schema)
    for key, change in context.field_overrides.items():
        if key not in ui_schema["fields"]:
            continue
        _apply_one(schema, ui_schema, key, change)
    if context.extra_commitment:
        _add_commitment(schema, ui_schema, context.extra_commitment)
    return schema, ui_schema


def _apply_one(schema, ui_schema, key, change):
    entry = ui_schema["fields"][key]
    if change.get("note"):
        entry["override_note"] = change["note"]
    if change.get("commitment"):
        _commit_instead(schema, entry, key, change["commitment"])
        return
    if change.get("owed"):
        entry["owed"] = change["owed"]
        entry["due_days"] = int(change.get("due_days") or 0)
    if change.get("hidden"):
        # Shown as a note ("免提交") but not asked for.
        entry["widget"] = "waived"
        schema["properties"].pop(key, None)
        _set_required(schema, key, False)
        schema["allOf"] = [
            c for c in schema.get("allOf", []) if key not in _condition_keys(c)
        ]
        return
    if "required" in change:
        entry["required"] = bool(change["required"])
        _set_required(schema, key, bool(change["required"]))
        prop = schema["properties"].get(key, {})
        if not change["required"]:
            prop.pop("minItems", None)
        elif prop.get("type") == "array":
            prop["minItems"] = max(1, prop.get("minItems", 0))


def _commit_instead(schema, entry, key, text):
    """A 告知承诺 material: the upload becomes a box the applicant ticks."""
    entry.update(type="commitment", widget="commitment", commitment_text=text)
    entry.pop("accept", None)
    schema["properties"][key] = {"title": text, "type": "boolean", "const": True}
    if entry.get("required"):
        _set_required(schema, key, True)


def _condition_keys(condition):
    return set(condition.get("else", {}).get("not", {}).get("required", []))


def _set_required(schema, key, required):
    for condition in schema.get("allOf", []):
        if key in _condition_keys(condition):
            then = condition.setdefault("then", {})
            keys = [k for k in then.get("required", []) if k != key]
            if required:
                keys.append(key)
            if keys:
                then["required"] = keys
            else:
                then.pop("required", None)
            return
    keys = [k for k in schema.get("required", []) if k != key]
    if required:
        keys.append(key)
    schema["required"] = keys


def _add_commitment(schema, ui_schema, text):
    schema["properties"][COMMITMENT_KEY] = {
        "title": text,
        "type": "boolean",
        "const": True,
    }
    schema.setdefault("required", []).append(COMMITMENT_KEY)
    ui_schema["fields"][COMMITMENT_KEY] = {
        "type": "commitment",
        "widget": "commitment",
        "label": text,
        "required": True,
    }
    ui_schema["steps"][-1]["fields"].append(COMMITMENT_KEY)
