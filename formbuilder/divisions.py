"""GB/T 2260 administrative divisions for the address picker (省/市/县).

The list ships as ``static/formbuilder/gb2260.json`` (built by
``scripts/update_divisions.py``; source and date in ADR 0011), so the page
script that narrows the lists in the browser and the server that checks
the answer read the same file.  Every province has prefecture-level entries
(a municipality one, named after itself); a few prefectures have no
counties (东莞市, 中山市, 儋州市, 嘉峪关市) and 台湾省, 香港 and 澳门 have no
entries below the province: those parts are then not asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "static" / "formbuilder" / "gb2260.json"
STATIC_PATH = "formbuilder/gb2260.json"
PARTS = ("province", "city", "district")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None
    children: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> dict[str, Division]:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    index: dict[str, Division] = {}
    for code, name, cities in document["divisions"]:
        index[code] = Division(code, name, None, tuple(c[0] for c in cities))
        for city_code, city_name, counties in cities:
            index[city_code] = Division(
                city_code, city_name, code, tuple(c[0] for c in counties)
            )
            for county_code, county_name in counties:
                index[county_code] = Division(county_code, county_name, city_code, ())
    return index


@lru_cache(maxsize=1)
def source() -> str:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return document["source"]


def get(code: str | None) -> Division | None:
    return _index().get(code or "")


def provinces() -> list[Division]:
    return [d for d in _index().values() if d.parent is None]


def children(code: str | None) -> list[Division]:
    division = get(code)
    return [get(c) for c in division.children] if division else []


class AddressError(ValueError):
    """Which part of an address is missing or does not belong (``part``)."""

    def __init__(self, part: str, code: str):
        self.part, self.code = part, code
        super().__init__(f"{part}: {code}")


def resolve(province: str, city: str = "", district: str = "") -> dict:
    """Codes → ``{province_code, province, city_code, city, …}`` with names.

    Each part must exist and lie in the one before; a part is required
    exactly when the part before it has entries.  Raises ``AddressError``
    (code ``missing`` or ``unknown``) naming the first wrong part.
    """
    resolved = {}
    parent = None
    for part, code in zip(PARTS, (province, city, district), strict=True):
        options = children(parent) if parent else provinces()
        if not options:
            if code:
                raise AddressError(part, "unknown")
            break
        if not code:
            raise AddressError(part, "missing")
        division = get(code)
        if division is None or division.parent != parent:
            raise AddressError(part, "unknown")
        resolved[f"{part}_code"], resolved[part] = division.code, division.name
        parent = division.code
    return resolved


def is_valid_address(value) -> bool:
    """The format checker of an address answer: codes consistent, names theirs."""
    if not isinstance(value, dict) or "province_code" not in value:
        return True  # older answers without codes; the schema checks the shape
    try:
        resolved = resolve(
            value.get("province_code", ""),
            value.get("city_code", ""),
            value.get("district_code", ""),
        )
    except AddressError:
        return False
    return all(value.get(key) == name for key, name in resolved.items())
