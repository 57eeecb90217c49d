"""The step page's own buttons (``name="edit"``): plain submits, so no script is needed.

- ``remove-file:<key>:<token>`` drops a kept upload;
- ``add-row:<key>`` / ``remove-row:<key>:<index>`` change a repeating group;
- ``address:<key>`` redraws the address lists below the chosen province/city.

Each keeps what was typed: the step is redrawn from the posted data
(rows renumbered for a removed row), without error messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from .forms import rows_name

KINDS = ("remove-file", "add-row", "remove-row", "address")


@dataclass(frozen=True)
class Edit:
    kind: str
    key: str
    arg: str = ""


def parse(value: str, field_keys) -> Edit | None:
    """The edit a button asks for, or None (unknown kinds and keys are ignored)."""
    kind, _sep, rest = (value or "").partition(":")
    key, _sep, arg = rest.partition(":")
    if kind not in KINDS or key not in field_keys:
        return None
    return Edit(kind, key, arg)


def apply_to_data(edit: Edit, data, group_fields: dict):
    """Posted data with a group's row added or removed (a mutable copy)."""
    if edit.kind not in ("add-row", "remove-row") or edit.key not in group_fields:
        return data
    data = data.copy()
    rows = _int(data.get(rows_name(edit.key)), 1)
    if edit.kind == "add-row":
        data[rows_name(edit.key)] = str(rows + 1)
        return data
    index = _int(edit.arg, -1)
    if not 0 <= index < rows:
        return data
    names = [sub["key"] for sub in group_fields[edit.key]]
    for row in range(index, rows):
        for name in names:
            target = f"{edit.key}__{row}__{name}"
            source = f"{edit.key}__{row + 1}__{name}"
            if row + 1 < rows:
                data.setlist(target, data.getlist(source))
            else:
                data.pop(target, None)
    data[rows_name(edit.key)] = str(rows - 1)
    return data


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
