"""One ``Column`` declaration per workbook column, and everything derived from it."""

from __future__ import annotations

import io

import openpyxl
import pytest

from imports import columns, export_format, headers, rows, template
from imports.columns import Column
from imports.headers import normalise_header
from imports.pipeline import parse_workbook

from .helpers import write_workbook


@pytest.mark.parametrize("kind", ["items", "materials"])
def test_every_label_and_synonym_maps_to_its_own_column(kind):
    table = headers.lookup_table(kind)
    for column in columns.columns(kind):
        assert table[normalise_header(column.label)].field == column.name
        for synonym in column.synonyms:
            assert table[normalise_header(synonym)].field == column.name, synonym


def test_no_synonym_is_claimed_twice():
    for kind in ("items", "materials"):
        seen: dict[str, str] = {}
        for column in columns.columns(kind):
            for text in (column.label, *column.synonyms):
                key = normalise_header(text)
                assert seen.setdefault(key, column.name) == column.name, text


def test_export_template_and_required_lists_follow_the_declarations():
    exported = [c.label for c in columns.exported("items")]
    assert export_format.item_headers() == exported
    assert [c.field for c in template.code_lists() if c.kind == "items"] == [
        c.name for c in columns.exported("items") if c.choices is not None
    ]
    assert columns.required("items") == {
        "implementation_code",
        "name",
        "region_code",
        "department_name",
        "item_type",
        "exercise_level",
        "handling_type",
    }


def test_lengths_come_from_the_model():
    from catalogue.models import ServiceItem

    limit = ServiceItem._meta.get_field("name").max_length
    read = columns.by_name("items")["name"].read
    assert read("名" * limit) == {"name": "名" * limit}
    with pytest.raises(Exception) as caught:
        read("名" * (limit + 1))
    assert caught.value.code == "too_long"


@pytest.fixture
def extra_column(monkeypatch):
    """A column added the way a developer would: one more declaration."""
    column = Column(
        "handling_office",
        "承办机构",
        lambda cell: {"handling_office": cell.strip()},
        ("承办单位",),
        write=lambda d, ctx: d["handling_office"],
    )
    items = (*columns.ITEM_COLUMNS, column)
    monkeypatch.setitem(columns.KINDS, "items", items)
    for cached in (
        columns.by_name,
        columns.exported,
        columns.required,
        headers._shipped_table,
        rows._handlers,
    ):
        cached.cache_clear()
    yield column
    monkeypatch.undo()
    for cached in (
        columns.by_name,
        columns.exported,
        columns.required,
        headers._shipped_table,
        rows._handlers,
    ):
        cached.cache_clear()


def test_adding_a_column_is_one_declaration(extra_column, tmp_path):
    book = write_workbook(
        tmp_path / "extra.xlsx",
        {
            "清单": [
                ["实施编码", "事项名称", "承办单位"],
                ["HC-X-001", "某事项", "某科"],
            ]
        },
    )
    parsed = parse_workbook(book)
    assert "handling_office" in parsed.fields_present
    assert parsed.items[0]["handling_office"] == "某科"
    assert export_format.item_headers()[-1] == "承办机构"
    stream = io.BytesIO()
    template.write_template(stream)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))[
        export_format.ITEMS_SHEET
    ]
    assert [c.value for c in sheet[1]][-1] == "承办机构"


def test_import_only_columns_fill_their_keys(tmp_path):
    book = write_workbook(
        tmp_path / "more.xlsx",
        {
            "清单": [
                ["实施编码", "事项名称", "情形", "网上办理环节", "网办地址"],
                [
                    "HC-X-001",
                    "某证补领",
                    "补领",
                    "1^2^3^4^5^6",
                    "https://a.example.cn/x",
                ],
            ]
        },
    )
    parsed = parse_workbook(book)
    assert parsed.errors == []
    item = parsed.items[0]
    assert item["variant"] == "replacement"
    assert item["online_stages"] == ["1", "2", "3", "4", "5", "6"]
    assert item["online_url"] == "https://a.example.cn/x"
    assert {"variant", "online_stages", "online_url"} <= parsed.fields_present
