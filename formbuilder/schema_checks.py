"""Checks every compiled pair must pass before it is saved or imported.

The JSON Schema 2020-12 meta-schema, then project limits: size, nesting
depth, only local ``$ref``, and regular expressions that cannot backtrack
without end.  Each problem is ``{"path": "/schema/properties/f_x/pattern",
"message": ...}``.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from . import conf
from .registry import registry

REF_KEYWORDS = ("$ref", "$dynamicRef")
# A quantified group that itself contains a quantifier: (a+)+, (\d*)*, (a{2,})+ …
NESTED_QUANTIFIER = re.compile(
    r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,)"
)
_meta_validator = Draft202012Validator(Draft202012Validator.META_SCHEMA)


def check_pair(schema, ui_schema) -> list[dict]:
    """All problems with a compiled pair; empty when it may be saved."""
    size = len(json.dumps([schema, ui_schema], ensure_ascii=False).encode())
    if size > conf.get("MAX_SCHEMA_BYTES"):
        return [
            _problem(
                "",
                _("The form is %(size)d bytes; the limit is %(limit)d.")
                % {"size": size, "limit": conf.get("MAX_SCHEMA_BYTES")},
            )
        ]
    if not isinstance(schema, dict):
        return [_problem("/schema", _("The schema must be a JSON object."))]
    problems = _depth_problems(schema, "/schema", 0)
    if problems:
        return problems
    problems += _meta_problems(schema)
    problems += list(_walk(schema, "/schema"))
    problems += check_ui(schema, ui_schema)
    return problems


def _problem(path, message):
    return {"path": path or "/", "message": str(message)}


def _depth_problems(node, path, depth):
    if depth > conf.get("MAX_SCHEMA_DEPTH"):
        return [
            _problem(
                path,
                _("Nested too deeply (limit %d levels).")
                % conf.get("MAX_SCHEMA_DEPTH"),
            )
        ]
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        found = _depth_problems(child, f"{path}/{key}", depth + 1)
        if found:
            return found
    return []


def _meta_problems(schema):
    return [
        _problem(
            "/schema/" + "/".join(str(p) for p in error.absolute_path), error.message
        )
        for error in _meta_validator.iter_errors(schema)
    ]


def _walk(node, path):
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield from _walk(child, f"{path}/{index}")
        return
    if not isinstance(node, dict):
        return
    for keyword in REF_KEYWORDS:
        ref = node.get(keyword)
        if isinstance(ref, str) and not ref.startswith("#"):
            yield _problem(
                f"{path}/{keyword}",
                _("Only references inside the document (“#/…”) are allowed."),
            )
    if isinstance(node.get("pattern"), str):
        yield from _pattern_problems(node["pattern"], f"{path}/pattern")
    for regex in (
        (node.get("patternProperties") or {})
        if isinstance(node.get("patternProperties"), dict)
        else ()
    ):
        yield from _pattern_problems(regex, f"{path}/patternProperties")
    for key, child in node.items():
        if key not in ("enum", "const", "examples", "default"):
            yield from _walk(child, f"{path}/{key}")


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused, or None (shared with the builder blocks)."""
    if len(pattern) > conf.get("MAX_PATTERN_LENGTH"):
        return _("The pattern is longer than %d characters.") % conf.get(
            "MAX_PATTERN_LENGTH"
        )
    try:
        re.compile(pattern)
    except re.error as error:
        return _("The pattern is not a valid regular expression: %s") % error
    if NESTED_QUANTIFIER.search(pattern) or re.search(r"\\[1-9]", pattern):
        return _(
            "The pattern repeats a repeated group, which can take forever to match."
        )
    return None


def _pattern_problems(pattern, path):
    reason = pattern_problem(pattern)
    if reason:
        yield _problem(path, reason)


def check_ui(schema: dict, ui_schema) -> list[dict]:
    """The UI schema names only known types and every property once."""
    if not isinstance(ui_schema, dict) or not isinstance(ui_schema.get("steps"), list):
        return [_problem("/ui_schema", _("The UI schema needs a list of steps."))]
    fields = ui_schema.get("fields")
    if not isinstance(fields, dict):
        return [
            _problem("/ui_schema/fields", _("The UI schema needs a “fields” object."))
        ]
    problems, placed = [], []
    for index, step in enumerate(ui_schema["steps"]):
        for position, key in enumerate(
            step.get("fields", []) if isinstance(step, dict) else []
        ):
            path = f"/ui_schema/steps/{index}/fields/{position}"
            if key not in fields:
                problems.append(_problem(path, _("Field “%s” is not described.") % key))
            placed.append(key)
    for key, entry in fields.items():
        if not isinstance(entry, dict) or entry.get("type") not in registry:
            problems.append(
                _problem(f"/ui_schema/fields/{key}/type", _("Unknown field type."))
            )
    for key in schema.get("properties", {}):
        if key not in placed:
            problems.append(
                _problem(
                    f"/schema/properties/{key}",
                    _("The field is not placed in any step."),
                )
            )
    return problems
