"""The audit trail of a submission: Wagtail log entries, read in the admin."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry

from ..constants import SubmissionStatus


def _status_label(value) -> str:
    try:
        return str(SubmissionStatus(value).label)
    except ValueError:
        return str(value or "")


class StatusChangedFormatter(LogFormatter):
    """“已受理 → 办结” in the history, the note as the entry's comment."""

    label = gettext_lazy("Change submission status")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Status changed from “%(old)s” to “%(new)s”") % {
            "old": _status_label(data.get("from")),
            "new": _status_label(data.get("to")),
        }

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("note", "")


def audit_entries(submission):
    """Every log entry of ``submission``, oldest first, with who and when."""
    return (
        log_registry.get_logs_for_instance(submission)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
