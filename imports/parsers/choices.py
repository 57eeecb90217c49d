"""Booleans, code lists, online depth and stages, topics, material forms."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .. import codes
from ..issues import (
    INVALID_CHOICE,
    CellError,
)
from .text import parse_list, split_names
from .words import (
    FALSE_WORDS,
    STAGE_SEPARATORS,
    TRUE_WORDS,
    _key,
)


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
