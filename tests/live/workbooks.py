"""Exchange workbooks of any size, cloned from the import tests' sample rows."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.imports.helpers import sample


def item_workbook(path: Path, count: int, prefix: str = "LV") -> list[dict]:
    """``count`` items (codes ``<prefix>-000001``…) with their materials; returns
    each item's code and name."""
    data = sample()
    materials: dict[str, list] = {}
    for row in data["materials"]:
        materials.setdefault(row[0], []).append(row)
    book = Workbook(write_only=True)
    items = book.create_sheet("事项清单")
    material_sheet = book.create_sheet("材料信息")
    items.append(data["item_headers"])
    material_sheet.append(data["material_headers"])
    written = []
    for number in range(count):
        row = list(data["items"][number % len(data["items"])])
        source, row[0] = row[0], f"{prefix}-{number + 1:06d}"
        items.append(row)
        for material in materials.get(source, []):
            material_sheet.append([row[0], *material[1:]])
        written.append({"code": row[0], "name": row[2]})
    book.save(path)
    return written
