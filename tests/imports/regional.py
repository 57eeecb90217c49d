"""Regional workbooks nobody tuned for: the demo catalogue written as regions write it.

``regional_book`` takes the canonical rows of some items (what our export
writes) and a ``choose(options)`` callable (a Hypothesis draw, or a seeded
``random.Random().choice``) and writes a workbook the way domain.md §6
describes regions writing theirs: one sheet per department (without its
department column) or one sheet, a title and a count row above the header,
a merged two-row header, shuffled columns, synonyms for headers, every
documented spelling of the values (codes vs labels, numerals, units and
phrasings, boolean habits, separators, number cells), trailing formatted
empty rows, and a few bad rows whose problem it knows.

It knows nothing of the parsers: respellings come from domain.md's
conventions and the code tables' own labels, never from the import code.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from imports import columns, export_format
from imports.codes import raw_table

Choose = Callable[[Sequence], object]
CHINESE = "零一二三四五六七八九"
YES = ("是", "Y", "y", "1", "√", "✓", "有", "TRUE", "支持")
NO = ("否", "N", "0", "×", "无", "FALSE", "不支持")
SEPARATORS = ("、", "/", "；", ";", "，", ",", "\n", "｜")
GROUPS = {
    "法定办结时限": "办理时限",
    "承诺办结时限": "办理时限",
    "咨询电话": "联系方式",
    "投诉电话": "联系方式",
}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def chooser(seed: int) -> Choose:
    """Choices from a seeded generator (test data, not secrets)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    return lambda options: rng.choice(list(options))


def chinese(number: int) -> str:
    if number < 10:
        return CHINESE[number]
    tens, ones = divmod(number, 10)
    if number >= 100:
        return str(number)
    return ("" if tens == 1 else CHINESE[tens]) + "十" + (CHINESE[ones] if ones else "")


def _labels_of(table: str, label: str) -> list[str]:
    """Every label of ``table`` (as listed) that stands for the same code as ``label``."""
    entries = raw_table(table)
    code = entries.get(re.sub(r"\s+", "", label).casefold())
    return [key for key, value in entries.items() if value == code] or [label]


def _code_spellings(table: str, label: str) -> list:
    code = raw_table(table).get(label.casefold(), "")
    spellings = _labels_of(table, label)
    if isinstance(code, str) and code.isdigit():
        number = int(code)
        spellings += [code, f"{code} {label}", f"（{code}）{label}", f"{label}({code})"]
        spellings += [str(number).translate(FULL_WIDTH)]
        if number:
            spellings += [number]  # a number cell: Excel drops the zeros
        if 0 < number < 10:
            spellings += [chinese(number)]
    return spellings


def _yes_no(text: str) -> list:
    if text == "是":
        return [*YES, True]
    return [*NO, False, ""]


TIME = re.compile(r"^(\d+)(个工作日|个自然日|个月)$")
UNIT_WORDS = {
    "个工作日": ("个工作日", "工作日", " 个工作日", "（工作日）"),
    "个自然日": ("个自然日", "自然日", "天", "日"),
    "个月": ("个月", "月"),
}


def _time_limit(text: str, choose: Choose) -> list:
    if text == "即办":
        return ["即办", "当场办结", "即时办结", "即来即办", "0"]
    if text == "无法定时限":
        return ["无法定时限", "无", "/", "法律法规未规定"]
    match = TIME.match(text)
    if match is None:
        return [text]
    value, unit = int(match.group(1)), match.group(2)
    number = choose([str(value), chinese(value), str(value).translate(FULL_WIDTH)])
    words = choose(UNIT_WORDS[unit])
    prefix = choose(["", "自受理之日起", "承诺", "受理后"])
    suffix = choose(["", "内", "以内"]) if prefix != "承诺" else ""
    spellings = [text, f"{prefix}{number}{words}{suffix}"]
    if unit == "个工作日":
        spellings += [value, f"{value}.0"]
    return spellings


