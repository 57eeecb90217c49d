"""Stage 4: turn parsed rows into canonical item dicts and check them.

Per row: fold row context into the exchange shape of ``catalogue.exchange``
and run the catalogue's own consistency rules (the code the admin uses,
reached through ``catalogue.services``).  Across rows: duplicate
implementation codes and materials that point at no item.  A row with an
error is left out as a whole; so are the materials of an invalid item, and
an item whose material row has an error (it would be imported incomplete).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from django.utils.translation import gettext as _

from catalogue import services

from . import codes, columns
from .headers import SheetMapping, labels
from .issues import (
    DUPLICATE_KEY,
    DUPLICATE_ROW,
    ERROR,
    INCONSISTENT,
    INVALID_CHOICE,
    UNKNOWN_REFERENCE,
    WARNING,
    Issue,
)
from .parsers import split_names
from .rows import ParsedRow, cell_issue

LIST_KEYS = columns.list_keys()
CHILD_KEYS = ("materials", "fees", "steps", "faqs")
# Rule field → candidate columns; rules on data no workbook column carries
# (FAQs, process steps) are left to the plan stage, which sees the merged item.
RULE_COLUMNS = {
    "promised_limit_value": ("promised_limit",),
    "promised_limit_unit": ("promised_limit",),
    "legal_limit_value": ("legal_limit",),
    "legal_limit_unit": ("legal_limit",),
    "review_type": ("review_type", "handling_type"),
    "topics": ("natural_person_topics", "legal_person_topics", "topics"),
    "department": ("department_name",),
}
NOT_CARRIED = frozenset({"faqs", "steps"})
REVIEW_FOR_HANDLING = {"1": "immediate", "2": "prior_review"}


@lru_cache(maxsize=1)
def blank_item() -> dict:
    """Default values of every exchange key (``normalise_data`` of nothing)."""
    return services.normalise_data({})


@lru_cache(maxsize=1)
def blank_material() -> dict:
    return services.normalise_data({"materials": [{}]})["materials"][0]


def build_item(parsed: ParsedRow, mapping: SheetMapping) -> dict:
    """The canonical item dict of a parsed row (fresh lists, exchange keys only)."""
    data = dict(parsed.data)
    context = {key: data.pop(key) for key in list(data) if key.startswith("_")}
    item = {**blank_item(), **data}
    for key in (*LIST_KEYS, *CHILD_KEYS):
        item[key] = list(data.get(key, ()))
    item["topics"] = sorted(
        set(context.get("_topics_natural", []) + context.get("_topics_legal", []))
        | set(_any_topics(parsed, mapping, context.get("_topics_any", ""), item))
    )
    _merge_channel_flags(parsed, mapping, context, item)
    if "review_type" not in data:
        item["review_type"] = REVIEW_FOR_HANDLING.get(item["handling_type"], "")
    if "department_name" not in mapping.columns:
        # One sheet per department, without a department column: the sheet names it.
        item["department_name"] = mapping.sheet.strip()
    return item


def _any_topics(parsed, mapping, text: str, item: dict) -> list[tuple[str, str]]:
    """A theme column without a group: individuals first if the item serves them."""
    groups = ("natural_person", "legal_person")
    if item["audience"] and "1" not in item["audience"]:
        groups = groups[::-1]
    found = []

    def is_topic(name: str) -> bool:
        return any(codes.lookup(f"topics:{g}", name) for g in groups)

    for name in split_names(text, is_topic) if text else []:
        match = next(
            ((g, c) for g in groups if (c := codes.lookup(f"topics:{g}", name))), None
        )
        if match is None:
            parsed.issues.append(
                cell_issue(
                    mapping,
                    parsed.number,
                    "topics",
                    INVALID_CHOICE,
                    _("Not a value of this code list."),
                    name,
                )
            )
        else:
            found.append(match)
    return found


def _merge_channel_flags(parsed, mapping, context: dict, item: dict) -> None:
    """Yes/no columns (预约办理, 物流快递 …) and the 渠道 list must agree."""
    for key, value in context.items():
        if not key.startswith("_flag:"):
            continue
        flag = key.removeprefix("_flag:")
        channels = codes.lookup("channel_flags", flag)
        listed = all(c in item["channels"] for c in channels)
        if value and not listed:
            item["channels"] += [c for c in channels if c not in item["channels"]]
        if value != listed and "channels" in mapping.columns:
            parsed.issues.append(
                cell_issue(
                    mapping,
                    parsed.number,
                    flag,
                    INCONSISTENT,
                    _("This yes/no column disagrees with the channel list."),
                    value,
                    WARNING,
                )
            )


def rule_issues(
    mapping: SheetMapping, row: int | None, merged: dict, stored: dict | None
) -> list[Issue]:
    """The catalogue's rules on ``merged``, the item as the import would write it.

    ``merged`` is the row on the stored item (or on the defaults of a new
    one), so a partial workbook is judged with the values it keeps.  A
    violation the stored item already has is not the workbook's doing: it
    is a warning, and the row still imports.
    """
    before = {v.code for v in services.check_data_rules(stored)} if stored else set()
    issues = []
    for violation in services.check_data_rules(merged):
        if violation.field in NOT_CARRIED:
            continue
        column = _rule_column(mapping, violation.field)
        hard = violation.severity == "error" and violation.code not in before
        issues.append(
            _rule_issue(mapping, row, column, violation, ERROR if hard else WARNING)
        )
    return issues


def _rule_column(mapping: SheetMapping, rule_field: str) -> str:
    candidates = RULE_COLUMNS.get(rule_field, (rule_field,))
    return next((c for c in candidates if c in mapping.columns), candidates[0])


def _rule_issue(mapping, row: int, column: str, violation, severity: str) -> Issue:
    issue = cell_issue(
        mapping, row, column, INCONSISTENT, str(violation.message), severity=severity
    )
    if issue.column:
        return issue
    # The rule concerns a column the sheet lacks: name it by its canonical header.
    label = labels(mapping.kind).get(column, column)
    return Issue(issue.sheet, row, label, "", INCONSISTENT, issue.message, severity)


@dataclass
class ItemIndex:
    """Implementation codes seen so far, to find duplicates across rows and sheets."""

    # code → (sheet, row, fingerprint of the row's data): a digest, not the data,
    # so a 100,000-row book does not hold every row twice.
    seen: dict[str, tuple[str, int, bytes]] = field(default_factory=dict)

    def check(self, parsed: ParsedRow, mapping: SheetMapping) -> bool:
        """Record the row; False if it repeats an earlier row and must be skipped."""
        code = parsed.data.get("implementation_code")
        if not code:
            return True
        fingerprint = _fingerprint(parsed.data)
        if code not in self.seen:
            self.seen[code] = (parsed.sheet, parsed.number, fingerprint)
            return True
        sheet, row, seen_fingerprint = self.seen[code]
        same = seen_fingerprint == fingerprint
        parsed.issues.append(
            cell_issue(
                mapping,
                parsed.number,
                "implementation_code",
                DUPLICATE_ROW if same else DUPLICATE_KEY,
                _(
                    "The implementation code is already used on row %(row)d of sheet %(sheet)s%(detail)s."
                )
                % {
                    "row": row,
                    "sheet": sheet,
                    "detail": "" if same else _(", with different content"),
                },
                code,
                WARNING if same else ERROR,
            )
        )
        return False


def _fingerprint(data: dict) -> bytes:
    return hashlib.blake2b(repr(sorted(data.items())).encode(), digest_size=16).digest()


def build_material(parsed: ParsedRow, mapping: SheetMapping) -> dict:
    material = {**blank_material()}
    material.update({k: v for k, v in parsed.data.items() if not k.startswith("_")})
    for violation in services.check_material_rules(SimpleNamespace(**material)):
        parsed.issues.append(
            cell_issue(
                mapping,
                parsed.number,
                violation.field,
                INCONSISTENT,
                str(violation.message),
                severity=ERROR,
            )
        )
    return material


def unknown_item_issue(parsed: ParsedRow, mapping: SheetMapping, code: str) -> None:
    parsed.issues.append(
        cell_issue(
            mapping,
            parsed.number,
            "implementation_code",
            UNKNOWN_REFERENCE,
            _("No item with this implementation code is in the workbook."),
            code,
        )
    )
