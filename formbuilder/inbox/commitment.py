"""What an applicant promised (容缺受理承诺, 告知承诺) and what they still owe.

Read from the submission itself: the context it was submitted under (the
commitment text, the fields turned into promises) and its owed materials,
so the page and the export show the promise as it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..constants import COMMITMENT_KEY
from ..processing import submission_ui_schema


@dataclass
class Promise:
    label: str
    text: str
    given: bool


@dataclass
class Commitment:
    rongque_text: str = ""
    rongque_given: bool = False
    promises: list[Promise] = field(default_factory=list)  # 告知承诺 materials
    owed: list = field(default_factory=list)  # OwedMaterial rows, open first

    @property
    def has_any(self) -> bool:
        return bool(self.rongque_text or self.promises or self.owed)

    @property
    def open_owed(self) -> list:
        return [row for row in self.owed if row.is_open]


def commitment_of(submission) -> Commitment:
    context = submission.context or {}
    answers = submission.answers or {}
    promises = [
        Promise(
            label=entry.get("label", key),
            text=entry.get("commitment_text", ""),
            given=answers.get(key) is True,
        )
        for key, entry in submission_ui_schema(submission)["fields"].items()
        if entry.get("type") == "commitment" and key != COMMITMENT_KEY
    ]
    return Commitment(
        rongque_text=context.get("extra_commitment", ""),
        rongque_given=bool(answers.get(COMMITMENT_KEY)),
        promises=promises,
        owed=sorted(
            submission.owed_materials.all(),
            key=lambda r: (not r.is_open, r.due_date, r.pk),
        ),
    )


def owed_text(commitment: Commitment) -> str:
    """“material（due 2026-12-12，reason）；…” for the export, open ones only."""
    return "；".join(
        _("%(material)s (due %(date)s, %(reason)s)")
        % {
            "material": row.label,
            "date": row.due_date.isoformat(),
            "reason": row.get_reason_display(),
        }
        for row in commitment.open_owed
    )


def promise_text(commitment: Commitment) -> str:
    """The promises the applicant ticked, by material (and 容缺受理承诺)."""
    given = [p.label for p in commitment.promises if p.given]
    if commitment.rongque_given:
        given.append(_("容缺受理承诺"))
    return "、".join(given)