STAGES = {"Ⅰ级": "1", "Ⅱ级": "1^2^3", "Ⅲ级": "1^2^3^4^5", "Ⅳ级": "1^2^3^4^5^6"}
DEPTH_WORDS = {
    "Ⅰ级": ("一级", "I级", "网上咨询（Ⅰ级）", "1"),
    "Ⅱ级": ("二级", "II级", "网上预审（Ⅱ级）", "2"),
    "Ⅲ级": ("三级", "III级", "网上受理（Ⅲ级）", "3", "Ⅲ"),
    "Ⅳ级": ("四级", "IV级", "全程网办（Ⅳ级）", "全程网办", "4", "Ⅳ"),
}


def _list(table: str | None, text: str, choose: Choose) -> list:
    if not text:
        return [text]
    parts = [p for p in re.split(r"、", text) if p]
    if table == "topics":
        return [text]  # names may hold 、 themselves: respelled by separator only
    if table is not None:
        parts = [choose([str(s) for s in _code_spellings(table, p)]) for p in parts]
    return [choose(SEPARATORS).join(parts)]


def _topics(group: str, text: str, choose: Choose) -> list:
    if not text:
        return [text]
    names = text.split("、") if "（" not in text else [text]
    table = raw_table(f"topics:{group}")
    spelled = []
    for name in names:
        code = table.get(name.casefold().replace("(", "（").replace(")", "）"), "")
        spelled.append(choose([name, code, code.lstrip("0")] if code else [name]))
    return [choose(["、", "；", "\n"]).join(spelled)] if len(names) > 1 else spelled


def _text(text: str, choose: Choose) -> list:
    if not isinstance(text, str) or not text:
        return [text]
    return [text, f" {text}", f"{text}\u00a0", f"\u3000{text}"]


def respell(name: str, text, choose: Choose):
    """Another spelling of the canonical cell ``text`` of column ``name``."""
    if text is None:
        text = ""
    tables = {
        "item_type": "item_type",
        "exercise_level": "exercise_level",
        "handling_type": "handling_type",
        "tongban_scope": "tongban_scope",
        "result_type": "result_type",
    }
    if name in tables and text:
        return choose(_code_spellings(tables[name], text))
    if name in (
        "is_online",
        "is_charged",
        "supports_online_payment",
    ) or name.startswith("supports_"):
        return choose(_yes_no(text))
    if name in ("legal_limit", "promised_limit") and text:
        return choose(_time_limit(text, choose))
    if name == "visits":
        return choose(
            [text, str(text), f"{text}次", f"{text}.0", f"{chinese(int(text))}次"]
        )
    if name == "online_depth" and text:
        return choose([text, STAGES[text], *DEPTH_WORDS[text]])
    if name == "audience":
        return choose(_list("audience", text, choose))
    if name == "channels":
        return choose(_list("channels", text, choose))
    if name in ("aliases", "bundles", "life_events"):
        return choose(_list(None, text, choose))
    if name in ("natural_person_topics", "legal_person_topics"):
        return choose(_topics(name.split("_person")[0] + "_person", text, choose))
    if name == "region_code" and text:
        return choose([text, int(text)])
    if name == "catalogue_code" and text and text.isdigit():
        return choose([text, int(text)])
    if name in ("consult_phone", "complaint_phone") and str(text).isdigit():
        return choose([text, int(text)])
    if name in ("name", "result_name"):
        return choose([text, text.replace("（", "(").replace("）", ")")])
    return choose(_text(text, choose))


# Problems a region's book has, by column: (cell, reason the import must give).
BAD_CELLS = {
    "item_type": ("外星事项", "invalid_choice"),
    "visits": ("-1", "invalid_number"),
    "legal_limit": ("二十天左右", "invalid_number"),
    "region_code": ("ABC", "invalid_choice"),
    "audience": ("外星人", "invalid_choice"),
    "online_url": ("javascript:alert(1)", "invalid_format"),
}


