"""Reading what API clients send, strictly: every refusal names its place.

A body is measured before it is read, its nesting depth before it is parsed
(``json`` recurses and a deep enough array ends in ``RecursionError``), and
its values before they reach validation or the database: no NaN or
Infinity (not JSON, and PostgreSQL refuses them), no NUL (no text column
stores it) and no lone surrogate (not encodable as UTF-8).
"""

from __future__ import annotations

import json
import math
import re

from django.utils.translation import gettext as _

from . import conf

# Deeper than any form (groups in steps) and far below the parser's recursion.
MAX_DEPTH = 32
VERSION_TEXT = re.compile(r"^[1-9][0-9]{0,8}$")
# Strings in JSON (escapes included), removed before brackets are counted.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class InputError(Exception):
    """A client's mistake: HTTP ``status``, JSON ``path`` and a message."""

    def __init__(self, status: int, message, path: str = "/"):
        super().__init__(str(message))
        self.status, self.message, self.path = status, str(message), path


def max_json_bytes() -> int:
    """A submission body: the answers' limit plus room for escapes and keys."""
    return conf.get("MAX_ANSWER_BYTES") * 2 + 4096


def max_upload_request_bytes() -> int:
    """A multipart upload: the largest file taken plus its form fields."""
    return conf.get("UPLOAD_MAX_BYTES") + 64 * 1024


def check_size(request, limit: int) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise InputError(
            400, _("The Content-Length header is not a number.")
        ) from error
    if length > limit:
        raise InputError(
            413, _("The request is larger than %(limit)d bytes.") % {"limit": limit}
        )


def check_media_type(request, *accepted: str) -> None:
    media_type = request.content_type or ""
    if media_type not in accepted:
        raise InputError(
            415,
            _("Send the request body as %(types)s.") % {"types": ", ".join(accepted)},
        )


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub(b"", raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_constant(name):
    raise ValueError(name)


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_json(raw: bytes):
    """The JSON value of ``raw``; ``InputError`` (400) for anything else."""
    if nesting_depth(raw) > MAX_DEPTH:
        raise InputError(
            400,
            _("The JSON nests deeper than %(depth)d levels.") % {"depth": MAX_DEPTH},
        )
    try:
        value = json.loads(
            raw.decode("utf-8"),
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InputError(400, _("The request body is not valid JSON.")) from error
    check_storable(value)
    return value


def check_storable(value, path: str = "") -> None:
    """Refuse texts no database column can hold, naming the first one."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise InputError(
                400, _("The text holds a NUL or an unpaired surrogate."), path or "/"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            pointer = f"{path}/{_pointer_part(key)}"
            check_storable(key, pointer)
            check_storable(item, pointer)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_storable(item, f"{path}/{index}")


def _pointer_part(key: str) -> str:
    return _UNSTORABLE.sub("", key).replace("~", "~0").replace("/", "~1")


def version_number(value, path: str = "/version", *, text=False) -> int | None:
    """A version from JSON (an integer) or, with ``text``, from a form field
    (its digits); None for the live version."""
    if value is None or (text and value == ""):
        return None
    if text and isinstance(value, str) and VERSION_TEXT.match(value):
        return int(value)
    if (
        not text
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 0 < value < 10**9
    ):
        return value
    raise InputError(400, _("The version must be a positive whole number."), path)


def optional_text(value, path: str, max_length: int) -> str:
    """A short optional string (an item code, a field key)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(400, _("This value must be a string."), path)
    check_storable(value, path)
    if len(value) > max_length:
        raise InputError(
            400,
            _("This value is longer than %(count)d characters.")
            % {"count": max_length},
            path,
        )
    return value
