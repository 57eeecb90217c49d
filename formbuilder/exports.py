"""Exports of the inbox: an xlsx sheet per form version, and a CSV.

Each sheet has its own header row: the fields of that version, labelled as
that version labelled them; a label used twice (姓名 of the applicant and of
a group) is told apart by its step's title, then by a number.  The CSV is
one row per answer (reference, form, version, field, value), so every
version fits under one header.  Both mask personal data unless the user
may see it, and neutralise every cell a spreadsheet could run as a formula
(=, +, -, @, tab, CR get a leading ').
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .constants import FieldType, SubmissionStatus
from .inbox.commitment import commitment_of, owed_text, promise_text
from .presentation import answer_text
from .spreadsheets import neutralise

MAX_ROWS = 50_000
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31


def _fixed_headers() -> list[str]:
    return [
        _("Reference"),
        _("Status"),
        _("Service item code"),
        _("Region code"),
        _("Submitted at"),
    ]


def _tail_headers() -> list[str]:
    return [_("Promises given"), _("Materials still owed")]


def field_columns(ui_schema: dict, taken=()) -> list[tuple[str, str]]:
    """(key, header) of a version's answer fields, every header distinct.

    A label that occurs more than once (or clashes with a fixed header) is
    followed by its step's title; if that still clashes, by a number.
    """
    fields = [
        (key, ui_schema["fields"][key], step.get("title", ""))
        for step in ui_schema.get("steps", [])
        for key in step["fields"]
        if ui_schema["fields"][key].get("widget") != "note"
    ]
    counts = defaultdict(int)
    for _key, entry, _step in fields:
        counts[entry.get("label") or _key] += 1
    used, columns = set(taken), []
    for key, entry, step in fields:
        label = entry.get("label") or key
        header = label
        if counts[label] > 1 or header in used:
            header = f"{label}（{step}）" if step else label
        number = 2
        base = header
        while header in used:
            header = f"{base}（{number}）"
            number += 1
        used.add(header)
        columns.append((key, header))
    return columns


def sheet_title(title: str, number: int, used: set) -> str:
    suffix = f" v{number}"
    base = _SHEET_FORBIDDEN.sub(" ", title).strip() or _("Form")
    name = base[: _SHEET_MAX - len(suffix)] + suffix
    counter = 2
    while name.lower() in used:
        tag = f"{suffix}-{counter}"
        name = base[: _SHEET_MAX - len(tag)] + tag
        counter += 1
    used.add(name.lower())
    return name


def _prepared(submissions):
    return list(
        submissions.select_related("definition", "version").prefetch_related(
            "owed_materials", "uploads"
        )[:MAX_ROWS]
    )


def _fixed_row(submission) -> list:
    return [
        submission.reference,
        str(SubmissionStatus(submission.status).label),
        submission.subject_code,
        submission.region_code,
        timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M"),
    ]


def _answer(entry, submission, key, masked):
    value = (submission.answers or {}).get(key)
    files = {u.token: u for u in submission.uploads.all()}
    if entry.get("type") == FieldType.FILE and value is True:
        return _("Promised (告知承诺)")
    return answer_text(entry, value, masked=masked, files=files)


def _tail_row(submission) -> list[str]:
    commitment = commitment_of(submission)
    return [promise_text(commitment), owed_text(commitment)]


def export_xlsx(submissions, *, masked: bool) -> bytes:
    """One sheet per form version (by form title, then version number)."""
    by_version = defaultdict(list)
    for submission in _prepared(submissions):
        by_version[submission.version_id].append(submission)
    groups = sorted(
        by_version.values(),
        key=lambda rows: (rows[0].definition.title, rows[0].version.number),
    )
    book = Workbook(write_only=True)
    used = set()
    if not groups:
        book.create_sheet(_("Submissions")).append(_fixed_headers())
    for rows in groups:
        version = rows[0].version
        sheet = book.create_sheet(
            sheet_title(rows[0].definition.title, version.number, used)
        )
        fixed, tail = _fixed_headers(), _tail_headers()
        columns = field_columns(version.ui_schema, taken=fixed + tail)
        sheet.append([neutralise(h) for h in fixed + [h for _k, h in columns] + tail])
        fields = version.ui_schema["fields"]
        for submission in rows:
            answers = [_answer(fields[k], submission, k, masked) for k, _h in columns]
            cells = _fixed_row(submission) + answers + _tail_row(submission)
            sheet.append([neutralise(cell) for cell in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_headers() -> list[str]:
    return [
        _("Reference"),
        _("Form"),
        _("Version"),
        _("Status"),
        _("Service item code"),
        _("Region code"),
        _("Submitted at"),
        _("Field"),
        _("Value"),
    ]


def csv_rows(submissions, *, masked: bool):
    """Header, then one row per answer of each submission (and its promises)."""
    yield _csv_headers()
    for submission in _prepared(submissions):
        version = submission.version
        fixed = _fixed_row(submission)
        lead = [fixed[0], submission.definition.title, version.number, *fixed[1:]]
        fields = version.ui_schema["fields"]
        for key, header in field_columns(version.ui_schema):
            value = _answer(fields[key], submission, key, masked)
            if value != "":
                yield lead + [header, value]
        for header, value in zip(_tail_headers(), _tail_row(submission), strict=True):
            if value:
                yield lead + [header, value]


class _Echo:
    def write(self, value):
        return value


def stream_csv(submissions, *, masked: bool):
    """CSV lines (UTF-8 with a BOM, so spreadsheet programs read the Chinese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in csv_rows(submissions, masked=masked):
        yield writer.writerow([neutralise(cell) for cell in row])
