"""Words, separators and patterns of cell values (domain.md §6.2), shared by the parsers."""

from __future__ import annotations

import re
import unicodedata

from .. import numerals

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
