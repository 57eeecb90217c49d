"""Consistency rules for service items (domain guide §2.4).

Each rule is a small function that reads plain attributes, so the admin form
(through ``ServiceItem.clean``) and the Excel import check the very same
rules.  A rule yields ``Violation`` objects; ``ERROR`` blocks saving,
``WARNING`` is shown to the editor but does not block.

The object passed in needs the item attributes named below; children are
passed separately as sequences of objects with the material/FAQ/step/fee
attributes, so an unsaved import row can be checked without the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from .constants import (
    LEGAL_PERSON_AUDIENCES,
    NATURAL_DAYS_PER_UNIT,
    Channel,
    HandlingType,
    ItemType,
    OnlineDepth,
    ReviewType,
    TimeUnit,
)

__all__ = [
    "Severity",
    "Violation",
    "ItemChildren",
    "check_data",
    "check_item",
    "check_material",
    "to_natural_days",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Violation:
    field: str
    code: str
    message: str
    severity: Severity = Severity.ERROR


@dataclass
class ItemChildren:
    materials: Sequence[Any] = field(default_factory=list)
    faqs: Sequence[Any] = field(default_factory=list)
    steps: Sequence[Any] = field(default_factory=list)
    fees: Sequence[Any] = field(default_factory=list)


Rule = Callable[[Any, ItemChildren], Iterable[Violation]]


def to_natural_days(value: int | None, unit: str | None) -> Fraction | None:
    """Express a time limit in natural days so limits in different units compare."""
    if value is None or not unit:
        return None
    return value * NATURAL_DAYS_PER_UNIT[TimeUnit(unit)]


def _error(field_name: str, code: str, message: str) -> Violation:
    return Violation(field_name, code, message, Severity.ERROR)


def _warning(field_name: str, code: str, message: str) -> Violation:
    return Violation(field_name, code, message, Severity.WARNING)


# --- hard rules -------------------------------------------------------------


def promised_within_legal(item, children) -> Iterator[Violation]:
    legal = to_natural_days(item.legal_limit_value, item.legal_limit_unit)
    promised = to_natural_days(item.promised_limit_value, item.promised_limit_unit)
    if legal is not None and promised is not None and promised > legal:
        yield _error(
            "promised_limit_value",
            "promised_exceeds_legal",
            _("The promised time limit is longer than the legal time limit."),
        )


def limit_units_given(item, children) -> Iterator[Violation]:
    for prefix in ("legal", "promised"):
        value = getattr(item, f"{prefix}_limit_value")
        unit = getattr(item, f"{prefix}_limit_unit")
        if value is not None and value > 0 and not unit:
            yield _error(
                f"{prefix}_limit_unit",
                "missing_unit",
                _("Choose the unit of this time limit."),
            )


def full_online_means_no_visit(item, children) -> Iterator[Violation]:
    if item.online_depth == OnlineDepth.LEVEL_4 and (item.visits or 0) > 0:
        yield _error(
            "visits",
            "full_online_with_visits",
            _("A fully online (level IV) item must need 0 visits."),
        )


def visits_need_reason(item, children) -> Iterator[Violation]:
    if (item.visits or 0) > 0 and not (item.must_visit_reason or "").strip():
        yield _error(
            "must_visit_reason",
            "missing_visit_reason",
            _("Explain why the applicant must come in person."),
        )


def no_fee_no_online_payment(item, children) -> Iterator[Violation]:
    if item.supports_online_payment and not item.is_charged:
        yield _error(
            "supports_online_payment",
            "payment_without_fee",
            _("An item that charges no fee cannot offer online payment."),
        )


def fee_items_need_charge(item, children) -> Iterator[Violation]:
    if children.fees and not item.is_charged:
        yield _warning(
            "is_charged",
            "fee_items_without_charge",
            _("Fee items are listed, so the item charges a fee."),
        )


def immediate_handling_consistent(item, children) -> Iterator[Violation]:
    """Promised limit 0 (即办) ⇔ handling type 即办件 ⇔ review type 即审即办."""
    immediate_limit = item.promised_limit_value == 0
    immediate_type = item.handling_type == HandlingType.IMMEDIATE
    if immediate_limit != immediate_type:
        yield _error(
            "handling_type",
            "immediate_mismatch",
            _("Immediate items have a promised time limit of 0, and only they may."),
        )
    if item.review_type and immediate_type != (
        item.review_type == ReviewType.IMMEDIATE
    ):
        yield _error(
            "review_type",
            "immediate_review_mismatch",
            _(
                "Immediate items are reviewed on the spot; other items are reviewed before approval."
            ),
        )


def online_depth_needs_online(item, children) -> Iterator[Violation]:
    if (
        item.online_depth in (OnlineDepth.LEVEL_3, OnlineDepth.LEVEL_4)
        and not item.is_online
    ):
        yield _error(
            "is_online",
            "depth_without_online",
            _("Online depth III or IV means the item can be handled online."),
        )


def department_in_region(item, children) -> Iterator[Violation]:
    department = getattr(item, "department", None)
    if (
        department is not None
        and item.region_id
        and department.region_id != item.region_id
    ):
        yield _error(
            "department",
            "department_outside_region",
            _("The department belongs to another region."),
        )


def check_material(material: Any) -> list[Violation]:
    """Rules on one material row; ``field`` names the material's own field."""
    found = []
    if material.waivable and not material.waive_via:
        found.append(
            _error(
                "waive_via",
                "waiver_without_method",
                _(
                    "Say how this material is waived (electronic licence, data sharing …)."
                ),
            )
        )
    if material.rongque_allowed and material.waivable:
        found.append(
            _error(
                "rongque_allowed",
                "rongque_and_waived",
                _("A material cannot be both waived and accepted as missing (容缺)."),
            )
        )
    return found


