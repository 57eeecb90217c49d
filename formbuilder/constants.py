"""Keys shared with other apps: field types, submission statuses, schema formats."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
UI_SCHEMA_VERSION = 1

FORMAT_ID_NUMBER = "cn-id-number"
FORMAT_CREDIT_CODE = "cn-credit-code"
FORMAT_MOBILE = "cn-mobile"
FORMAT_UPLOAD = "upload-token"
# An address object whose GB/T 2260 codes exist, nest and match their names.
FORMAT_ADDRESS = "cn-division-address"


class FieldType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    ID_NUMBER = "id_number", _("Resident ID number")
    MOBILE = "mobile", _("Mobile phone")
    EMAIL = "email", _("Email")
    CREDIT_CODE = "credit_code", _("Unified social credit code")
    ADDRESS = "address", pgettext_lazy("form field type", "Address")
    FILE = "file", _("File upload")
    GROUP = "group", _("Repeating group")
    NOTE = "note", _("Explanatory text")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_PENDING = "accepted_pending", _("Accepted with missing materials")
    CORRECTION = "correction", _("Corrections requested")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Not accepted")


# Which status may follow which: 已提交 → 已受理/容缺受理 → 补正 → 办结/不予受理.
STATUS_TRANSITIONS = {
    SubmissionStatus.SUBMITTED: {
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.ACCEPTED_PENDING,
        SubmissionStatus.CORRECTION,
        SubmissionStatus.REJECTED,
    },
    SubmissionStatus.ACCEPTED: {
        SubmissionStatus.CORRECTION,
        SubmissionStatus.COMPLETED,
        SubmissionStatus.REJECTED,
    },
    SubmissionStatus.ACCEPTED_PENDING: {
        SubmissionStatus.CORRECTION,
        SubmissionStatus.COMPLETED,
        SubmissionStatus.REJECTED,
    },
    SubmissionStatus.CORRECTION: {
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.ACCEPTED_PENDING,
        SubmissionStatus.COMPLETED,
        SubmissionStatus.REJECTED,
    },
    SubmissionStatus.COMPLETED: set(),
    SubmissionStatus.REJECTED: set(),
}

# Answer keys the catalogue glue may add (容缺受理承诺 checkbox).
COMMITMENT_KEY = "rongque_commitment"
