"""Numbers: time limits in every unit and phrasing, counts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import codes, numerals
from ..issues import (
    INVALID_NUMBER,
    CellError,
)
from .words import (
    COUNT,
    IMMEDIATE,
    MAX_COUNT,
    NO_LEGAL_LIMIT,
    TIME_LIMIT,
    _key,
)


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
