"""Canonical exchange data → cell values of the canonical workbook layout.

The layout is the one ``catalogue-clean.xlsx`` uses and the importer reads
best: one row per item on 事项清单, one row per material on 材料信息, headers
as the canonical labels of ``data/header_synonyms.json``.  Every value is
written in a spelling the parsers read back to the same data: code lists as
their first label in ``data/codes.json``, booleans 是/否, lists joined with
``、``, time limits ``N个工作日`` / ``即办`` / ``无法定时限``.

Text that a spreadsheet would run as a formula is neutralised (see
``neutralise``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache

from .codes import CODES_FILE
from .headers import labels

ITEMS_SHEET = "事项清单"
MATERIALS_SHEET = "材料信息"
INSTRUCTIONS_SHEET = "说明"
YES, NO = "是", "否"
LIST_JOIN = "、"
FEE_JOIN = "；"
NO_FEE = "不收费"
IMMEDIATE = "即办"
NO_LEGAL_LIMIT = "无法定时限"
UNIT_LABELS = {"working_day": "个工作日", "natural_day": "个自然日", "month": "个月"}
DEPTH_LABELS = {"1": "Ⅰ级", "2": "Ⅱ级", "3": "Ⅲ级", "4": "Ⅳ级"}
REQUIRED_LABELS = {True: "必要", False: "非必要"}
# OWASP "CSV injection": cells starting with these may run as formulas (tab
# and carriage return too, since spreadsheets skip them before a formula).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?\Z")
# Control characters the xlsx format cannot store (openpyxl refuses them).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
CHANNEL_FLAGS = (
    ("supports_appointment", ("appointment",)),
    ("supports_express", ("express_in", "express_out")),
    ("supports_self_service", ("self_service",)),
    ("supports_agent", ("agent",)),
)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows but never evaluates.

    OWASP's advice for formula injection: prefix a cell that starts with
    ``= + - @``, tab or carriage return with a single quote and store it as a
    string.  A signed plain number (``-5``) is left alone: it is not a
    formula and the importer accepts it as it is.
    """
    text = ILLEGAL_CHARACTERS.sub("", text)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text.strip()):
        return "'" + text
    return text


def cell(value):
    """A value as written: text neutralised, empty text as an empty cell."""
    if isinstance(value, str):
        return neutralise(value) or None
    return value