@dataclass
class Book:
    path: Path
    codes: list[str]
    # code → (sheet, Excel row, header as written, reason)
    bad: dict[str, tuple[str, int, str, str]] = field(default_factory=dict)


def canonical(items: list[dict], regions: dict[str, str]) -> list[dict[str, object]]:
    """Each item's canonical row as {column name: cell}."""
    names = [c.name for c in columns.exported("items")]
    return [
        dict(
            zip(
                names,
                export_format.item_row(item, regions[item["region_code"]]),
                strict=True,
            )
        )
        for item in items
    ]


def regional_book(
    tmp: Path, items: list[dict], regions: dict[str, str], choose: Choose, bad: int = 0
) -> Book:
    """Write ``items`` as a randomised regional workbook (see the module docstring)."""
    rows = canonical(items, regions)
    table = columns.by_name("items")
    names = list(rows[0])
    order = list(names)
    for index in range(len(order) - 1, 0, -1):  # Fisher–Yates with the given choices
        other = choose(range(index + 1))
        order[index], order[other] = order[other], order[index]
    per_department = choose([False, True])
    if per_department:
        order.remove("department_name")
    headers = {n: choose([table[n].label, *table[n].synonyms]) for n in order}
    bad_rows = (
        set(choose([list(range(len(rows)))[i::7] for i in range(7)])[:bad])
        if bad
        else set()
    )
    sheets: dict[str, list[dict]] = {}
    for row in rows:
        sheet = row["department_name"][:31] if per_department else "实施清单"
        sheets.setdefault(sheet, []).append(row)
    book = Book(tmp / "regional.xlsx", [r["implementation_code"] for r in rows])
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = choose([0, 1, 2])
    two_rows = choose([False, True])
    for sheet_name, sheet_rows in sheets.items():
        _write_sheet(
            workbook,
            sheet_name,
            sheet_rows,
            order,
            headers,
            choose,
            title,
            two_rows,
            {rows.index(r) for r in sheet_rows} & bad_rows,
            rows,
            book,
        )
    _materials_sheet(workbook, items)
    workbook.save(book.path)
    return book


def _write_sheet(
    workbook,
    name,
    sheet_rows,
    order,
    headers,
    choose,
    title,
    two_rows,
    bad_rows,
    rows,
    book,
):
    sheet = workbook.create_sheet(name)
    for line in range(title):
        sheet.append(
            [
                f"{name}政务服务事项实施清单"
                if line == 0
                else f"共 {len(sheet_rows)} 项：其中行政许可若干项"
            ]
        )
        sheet.merge_cells(
            start_row=sheet.max_row,
            start_column=1,
            end_row=sheet.max_row,
            end_column=min(8, len(order)),
        )
    if two_rows:
        sheet.append([GROUPS.get(headers[n], "") for n in order])
    sheet.append([headers[n] for n in order])
    for row in sheet_rows:
        cells = {n: respell(n, row[n], choose) for n in order}
        if rows.index(row) in bad_rows:
            column = choose([c for c in BAD_CELLS if c in order] or ["item_type"])
            if column in order:
                cells[column] = BAD_CELLS[column][0]
                book.bad[row["implementation_code"]] = (
                    name,
                    sheet.max_row + 1,
                    headers[column],
                    BAD_CELLS[column][1],
                )
        sheet.append([_cell(cells[n]) for n in order])
    grey = PatternFill("solid", fgColor="EEEEEE")
    for _line in range(choose([0, 3, 20])):  # formatted rows nobody filled in
        for column in range(1, len(order) + 1):
            sheet.cell(
                row=sheet.max_row + 1 if column == 1 else sheet.max_row, column=column
            ).fill = grey


def _cell(value):
    return None if value == "" else value


def _materials_sheet(workbook, items) -> None:
    sheet = workbook.create_sheet("材料信息")
    sheet.append(export_format.material_headers())
    for item in items:
        for row in export_format.material_rows(item):
            sheet.append(row)
