"""Numbers as regions write them: digits of any width, Chinese numerals, Excel floats.

Workbooks spell a count as ``1``, ``1.0`` (a number cell Excel stored as a
float and a system exported as text), ``１`` or ``一``/``壹``; a time limit
as ``二十个工作日``.  ``to_int`` reads all of them, and nothing else: a
fraction or a word stays unread, so its cell is reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CHINESE = f"[{''.join(DIGITS)}{''.join(UNITS)}]+"
ARABIC = r"\d+(?:\.0+)?"
NUMBER = f"(?:{ARABIC}|{CHINESE})"
_ARABIC = re.compile(rf"^{ARABIC}\Z")
_CHINESE = re.compile(rf"^{CHINESE}\Z")


def to_int(text: str) -> int | None:
    """``text`` (one number, nothing around it) as an int, or None."""
    value = unicodedata.normalize("NFKC", text).strip()
    if _ARABIC.match(value):
        return int(value.split(".")[0])
    if _CHINESE.match(value):
        return _chinese(value)
    return None


def _chinese(text: str) -> int | None:
    """十五 → 15, 二十 → 20, 一百零五 → 105, 二〇 → 20 (digit by digit)."""
    if not any(char in UNITS for char in text):
        return int("".join(str(DIGITS[char]) for char in text))
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if DIGITS.get(char) == 0:
            continue  # 一百零五: 零 only holds a place
        if char in DIGITS:
            if digit is not None:
                return None  # two digits in a row: 二三十 is not a number
            digit = DIGITS[char]
            continue
        unit = UNITS[char]
        if unit >= last_unit:
            return None  # 十百: units must fall
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)
