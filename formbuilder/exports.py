"""xlsx export of submissions: one column per field, masked personal data.

Every text cell that a spreadsheet could read as a formula (=, +, -, @,
tab, CR) gets a leading apostrophe-equivalent: a quote prefix, so it is
shown, never run.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .constants import SubmissionStatus
from .presentation import answer_text
from .spreadsheets import neutralise

MAX_ROWS = 50_000


def _columns(submissions):
    """(key, label) of every field across the versions present, in order."""
    columns, seen = [], set()
    for version in {s.version_id: s.version for s in submissions}.values():
        for step in version.ui_schema["steps"]:
            for key in step["fields"]:
                entry = version.ui_schema["fields"][key]
                if key not in seen and entry.get("widget") not in ("note",):
                    seen.add(key)
                    columns.append((key, entry.get("label", key)))
    return columns


def export_xlsx(submissions, *, masked: bool) -> bytes:
    submissions = list(submissions[:MAX_ROWS])
    columns = _columns(submissions)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Submissions"))
    fixed = [
        _("Reference"),
        _("Form"),
        _("Version"),
        _("Status"),
        _("Service item code"),
        _("Region code"),
        _("Submitted at"),
    ]
    sheet.append(
        [neutralise(str(h)) for h in fixed]
        + [neutralise(label) for _k, label in columns]
    )
    for submission in submissions:
        fields = submission.version.ui_schema["fields"]
        row = [
            submission.reference,
            submission.definition.title,
            submission.version.number,
            str(SubmissionStatus(submission.status).label),
            submission.subject_code,
            submission.region_code,
            timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for key, _label in columns:
            value = submission.answers.get(key)
            row.append(
                answer_text(fields.get(key, {}), value, masked=masked)
                if key in fields
                else ""
            )
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
