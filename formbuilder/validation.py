"""Answers against a compiled schema: one validator per version, cached.

``validate_answers`` returns ``[{"path": "/f_abc", "message": "..."}]``; the
message starts with the field's label so a citizen or an app developer sees
which field is wrong.  The wizard, the API and staff tools all call it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from . import divisions, validators
from .constants import (
    FORMAT_ADDRESS,
    FORMAT_CREDIT_CODE,
    FORMAT_ID_NUMBER,
    FORMAT_MOBILE,
    FORMAT_UPLOAD,
)

UPLOAD_TOKEN_LENGTH = 34  # "u_" + 32 hex


def _is_upload_token(value):
    return (
        isinstance(value, str)
        and len(value) == UPLOAD_TOKEN_LENGTH
        and value.startswith("u_")
        and all(ch in "0123456789abcdef" for ch in value[2:])
    )


def _is_date(value):
    from datetime import date

    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


format_checker = FormatChecker(formats=())
format_checker.checks(FORMAT_ID_NUMBER)(validators.is_valid_id_number)
format_checker.checks(FORMAT_CREDIT_CODE)(validators.is_valid_credit_code)
format_checker.checks(FORMAT_MOBILE)(validators.is_valid_mobile)
format_checker.checks(FORMAT_UPLOAD)(_is_upload_token)
format_checker.checks(FORMAT_ADDRESS)(divisions.is_valid_address)
format_checker.checks("email")(validators.is_valid_email)
format_checker.checks("date")(_is_date)


@dataclass(frozen=True)
class CompiledForm:
    validator: Draft202012Validator
    labels: dict = field(hash=False)


@dataclass(frozen=True, eq=False)
class VersionRef:
    """Hashable handle on a frozen version: equal when id and checksum agree."""

    pk: int
    checksum: str
    schema: dict
    ui_schema: dict

    def __hash__(self):
        return hash((self.pk, self.checksum))

    def __eq__(self, other):
        return (self.pk, self.checksum) == (other.pk, other.checksum)


@functools.lru_cache(maxsize=512)
def compiled_version(ref: VersionRef) -> CompiledForm:
    """Validator for one published version, compiled on first use."""
    return compile_form(ref.schema, ref.ui_schema)


def compile_form(schema: dict, ui_schema: dict) -> CompiledForm:
    return CompiledForm(
        validator=Draft202012Validator(schema, format_checker=format_checker),
        labels=_labels(ui_schema),
    )


def _labels(ui_schema):
    labels = {}
    for key, entry in ui_schema.get("fields", {}).items():
        labels[key] = entry.get("label") or key
        for sub in entry.get("fields", []):
            labels[sub["key"]] = sub.get("label") or sub["key"]
    return labels


def validate_answers(compiled: CompiledForm, answers) -> list[dict]:
    """Every problem with ``answers``; an empty list means valid."""
    validator = compiled.validator
    if validator.is_valid(answers):
        return []
    problems = []
    for error in validator.iter_errors(answers):
        problems.extend(_describe(error, compiled.labels))
    unique = {(p["path"], p["message"]): p for p in problems}
    return sorted(unique.values(), key=lambda p: p["path"])


def _pointer(parts) -> str:
    return "/" + "/".join(str(part) for part in parts)


def _field_key(parts):
    for part in reversed(list(parts)):
        if isinstance(part, str):
            return part
    return None


def _describe(error, labels) -> list[dict]:
    if error.validator in ("allOf", "anyOf", "oneOf") and error.context:
        return [d for sub in error.context for d in _describe(sub, labels)]
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return [
            _entry(path + [k], k, labels, _("This field is required.")) for k in missing
        ]
    if error.validator == "not" and "required" in (error.validator_value or {}):
        return [
            _entry(
                path + [k],
                k,
                labels,
                _("This field does not apply to your earlier answers; leave it empty."),
            )
            for k in error.validator_value["required"]
        ]
    if error.validator == "additionalProperties":
        extra = [
            k
            for k in (error.instance or {})
            if k not in error.schema.get("properties", {})
        ]
        return [
            _entry(path + [k], None, labels, _("Unknown field “%s”.") % k)
            for k in extra
        ]
    return [_entry(path, _field_key(path), labels, _reason(error))]


def _entry(path, key, labels, reason):
    label = labels.get(key) if key else None
    message = f"{label}: {reason}" if label else str(reason)
    return {"path": _pointer(path), "message": message}


FORMAT_REASONS = {
    FORMAT_ID_NUMBER: lambda: _("Enter a valid 18-digit resident ID number."),
    FORMAT_CREDIT_CODE: lambda: _(
        "Enter a valid 18-character unified social credit code."
    ),
    FORMAT_MOBILE: lambda: _("Enter a valid 11-digit mobile phone number."),
    FORMAT_UPLOAD: lambda: _("The uploaded file is not recognised; upload it again."),
    FORMAT_ADDRESS: lambda: _(
        "Choose the province, city and district or county from the list (GB/T 2260)."
    ),
    "email": lambda: _("Enter a valid email address."),
    "date": lambda: _("Enter a valid date (YYYY-MM-DD)."),
}


def _reason(error) -> str:
    value = error.validator_value
    reasons = {
        "format": lambda: FORMAT_REASONS.get(value, lambda: _("Invalid format."))(),
        "minLength": lambda: _("Enter at least %d characters.") % value,
        "maxLength": lambda: _("Enter at most %d characters.") % value,
        "minimum": lambda: _("Enter a number of at least %s.") % value,
        "maximum": lambda: _("Enter a number of at most %s.") % value,
        "pattern": lambda: _("The value does not have the expected format."),
        "enum": lambda: _("Choose one of the listed options."),
        "const": lambda: _("Choose one of the listed options."),
        "type": lambda: _("The value has the wrong type (expected %s).") % value,
        "minItems": lambda: _("Give at least %d entries.") % value,
        "maxItems": lambda: _("Give at most %d entries.") % value,
        "uniqueItems": lambda: _("Each option may be chosen once."),
    }
    return reasons.get(error.validator, lambda: _("The value is not valid."))()
