"""Shared helpers for the import tests: data paths and workbook writers."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).parent / "data" / "sample_rows.json"


def shared_data(name: str) -> Path | None:
    """A file of the shared demo data next to the repository, if it is there."""
    path = REPO_ROOT.parent / "shared" / "data" / name
    return path if path.exists() else None


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def write_workbook(path: Path, sheets: dict[str, list[list]], merges=None) -> Path:
    """Write ``sheets`` (name → rows) with openpyxl; ``merges`` maps name → ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def canonical_sheets(data: dict) -> dict[str, list[list]]:
    return {
        "事项清单": [data["item_headers"], *data["items"]],
        "材料信息": [data["material_headers"], *data["materials"]],
    }


def by_code(items: list[dict]) -> dict[str, dict]:
    return {item["implementation_code"]: item for item in items}