@lru_cache(maxsize=1)
def _code_tables() -> dict:
    data = json.loads(CODES_FILE.read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


def code_table_names() -> set[str]:
    return set(_code_tables())


def choice_labels(table: str) -> dict:
    """Code → the first (canonical) label of code list ``table``.

    Lists whose value is a list of codes (channels, material forms) are keyed
    by the tuple of codes.
    """
    source = (
        _code_tables()["topics"][table.split(":", 1)[1]]
        if table.startswith("topics:")
        else _code_tables()[table]
    )
    result: dict = {}
    for label, code in source.items():
        key = tuple(code) if isinstance(code, list) else code
        result.setdefault(key, label)
    return result


def label_of(table: str, code) -> str:
    if code in ("", None):
        return ""
    return choice_labels(table).get(code, str(code))


def yes_no(value) -> str:
    return YES if value else NO


def time_limit(value, unit: str) -> str:
    if value is None:
        return NO_LEGAL_LIMIT if unit == "" else ""
    if value == 0 and unit in ("working_day", ""):
        return IMMEDIATE
    return f"{value}{UNIT_LABELS.get(unit, '')}"


def promised_limit(value, unit: str) -> str:
    return "" if value is None else time_limit(value, unit)


def joined(values) -> str:
    return LIST_JOIN.join(str(v) for v in values)


def channel_labels(channels: list[str]) -> str:
    """渠道: each label once, for the channels it stands for (邮递办 = in and out)."""
    names = []
    for codes, label in choice_labels("channels").items():
        if any(c in channels for c in codes) and label not in names:
            names.append(label)
    return joined(names)


def topic_labels(topics, group: str) -> str:
    names = choice_labels(f"topics:{group}")
    return joined(names.get(code, code) for g, code in topics if g == group)


def fees_text(fees: list[dict]) -> str:
    if not fees:
        return NO_FEE
    return FEE_JOIN.join(f"{fee['name']}：{fee['standard']}" for fee in fees)


ItemFormatter = Callable[[dict, str], object]


def _channel_flag(codes: tuple[str, ...]) -> ItemFormatter:
    """是 when every channel of a yes/no column (预约办理 …) is listed."""
    return lambda d, r: yes_no(all(c in d["channels"] for c in codes))


ITEM_FORMATTERS: dict[str, ItemFormatter] = {
    "implementation_code": lambda d, r: d["implementation_code"],
    "catalogue_code": lambda d, r: d["catalogue_code"],
    "name": lambda d, r: d["name"],
    "aliases": lambda d, r: joined(d["aliases"]),
    "region_code": lambda d, r: d["region_code"],
    "region_name": lambda d, r: r,
    "department_name": lambda d, r: d["department_name"],
    "item_type": lambda d, r: label_of("item_type", d["item_type"]),
    "audience": lambda d, r: joined(label_of("audience", a) for a in d["audience"]),
    "natural_person_topics": lambda d, r: topic_labels(d["topics"], "natural_person"),
    "legal_person_topics": lambda d, r: topic_labels(d["topics"], "legal_person"),
    "exercise_level": lambda d, r: label_of("exercise_level", d["exercise_level"]),
    "handling_type": lambda d, r: label_of("handling_type", d["handling_type"]),
    "is_online": lambda d, r: yes_no(d["is_online"]),
    "online_depth": lambda d, r: DEPTH_LABELS.get(d["online_depth"], ""),
    "visits": lambda d, r: d["visits"],
    "must_visit_reason": lambda d, r: d["must_visit_reason"],
    "legal_limit": lambda d, r: time_limit(
        d["legal_limit_value"], d["legal_limit_unit"]
    ),
    "promised_limit": lambda d, r: promised_limit(
        d["promised_limit_value"], d["promised_limit_unit"]
    ),
    "is_charged": lambda d, r: yes_no(d["is_charged"]),
    "fees": lambda d, r: fees_text(d["fees"]),
    "supports_online_payment": lambda d, r: yes_no(d["supports_online_payment"]),
    "legal_basis": lambda d, r: d["legal_basis"],
    "accept_conditions": lambda d, r: d["accept_conditions"],
    "address": lambda d, r: d["address"],
    "office_hours": lambda d, r: d["office_hours"],
    "consult_phone": lambda d, r: d["consult_phone"],
    "complaint_phone": lambda d, r: d["complaint_phone"],
    "tongban_scope": lambda d, r: label_of("tongban_scope", d["tongban_scope"]),
    **{flag: _channel_flag(codes) for flag, codes in CHANNEL_FLAGS},
    "result_name": lambda d, r: d["result_name"],
    "result_type": lambda d, r: label_of("result_type", d["result_type"]),
    "bundles": lambda d, r: joined(d["bundles"]),
    "channels": lambda d, r: channel_labels(d["channels"]),
    "life_events": lambda d, r: joined(d["life_events"]),
}

MATERIAL_FORMATTERS: dict[str, Callable[[dict, str, int], object]] = {
    "implementation_code": lambda m, code, n: code,
    "sequence": lambda m, code, n: n,
    "name": lambda m, code, n: m["name"],
    "required": lambda m, code, n: REQUIRED_LABELS[bool(m["required"])],
    "form": lambda m, code, n: material_form(m["form"], m["medium"]),
    "copies": lambda m, code, n: m["copies"],
    "source": lambda m, code, n: label_of("material_source", m["source"]),
    "waivable": lambda m, code, n: yes_no(m["waivable"]),
    "waive_via": lambda m, code, n: label_of("waive_via", m["waive_via"]),
    "rongque_allowed": lambda m, code, n: yes_no(m["rongque_allowed"]),
    "note": lambda m, code, n: m["note"],
}


def material_form(form: str, medium: str) -> str:
    """材料形式: the label of (form, medium), else of the form on paper."""
    table = choice_labels("material_form")
    return table.get((form, medium)) or table.get((form, "1"), "")


def item_headers() -> list[str]:
    return [labels("items")[name] for name in ITEM_FORMATTERS]


def material_headers() -> list[str]:
    return [labels("materials")[name] for name in MATERIAL_FORMATTERS]


def item_row(data: dict, region_name: str = "") -> list:
    """The 事项清单 row of an item (exchange dict) in canonical column order."""
    return [cell(fmt(data, region_name)) for fmt in ITEM_FORMATTERS.values()]


def material_rows(data: dict) -> list[list]:
    """The 材料信息 rows of an item, 序号 from 1."""
    code = data["implementation_code"]
    return [
        [cell(fmt(material, code, number)) for fmt in MATERIAL_FORMATTERS.values()]
        for number, material in enumerate(data["materials"], start=1)
    ]
