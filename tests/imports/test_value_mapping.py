"""Value mapping: values a column cannot read are listed, mapped and remembered."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.models import ServiceItem
from imports import mappings, services
from imports.pipeline import parse_workbook

from .helpers import sample, write_workbook

pytestmark = pytest.mark.django_db


def _book(tmp_path, changes: dict[int, dict[str, str]], name="book.xlsx"):
    data = sample()
    headers = data["item_headers"]
    rows = [list(r) for r in data["items"]]
    for index, cells in changes.items():
        for header, value in cells.items():
            rows[index][headers.index(header)] = value
    return write_workbook(tmp_path / name, {"事项清单": [headers, *rows]}), rows


LOCAL = {
    0: {"办件类型": "承诺类办件"},
    1: {"办件类型": "承诺类办件"},
    2: {"是否网办": "可网办"},
}


def test_unread_values_are_listed_per_column_with_counts_and_rows(tmp_path):
    book, _rows = _book(tmp_path, LOCAL)
    unread = parse_workbook(book).unread.as_dict()["items"]
    assert unread["handling_type"] == [
        {
            "text": "承诺类办件",
            "reason": "invalid_choice",
            "count": 2,
            "rows": [["事项清单", 2], ["事项清单", 3]],
        }
    ]
    assert unread["is_online"][0]["text"] == "可网办"


def test_mapped_values_are_read_as_the_chosen_value(tmp_path):
    book, rows = _book(tmp_path, LOCAL)
    values = {"handling_type": {"承诺类办件": "承诺件"}, "is_online": {"可网办": "是"}}
    result = parse_workbook(book, values=values)
    assert result.errors == []
    assert result.unread.as_dict() == {}
    items = {i["implementation_code"]: i for i in result.items}
    assert items[rows[0][0]]["handling_type"] == "2"
    assert items[rows[2][0]]["is_online"] is True


def test_a_mapping_to_an_unreadable_value_still_reports_the_cell(tmp_path):
    book, _rows = _book(tmp_path, LOCAL)
    result = parse_workbook(book, values={"handling_type": {"承诺类办件": "也不认识"}})
    assert {(e.row, e.column, e.code) for e in result.errors} >= {
        (2, "办件类型", "invalid_choice")
    }


def test_command_saves_and_reads_a_mapping(tmp_path):
    book, rows = _book(tmp_path, LOCAL)
    saved = tmp_path / "mapping.json"
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_items",
            str(book),
            "--format",
            "json",
            "--save-mapping",
            str(saved),
            stdout=out,
        )
    summary = json.loads(out.getvalue())
    assert summary["unread_values"]["items"]["handling_type"][0]["count"] == 2
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    assert mapping["values"] == {
        "handling_type": {"承诺类办件": None},
        "is_online": {"可网办": None},
    }
    assert mapping["columns"]["事项清单"]["handling_type"] == 12
    mapping["values"] = {
        "handling_type": {"承诺类办件": "2"},
        "is_online": {"可网办": "是"},
    }
    saved.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    call_command("import_items", str(book), "--mapping", str(saved), stdout=StringIO())
    assert ServiceItem.objects.get(implementation_code=rows[0][0]).handling_type == "2"


def test_a_bad_mapping_file_is_a_clear_error(tmp_path):
    from django.core.management import CommandError

    book, _rows = _book(tmp_path, {})
    bad = tmp_path / "bad.json"
    bad.write_text('{"values": ["x"]}', encoding="utf-8")
    with pytest.raises(CommandError, match="columns"):
        call_command("import_items", str(book), "--mapping", str(bad))


def test_value_maps_are_remembered_per_region_and_column():
    mappings.remember_values(
        "990100", "items", {"handling_type": {"承诺类办件": "承诺件"}}
    )
    mappings.remember_values(
        "990100", "items", {"handling_type": {"即办类办件": "即办件"}}
    )
    assert mappings.remembered_values("990100") == {
        "handling_type": {"承诺类办件": "承诺件", "即办类办件": "即办件"}
    }
    assert mappings.remembered_values("990200") == {}


def test_plan_import_takes_values(tmp_path):
    book, _rows = _book(tmp_path, LOCAL)
    plan = services.plan_import(
        book,
        values={
            "handling_type": {"承诺类办件": "承诺件"},
            "is_online": {"可网办": "1"},
        },
    )
    assert plan.errors == []
