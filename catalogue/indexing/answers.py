"""One part of an item's guide as an answer card (材料, 费用, 时限, 地点, 条件, 流程).

Read fresh from the item when a question asks for it, so a hall's status is
the one in force today and the marks on materials are the guide's own
(``guide.material_status``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..guide import format_time_limit, hall_rows, material_status
from ..routing import item_path
from .contract import Answer, AnswerLine

# Part → the guide section the card links to.
ANCHORS = {
    "materials": "sec-materials",
    "fees": "sec-fees",
    "time_limit": "sec-facts",
    "place": "sec-where",
    "conditions": "sec-conditions",
    "process": "sec-process",
}
MAX_LINES = 12


def item_answer(item, part: str) -> Answer | None:
    builder = BUILDERS.get(part)
    if builder is None:
        return None
    heading, lines = builder(item)
    if not lines:
        return None
    url = f"{item_path(item.implementation_code)}#{ANCHORS[part]}"
    return Answer(part, heading, tuple(lines[:MAX_LINES]), url)


def _materials(item):
    lines = []
    for material in item.materials.all():
        status = material_status(material)
        note = status.label or (_("Required") if material.required else _("Optional"))
        lines.append(AnswerLine(material.name, str(note)))
    return _("Materials"), lines


def _fees(item):
    if not item.is_charged:
        return _("Fees"), [AnswerLine(_("No fee"))]
    lines = [AnswerLine(fee.name, fee.standard) for fee in item.fees.all()]
    return _("Fees"), lines or [AnswerLine(_("Charges a fee"))]


def _time_limit(item):
    promised = format_time_limit(
        item.promised_limit_value, item.promised_limit_unit, item.promised_limit_note
    )
    legal = format_time_limit(
        item.legal_limit_value, item.legal_limit_unit, item.legal_limit_note
    )
    return _("Time limits"), [
        AnswerLine(_("Promised time limit"), promised),
        AnswerLine(_("Legal time limit"), legal),
    ]


def _place(item):
    lines = []
    for row in hall_rows(item):
        hall = row.hall
        note = str(row.status_label)
        if hall.opening_hours:
            note = f"{note}；{hall.opening_hours}"
        lines.append(AnswerLine(f"{hall.name}（{hall.address}）", note))
    if item.address:
        lines.append(AnswerLine(item.address, item.office_hours))
    return _("Where and when"), lines


def _conditions(item):
    text = (item.accept_conditions or "").strip()
    return _("Acceptance conditions"), [AnswerLine(text)] if text else []


def _process(item):
    steps = [AnswerLine(step.name, step.description) for step in item.steps.all()]
    return _("Process"), steps


BUILDERS = {
    "materials": _materials,
    "fees": _fees,
    "time_limit": _time_limit,
    "place": _place,
    "conditions": _conditions,
    "process": _process,
}
