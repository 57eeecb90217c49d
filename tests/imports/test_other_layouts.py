"""Other regional layouts import end to end and equal the canonical one."""

from __future__ import annotations

import pytest

from catalogue.models import Department, ServiceItem
from imports import services
from imports.issues import column_letter

from .helpers import canonical_sheets, sample, write_workbook
from .test_layouts import ITEM_SYNONYMS, MATERIAL_SYNONYMS

pytestmark = pytest.mark.django_db

# Upper-row group labels merged over the lower-row labels they cover.
GROUPS = {
    "咨询电话": ("联系方式", "咨询电话"),
    "投诉电话": ("联系方式", "监督电话"),
    "法定办结时限": ("办理时限", "法定期限"),
    "承诺办结时限": ("办理时限", "承诺期限"),
}


def _per_department_two_row_book(path):
    """One sheet per department (named after it, no department column), a
    title row, a two-row header with merged group labels, synonyms, and the
    materials on their own sheet under other names."""
    data = sample()
    headers = data["item_headers"]
    department = headers.index("实施主体")
    keep = [i for i in range(len(headers)) if i != department]
    top, bottom, merges = [], [], ["A1:F1"]
    for position, index in enumerate(keep):
        header = headers[index]
        group, sub = GROUPS.get(header, (ITEM_SYNONYMS.get(header, header), None))
        letter = column_letter(position)
        if sub is None:
            merges.append(f"{letter}2:{letter}3")
        top.append(group if not top or top[-1] != group or sub is None else None)
        bottom.append(sub)
    first = next(i for i, h in enumerate(keep) if headers[h] == "法定办结时限")
    merges.append(f"{column_letter(first)}2:{column_letter(first + 1)}2")
    contact = next(i for i, h in enumerate(keep) if headers[h] == "咨询电话")
    merges.append(f"{column_letter(contact)}2:{column_letter(contact + 1)}2")
    sheets, sheet_merges = {}, {}
    for row in data["items"]:
        name = row[department]
        if name not in sheets:
            sheets[name] = [[f"{name}政务服务事项实施清单"], top, bottom]
            sheet_merges[name] = merges
        sheets[name].append([row[i] for i in keep])
    material_headers = [MATERIAL_SYNONYMS.get(h, h) for h in data["material_headers"]]
    sheets["申请材料"] = [material_headers, *data["materials"]]
    return write_workbook(path, sheets, sheet_merges), data


def test_per_department_sheets_with_two_row_headers_import_like_the_canonical_book(
    tmp_path,
):
    path, data = _per_department_two_row_book(tmp_path / "regional.xlsx")
    plan = services.plan_import(path)
    assert plan.errors == []
    item_sheets = [m for m in plan.parse.mapping.values() if m.kind == "items"]
    department = data["item_headers"].index("实施主体")
    assert len(item_sheets) == len({row[department] for row in data["items"]})
    assert all(m.first_data_row == 4 for m in item_sheets)
    outcome = services.import_file(path)
    assert outcome.applied
    assert ServiceItem.objects.count() == len(data["items"])
    assert set(Department.objects.values_list("name", flat=True)) == {
        row[department] for row in data["items"]
    }
    canonical = write_workbook(tmp_path / "canonical.xlsx", canonical_sheets(sample()))
    again = services.plan_import(canonical)
    assert again.writes == [], [
        c.as_dict() for c in again.items if c.action != "unchanged"
    ]