# --- soft rules -------------------------------------------------------------


def offline_zero_visit_needs_mail(item, children) -> Iterator[Violation]:
    channels = set(item.channels or [])
    if (
        (item.visits or 0) == 0
        and not item.is_online
        and Channel.EXPRESS_IN not in channels
    ):
        yield _warning(
            "channels",
            "zero_visit_without_mail",
            _("0 visits without online handling needs mail-in of materials."),
        )


def phones_differ(item, children) -> Iterator[Violation]:
    consult, complaint = item.consult_phone or "", item.complaint_phone or ""
    if consult and consult == complaint:
        yield _warning(
            "complaint_phone",
            "same_phones",
            _("The complaint phone should differ from the consultation phone."),
        )


def audience_matches_topics(item, children) -> Iterator[Violation]:
    audience = set(item.audience or [])
    groups = set(getattr(item, "topic_groups", ()) or ())
    if audience and audience <= LEGAL_PERSON_AUDIENCES and "natural_person" in groups:
        yield _warning(
            "topics",
            "audience_topic_mismatch",
            _(
                "An item only for organisations should not carry a topic for individuals."
            ),
        )
    if audience == {"1"} and "legal_person" in groups:
        yield _warning(
            "topics",
            "audience_topic_mismatch",
            _(
                "An item only for individuals should not carry a topic for organisations."
            ),
        )


def licensing_has_faq(item, children) -> Iterator[Violation]:
    if item.item_type == ItemType.LICENSING and not children.faqs:
        yield _warning(
            "faqs",
            "licensing_without_faq",
            _("Licensing items should answer at least one common question."),
        )


def steps_within_promise(item, children) -> Iterator[Violation]:
    promised = to_natural_days(item.promised_limit_value, item.promised_limit_unit)
    total = Fraction(0)
    for step in children.steps:
        days = to_natural_days(step.time_limit_value, step.time_limit_unit)
        total += days or 0
    if promised is not None and total > promised:
        yield _warning(
            "steps",
            "steps_exceed_promise",
            _("The process steps take longer than the promised time limit."),
        )


RULES: tuple[Rule, ...] = (
    promised_within_legal,
    limit_units_given,
    full_online_means_no_visit,
    visits_need_reason,
    no_fee_no_online_payment,
    immediate_handling_consistent,
    online_depth_needs_online,
    department_in_region,
    fee_items_need_charge,
    offline_zero_visit_needs_mail,
    phones_differ,
    audience_matches_topics,
    licensing_has_faq,
    steps_within_promise,
)


def check_item(item: Any, children: ItemChildren | None = None) -> list[Violation]:
    """Run every rule on one item; return errors and warnings in rule order."""
    children = children or ItemChildren()
    return [violation for rule in RULES for violation in rule(item, children)]


def check_data(data: dict) -> list[Violation]:
    """``check_item`` on an item in exchange shape (``catalogue.exchange``).

    The import merges each row into the stored item (or the defaults of a
    new one) and checks that: the item as it will be written, with its
    children, through the same rules ``ServiceItem.clean`` runs.  The
    department is found or created in the item's own region by the import,
    so ``department_in_region`` has no relation to read here.
    """
    subject = SimpleNamespace(
        **{k: v for k, v in data.items() if k not in CHILD_KEYS},
        region_id=None,
        topic_groups={group for group, _code in data.get("topics", ())},
    )
    children = ItemChildren(
        **{
            relation: [SimpleNamespace(**row) for row in data.get(relation, ())]
            for relation in CHILD_KEYS
        }
    )
    return check_item(subject, children)


CHILD_KEYS = ("materials", "faqs", "steps", "fees")
