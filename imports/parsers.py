"""Stage 3: typed values from cell text.

Each parser takes the text of one cell (see ``reader.cell_text``) and
returns a value in the shape of ``catalogue.exchange``, or raises
``CellError`` with a reason code.  Parsers are pure and know nothing about
sheets or rows, so every spelling a region uses is one table-test line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalogue import services

from . import codes, numerals
from .issues import (
    FORMULA_INJECTION,
    INVALID_CHOICE,
    INVALID_FORMAT,
    INVALID_NUMBER,
    TOO_LONG,
    CellError,
)

# Every habit of domain.md §6.2: 是/否, 有/无, √/×, ✓, Y/N, 1/0, TRUE/FALSE.
TRUE_WORDS = frozenset(
    {
        "是",
        "y",
        "yes",
        "1",
        "√",
        "✓",
        "✔",
        "☑",
        "■",
        "有",
        "true",
        "t",
        "支持",
        "可以",
        "可",
        "能",
        "允许",
        "需要",
        "收费",
        "对",
    }
)
FALSE_WORDS = frozenset(
    {
        "否",
        "n",
        "no",
        "0",
        "×",
        "✗",
        "✘",
        "☐",
        "□",
        "无",
        "false",
        "f",
        "不支持",
        "不可以",
        "不可",
        "不能",
        "不允许",
        "不需要",
        "不收费",
        "免费",
        "非",
        "错",
        "-",
        "/",
    }
)
NO_FEE = frozenset(
    {"", "不收费", "无", "免费", "否", "0", "/", "-", "无收费", "不涉及"}
)
IMMEDIATE = frozenset(
    {
        "即办",
        "当场办结",
        "即时办结",
        "当场办理",
        "立即办结",
        "当日办结",
        "即时",
        "当场",
        "即来即办",
        "立即办理",
        "即时办理",
        "当即办结",
        "现场办结",
        "当场办",
    }
)
NO_LEGAL_LIMIT = frozenset(
    {
        "无法定时限",
        "无",
        "法律法规未规定",
        "法律法规未规定办结时限",
        "/",
        "-",
        "—",
        "无法定办结时限",
        "法律未规定",
        "法律法规无规定",
        "不适用",
        "无规定",
        "未规定",
    }
)
LIST_SEPARATORS = re.compile(r"[、/／；;，,|｜\t\n\r]+")
FEE_SEPARATORS = re.compile(r"[；;\n\r]+")
# The national stage multi-select is joined with ^ (3^4^5^6).
STAGE_SEPARATORS = re.compile(r"[\^、/；;，,|\s]+")
# Split on the first colon only: standards contain colons in brackets.
FEE_ITEM = re.compile(r"^([^：:]+)[：:](.+)$", re.DOTALL)
# A time limit's number and unit, with the words regions put around them:
# 自受理之日起20个工作日内, 承诺20个工作日办结, 20(工作日), 20天以内.
TIME_LIMIT = re.compile(
    rf"^(?:.*?(?:之日起|日起|起|后))?(?:承诺|法定|时限|为)*(-?{numerals.NUMBER})"
    r"\(?([^()\d]*?)\)?(?:以内|之内|内)?(?:完成|办结|办完)?$"
)
COUNT = re.compile(
    rf"^(?:最多|不超过|至多)?(-?{numerals.NUMBER})(?:\(?(?:份|次|件|个|张|页)\)?)?$"
)
PHONE = re.compile(r"^[0-9()（）+\- ,，、/]+\Z")
IMPLEMENTATION_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.]*\Z")
CATALOGUE_CODE = re.compile(r"^[0-9A-Za-z]+\Z")
REGION_CODE = re.compile(r"^\d{6}(\d{6})?\Z")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?\Z")
FORMULA_START = ("=", "+", "-", "@")
CATALOGUE_CODE_DIGITS = 10
MAX_COUNT = 32767  # PositiveSmallIntegerField
HALF_TO_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


# --- text ---------------------------------------------------------------------


def parse_text(text: str, max_length: int | None = None) -> str:
    """Trimmed text (non-breaking and ideographic spaces too), checked for size and formulas."""
    value = text.strip()
    if max_length is not None and len(value) > max_length:
        raise CellError(
            TOO_LONG,
            _("%(length)d characters, more than the limit of %(limit)d.")
            % {"length": len(value), "limit": max_length},
        )
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        # The neutral form the export writes (OWASP): quoted, so the text is data.
        return value[1:]
    if (
        value.startswith(FORMULA_START)
        and len(value) > 1
        and not PLAIN_NUMBER.match(value)
    ):
        raise CellError(
            FORMULA_INJECTION,
            _("Text starting with %(char)s would run as a formula in a spreadsheet.")
            % {"char": value[0]},
        )
    return value


def parse_name(text: str, max_length: int | None = None) -> str:
    """A name: trimmed text whose half-width brackets become the canonical full-width ones."""
    return parse_text(text, max_length).translate(HALF_TO_FULL_BRACKETS)


def parse_list(text: str) -> list[str]:
    """Values separated by 、 / ； ; ， , or line breaks, trimmed, empties dropped."""
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


def split_names(text: str, is_known: Callable[[str], bool]) -> list[str]:
    """``parse_list``, but a known name that contains a separator stays whole.

    社会保障（社会保险、社会救助） is one theme: the longest run of pieces that
    ``is_known`` recognises (with the separators as written) is taken first.
    """
    pieces = re.split(f"({LIST_SEPARATORS.pattern})", text)
    parts, separators = pieces[0::2], pieces[1::2]
    names, start = [], 0
    while start < len(parts):
        end = next(
            (
                end
                for end in range(len(parts), start + 1, -1)
                if is_known(_joined(parts, separators, start, end))
            ),
            start + 1,
        )
        names.append(_joined(parts, separators, start, end).strip())
        start = end
    return [name for name in names if name]


def _joined(parts: list[str], separators: list[str], start: int, end: int) -> str:
    return "".join(
        part + (separators[index] if index < end - 1 else "")
        for index, part in enumerate(parts[start:end], start)
    )


# --- booleans and code lists -------------------------------------------------------


def parse_bool(text: str) -> bool:
    """是/否, Y/N, 1/0, √/empty, 有/无, TRUE/FALSE; an empty cell is no."""
    key = _key(text).replace("\ufe0f", "")  # ✔️ carries an emoji selector
    key = {"1.0": "1", "0.0": "0"}.get(key, key)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS or not key:
        return False
    raise CellError(INVALID_CHOICE, _("Write 是 or 否 (yes or no)."))


def parse_choice(text: str, table: str) -> str:
    """The code of a label in code list ``table``; empty stays empty."""
    if not text.strip():
        return ""
    code = codes.lookup(table, text)
    if code is None:
        raise CellError(INVALID_CHOICE, _("Not a value of this code list."))
    return code


def parse_choices(text: str, table: str) -> list:
    """Several labels of one code list, in order, without repeats."""
    found = []
    for part in parse_list(text):
        code = parse_choice(part, table)
        for one in code if isinstance(code, list) else [code]:
            if one not in found:
                found.append(one)
    return found


def parse_required(text: str) -> bool:
    """材料必要性: 必要/非必要 or any boolean spelling; empty means required."""
    if not text.strip():
        return True
    value = codes.lookup("material_required", text)
    return parse_bool(text) if value is None else value


def parse_depth(text: str) -> str:
    """网上办理深度 → level "1"–"4".

    Level words (Ⅲ级, 三级, 网上受理（Ⅲ级）, 全程网办, 5星) or the national
    stage multi-select (``1^2^3^4^5``, stage names): see ``depth_of_stages``.
    """
    key = _key(text)
    if not key:
        return ""
    for candidate in _depth_candidates(key):
        code = codes.lookup("online_depth", candidate)
        if code is not None:
            return code
    # One bare digit is a level (above); a stage list has several or names them.
    stages = _stages(text) if not key.isdigit() else None
    if stages:
        return depth_of_stages(stages)
    raise CellError(
        INVALID_CHOICE,
        _("Online depth is level Ⅰ to Ⅳ or the national stages such as 1^2^3^4."),
    )


def _depth_candidates(key: str) -> list[str]:
    """The cell, the part in brackets and the part outside, each without 级."""
    inner = re.search(r"\(([^()]*)\)", key)
    parts = [key]
    if inner:
        parts += [inner.group(1), (key[: inner.start()] + key[inner.end() :])]
    return [p.removesuffix("级") for p in parts if p] + parts


def parse_stages(text: str) -> list[str]:
    """网上办理环节: the national stages (codes or names, ``^`` or any separator)."""
    if not text.strip():
        return []
    stages = _stages(text)
    if stages is None:
        raise CellError(INVALID_CHOICE, _("Not a list of the national online stages."))
    return stages


def _stages(text: str) -> list[str] | None:
    parts = [part for part in STAGE_SEPARATORS.split(text.strip()) if part]
    found = [codes.lookup("online_stage", part) for part in parts]
    if not found or None in found:
        return None
    return sorted(set(found), key=int)


def depth_of_stages(stages: list[str]) -> str:
    """The provincial level the national stages reach (domain.md §2.4).

    Result delivered online (6, 7) is 全程网办 Ⅳ; accepted or handled online
    (4, 5) is Ⅲ; received or pre-reviewed (2, 3) is Ⅱ; consultation only Ⅰ.
    """
    reached = set(stages)
    for level, needed in (("4", {"6", "7"}), ("3", {"4", "5"}), ("2", {"2", "3"})):
        if reached & needed:
            return level
    return "1"


def parse_topics(text: str, group: str) -> list[tuple[str, str]]:
    """Theme names of one audience group → (group, code); a name may contain 、."""
    if not text.strip():
        return []
    table = f"topics:{group}"
    names = split_names(text, lambda name: codes.lookup(table, name) is not None)
    return [(group, parse_choice(name, table)) for name in names]


def parse_material_form(text: str) -> tuple[str, str]:
    """材料形式 → (form, medium): 原件 → ("1", "1"), 电子 → ("1", "2")."""
    value = codes.lookup("material_form", text) if text.strip() else ["1", "1"]
    if value is None:
        raise CellError(INVALID_CHOICE, _("Not a value of this code list."))
    return value[0], value[1]


# --- numbers -------------------------------------------------------------


def parse_time_limit(text: str) -> tuple[int | None, str]:
    """(value, unit): 20个工作日, 20 个工作日, 20个工作日内, 自受理之日起20个工作日,
    二十个工作日, 20 (working days), 60个自然日, 20天, 3个月, 1年 (12 months), 2周
    (14 days); 即办 → 0; 无法定时限 → (None, "")."""
    key = _key(text).rstrip("。.")
    if not key or key in NO_LEGAL_LIMIT:
        return None, ""
    if key in IMMEDIATE:
        return 0, "working_day"
    match = TIME_LIMIT.match(key)
    if match is None:
        raise CellError(INVALID_NUMBER, _("Not a time limit such as 20个工作日."))
    value = numerals.to_int(match.group(1).lstrip("-"))
    if match.group(1).startswith("-"):
        raise CellError(INVALID_NUMBER, _("A time limit cannot be negative."))
    unit, factor = _time_unit(match.group(2))
    if value is None or unit is None:
        raise CellError(INVALID_NUMBER, _("Not a time limit such as 20个工作日."))
    return value * factor, unit


def _time_unit(text: str) -> tuple[str | None, int]:
    if not text:
        return "working_day", 1  # a bare number counts working days (the usual unit)
    unit = codes.lookup("time_unit", text)
    if unit is not None:
        return unit, 1
    scaled = codes.lookup("time_unit_scaled", text)
    return (scaled[0], scaled[1]) if scaled else (None, 1)


def parse_count(text: str, maximum: int = MAX_COUNT) -> int | None:
    """A count such as visits or copies: 1, "1", 1.0, "1份", "0次", 一次, 最多跑一次; empty → None."""
    key = _key(text).replace("跑", "")
    if not key:
        return None
    match = COUNT.match(key)
    value = numerals.to_int(match.group(1).lstrip("-")) if match else None
    if value is None:
        raise CellError(INVALID_NUMBER, _("Not a whole number."))
    if match.group(1).startswith("-") or not 0 <= value <= maximum:
        raise CellError(
            INVALID_NUMBER,
            _("The number must be between 0 and %(max)d.") % {"max": maximum},
        )
    return value


def parse_phone(text: str) -> str:
    """A service phone as text (a number cell 12345 arrives as "12345")."""
    value = unicodedata.normalize("NFKC", text).strip()
    if value and not PHONE.match(value):
        raise CellError(
            INVALID_NUMBER, _("A phone number holds digits, hyphens and brackets only.")
        )
    if len(value) > 50:
        raise CellError(TOO_LONG, _("A phone number is at most 50 characters."))
    return value


def parse_url(text: str, max_length: int = 200) -> str:
    """An http(s) address, checked by the validator the admin's form uses."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return ""
    if len(value) > max_length:
        raise CellError(
            TOO_LONG,
            _("An address is at most %(limit)d characters.") % {"limit": max_length},
        )
    try:
        services.validate_web_url(value)
    except ValidationError:
        raise CellError(
            INVALID_FORMAT, _("Not a web address starting with http:// or https://.")
        ) from None
    return value


