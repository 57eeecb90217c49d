"""Answers as text for review pages, receipts, the admin and exports.

Also the rows a step page renders (``field_rows``), shared by the wizard
and the admin preview.

Personal data (ID numbers, credit codes stay visible; phones and ID numbers
are masked) is masked here, in one place, when ``masked`` is set.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import uploads
from .constants import FieldType
from .forms import anchor_id, rows_name

SENSITIVE_TYPES = {FieldType.ID_NUMBER, FieldType.MOBILE}


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters (13812345678 → 138****5678)."""
    if not isinstance(value, str) or len(value) <= 7:
        return "****"
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def answer_text(entry: dict, value, *, masked: bool = False, files=None) -> str:
    if value is None or value == [] or value == "":
        return ""
    kind = entry.get("type")
    if kind in SENSITIVE_TYPES and masked:
        return mask(str(value))
    if kind in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
        labels = {
            c["value"]: c.get("label") or c["value"] for c in entry.get("choices", [])
        }
        values = value if isinstance(value, list) else [value]
        return "、".join(str(labels.get(v, v)) for v in values)
    if kind == FieldType.ADDRESS and isinstance(value, dict):
        return (
            "".join(str(value.get(p, "")) for p in ("province", "city", "district"))
            + " "
            + str(value.get("detail", ""))
        )
    if kind == FieldType.FILE and not isinstance(value, list):
        return _("Promised") if value is True else str(value)  # 告知承诺 ticked
    if kind == FieldType.FILE:
        names = [files[t].original_name for t in value if t in (files or {})]
        return "、".join(names) if names else _("%d file(s)") % len(value)
    if kind == "commitment":
        return _("Promised") if value else ""
    if kind == FieldType.GROUP and isinstance(value, list):
        subs = {sub["key"]: sub for sub in entry.get("fields", [])}
        return "；".join(
            "，".join(
                answer_text(subs.get(k, {}), v, masked=masked) for k, v in row.items()
            )
            for row in value
        )
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def answer_rows(
    ui_schema: dict,
    answers: dict,
    *,
    slug: str | None = None,
    masked: bool = False,
    files=None,
):
    """Sections per step: ``{title, url, rows: [{key, label, value, note}]}``.

    With an adjusted UI schema, waived materials show their 免提交 label and
    an unanswered 容缺 upload its 容缺 label, as on the guide and the step.
    """
    sections = []
    for number, step in enumerate(ui_schema.get("steps", []), start=1):
        rows = [
            row
            for key in step["fields"]
            if (
                row := _answer_row(
                    key, ui_schema["fields"][key], answers, masked, files
                )
            )
        ]
        url = (
            reverse("formbuilder:step", kwargs={"slug": slug, "step": number})
            if slug
            else ""
        )
        sections.append({"title": step.get("title", ""), "url": url, "rows": rows})
    return sections


def _answer_row(key, entry, answers, masked, files):
    widget, note = entry.get("widget"), entry.get("override_note", "")
    row = {"key": key, "label": entry.get("label", key), "value": "", "note": note}
    if widget == "note":
        return None
    if widget == "waived":
        return {**row, "value": note, "note": "", "kind": "waived"}
    if key not in answers:
        return {**row, "kind": "owed"} if entry.get("owed") else None
    text = answer_text(entry, answers[key], masked=masked, files=files)
    return {**row, "value": text, "kind": ""}


def field_rows(form, pair, index, answers, *, files=None, quiet=False):
    """What the step template renders, in order: fields, notes, groups.

    ``files`` maps upload tokens to their ``Upload`` (name and size shown
    with a remove button); ``quiet`` leaves errors out, for a step redrawn
    after an add/remove button rather than checked.
    """
    _schema, ui_schema = pair
    rows = []
    for key in ui_schema["steps"][index]["fields"]:
        entry = ui_schema["fields"][key]
        row = {"key": key, "entry": entry, "anchor": anchor_id(key, entry)}
        if key in form.group_rows:
            row.update(_group_row(form, key, quiet))
        elif key in form.fields:
            row["field"] = form[key]
            row["errors"] = [] if quiet else row["field"].errors
            if entry["type"] == FieldType.FILE:
                row.update(_upload_row(entry, answers.get(key) or [], files or {}))
        elif entry.get("widget") not in ("note", "waived"):
            continue
        rows.append(row)
    return rows


def _group_row(form, key, quiet):
    least, most = form.group_bounds[key]
    rows = [
        {
            "number": number,
            "fields": [
                {"bound": form[name], "errors": [] if quiet else form[name].errors}
                for name, _sub in names
            ],
        }
        for number, names in enumerate(form.group_rows[key], start=1)
    ]
    return {
        "group": rows,
        "rows_field": form[rows_name(key)],
        "least": least,
        "most": most,
        "can_add": len(rows) < most,
        "can_remove": len(rows) > least,
    }


def _upload_row(entry, tokens, files):
    found = [files[t] for t in tokens if t in files]
    limit = uploads.limits(entry)
    return {
        "files": found,
        "types": "、".join(
            uploads.TYPE_NAMES.get(k, k.upper()) for k in limit["kinds"]
        ),
        "max_mb": uploads.mb(limit["max_bytes"]),
        "max_files": limit["max_files"],
        "full": len(found) >= limit["max_files"],
    }
