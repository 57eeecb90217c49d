"""Canonical exchange data → cell values of the canonical workbook layout.

The layout is the one ``catalogue-clean.xlsx`` uses and the importer reads
best: one row per item on 事项清单, one row per material on 材料信息, headers
as the labels of the column declarations (``imports.columns``).  Every value is
written in a spelling the parsers read back to the same data: code lists as
their first label in ``data/codes.json``, booleans 是/否, lists joined with
``、``, time limits ``N个工作日`` / ``即办`` / ``无法定时限``.

Text that a spreadsheet would run as a formula is neutralised (see
``neutralise``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .codes import CODES_FILE

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


def material_form(form: str, medium: str) -> str:
    """材料形式: the label of (form, medium), else of the form on paper."""
    table = choice_labels("material_form")
    return table.get((form, medium)) or table.get((form, "1"), "")


def _exported(kind: str):
    from . import columns  # the columns' writers use this module's helpers

    return columns.exported(kind), columns.Context


def item_headers() -> list[str]:
    return [column.label for column in _exported("items")[0]]


def material_headers() -> list[str]:
    return [column.label for column in _exported("materials")[0]]


def item_row(data: dict, region_name: str = "") -> list:
    """The 事项清单 row of an item (exchange dict) in canonical column order."""
    exported, context = _exported("items")
    ctx = context(region_name=region_name)
    return [cell(column.write(data, ctx)) for column in exported]


def material_rows(data: dict) -> list[list]:
    """The 材料信息 rows of an item, 序号 from 1."""
    exported, context = _exported("materials")
    code = data["implementation_code"]
    return [
        [cell(c.write(material, context(item_code=code, number=n))) for c in exported]
        for n, material in enumerate(data["materials"], start=1)
    ]