# --- codes ---------------------------------------------------------------


def _code_text(text: str) -> str:
    """A code cell as text: NFKC, trimmed, and without the ".0" of a number cell
    that a system exported as text (990100.0)."""
    value = unicodedata.normalize("NFKC", text).strip()
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


def parse_implementation_code(text: str) -> str:
    value = _code_text(text)
    if not IMPLEMENTATION_CODE.match(value) or len(value) > 36:
        raise CellError(
            INVALID_FORMAT,
            _("An implementation code holds up to 36 letters, digits and hyphens."),
        )
    return value


def parse_catalogue_code(text: str) -> str:
    """基本编码 as text; digits that lost leading zeros in Excel get them back."""
    value = _code_text(text)
    if not value:
        return ""
    if not CATALOGUE_CODE.match(value) or len(value) > 12:
        raise CellError(
            INVALID_FORMAT, _("A catalogue code holds up to 12 letters and digits.")
        )
    return value.zfill(CATALOGUE_CODE_DIGITS) if value.isdigit() else value


def parse_region_code(text: str) -> str:
    """行政区划代码: 6 digits (or 12 for towns), stored as text."""
    value = _code_text(text)
    if value and not REGION_CODE.match(value):
        raise CellError(INVALID_CHOICE, _("Not a 6-digit administrative region code."))
    return value


# --- fees -------------------------------------------------------------------


def parse_fees(text: str) -> list[dict]:
    """收费标准: "项目：标准" items split on ；/line breaks, each on its first ：."""
    if _key(text) in NO_FEE:
        return []
    fees = []
    for part in FEE_SEPARATORS.split(text):
        if not part.strip():
            continue
        match = FEE_ITEM.match(part.strip())
        if match is None:
            raise CellError(
                INVALID_FORMAT, _("Write each fee as 项目：标准 (item: standard).")
            )
        fees.append(
            {
                "name": parse_text(match.group(1), 200),
                "standard": parse_text(match.group(2), 255),
                "basis": "",
            }
        )
    return fees
