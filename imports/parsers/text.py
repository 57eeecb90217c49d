"""Text cells: trimmed text, names, lists, phones, web addresses, codes and fees."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalogue import services

from ..issues import (
    FORMULA_INJECTION,
    INVALID_CHOICE,
    INVALID_FORMAT,
    INVALID_NUMBER,
    TOO_LONG,
    CellError,
)
from .words import (
    CATALOGUE_CODE,
    CATALOGUE_CODE_DIGITS,
    FEE_ITEM,
    FEE_SEPARATORS,
    FORMULA_START,
    HALF_TO_FULL_BRACKETS,
    IMPLEMENTATION_CODE,
    LIST_SEPARATORS,
    NO_FEE,
    PHONE,
    PLAIN_NUMBER,
    REGION_CODE,
    _key,
)


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
