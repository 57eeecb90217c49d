"""Answers as text for review pages, receipts, the admin and exports.

Also the rows a step page renders (``field_rows``), shared by the wizard
and the admin preview.

Personal data (ID numbers, credit codes stay visible; phones and ID numbers
are masked) is masked here, in one place, when ``masked`` is set.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .constants import FieldType
from .forms import anchor_id

SENSITIVE_TYPES = {FieldType.ID_NUMBER, FieldType.MOBILE}


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters (13812345678 → 138****5678)."""
    if not isinstance(value, str) or len(value) <= 7:
        return "****"
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def answer_text(entry: dict, value, *, masked: bool = False) -> str:
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
    if kind == FieldType.FILE:
        return _("%d file(s)") % len(value)
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
    ui_schema: dict, answers: dict, *, slug: str | None = None, masked: bool = False
):
    """Sections per step: ``{title, url, rows: [{key, label, value}]}``."""
    sections = []
    for number, step in enumerate(ui_schema.get("steps", []), start=1):
        rows = []
        for key in step["fields"]:
            entry = ui_schema["fields"][key]
            if entry.get("widget") in ("note", "waived") or key not in answers:
                continue
            rows.append(
                {
                    "key": key,
                    "label": entry.get("label", key),
                    "value": answer_text(entry, answers[key], masked=masked),
                }
            )
        url = (
            reverse("formbuilder:step", kwargs={"slug": slug, "step": number})
            if slug
            else ""
        )
        sections.append({"title": step.get("title", ""), "url": url, "rows": rows})
    return sections


def field_rows(form, pair, index, answers):
    """What the step template renders, in order: fields, notes, groups."""
    _schema, ui_schema = pair
    rows = []
    for key in ui_schema["steps"][index]["fields"]:
        entry = ui_schema["fields"][key]
        row = {"key": key, "entry": entry, "anchor": anchor_id(key, entry)}
        if key in form.group_rows:
            row["group"] = [
                [form[name] for name, _sub in names] for names in form.group_rows[key]
            ]
        elif key in form.fields:
            row["field"] = form[key]
            row["uploaded"] = entry["type"] == "file" and bool(answers.get(key))
        elif entry.get("widget") not in ("note", "waived"):
            continue
        rows.append(row)
    return rows
