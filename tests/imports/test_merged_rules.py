"""The catalogue's rules run on the item as the import will write it (issue 13).

A workbook may carry only some columns: the plan merges each row into the
stored item (or the defaults of a new one) and checks that, so a partial
book cannot leave an item breaking a hard rule, and is not refused for a
value it does not carry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.models import ServiceItem
from imports import services

from .helpers import canonical_sheets, sample, write_workbook

pytestmark = pytest.mark.django_db


def _book(tmp: Path, rows: list[list], name="partial.xlsx") -> Path:
    return write_workbook(tmp / name, {"事项清单": rows})


def _column(data, header, index=0):
    return data["items"][index][data["item_headers"].index(header)]


@pytest.fixture
def stored(tmp_path):
    """The sample imported in full: HC-GA-001 charges a fee and is paid online."""
    data = sample()
    assert services.import_file(
        write_workbook(tmp_path / "full.xlsx", canonical_sheets(data))
    ).applied
    item = ServiceItem.objects.get(implementation_code=data["items"][0][0])
    assert item.is_charged and item.supports_online_payment
    return data, item


def _errors(outcome):
    return [(e["row"], e["column"], e["code"]) for e in outcome.summary()["errors"]]


def test_partial_book_cannot_break_a_hard_rule(stored, tmp_path):
    data, item = stored
    code = item.implementation_code
    book = _book(
        tmp_path,
        [
            ["实施编码", "事项名称", "区划代码", "实施主体", "是否收费"],
            [code, item.name, "990100", _column(data, "实施主体"), "否"],
        ],
    )
    outcome = services.import_file(book)
    assert not outcome.applied
    assert _errors(outcome) == [(2, "是否支持网上支付", "inconsistent")]
    item.refresh_from_db()
    assert item.is_charged


def test_partial_book_is_judged_with_the_values_it_keeps(stored, tmp_path):
    """Only 到办事现场次数 changes; the stored reason for a visit still holds."""
    data, item = stored
    assert item.visits == 1 and item.must_visit_reason
    book = _book(
        tmp_path,
        [["实施编码", "到办事现场次数"], [item.implementation_code, "2"]],
    )
    outcome = services.import_file(book)
    assert outcome.applied, outcome.summary()["errors"]
    item.refresh_from_db()
    assert item.visits == 2 and item.must_visit_reason


def test_a_violation_the_stored_item_has_is_only_a_warning(stored, tmp_path):
    data, item = stored
    ServiceItem.objects.filter(pk=item.pk).update(must_visit_reason="")
    book = _book(
        tmp_path, [["实施编码", "到办事现场次数"], [item.implementation_code, "2"]]
    )
    outcome = services.import_file(book)
    assert outcome.applied
    warnings = [(w["column"], w["code"]) for w in outcome.summary()["warnings"]]
    assert ("必须现场办理原因说明", "inconsistent") in warnings


def test_new_item_is_checked_on_the_defaults(tmp_path):
    data = sample()
    rows = [data["item_headers"], list(data["items"][0])]
    headers = data["item_headers"]
    rows[1][headers.index("网上办理深度")] = "Ⅳ级"
    rows[1][headers.index("到办事现场次数")] = "1"
    outcome = services.import_file(_book(tmp_path, rows))
    assert _errors(outcome) == [(2, "到办事现场次数", "inconsistent")]
    assert not ServiceItem.objects.exists()


def test_soft_rule_is_a_warning_and_the_row_imports(tmp_path):
    data = sample()
    headers = data["item_headers"]
    row = list(data["items"][0])
    row[headers.index("咨询电话")] = row[headers.index("投诉电话")] = "12345"
    outcome = services.import_file(_book(tmp_path, [headers, row]))
    assert outcome.applied
    assert ("投诉电话", "inconsistent") in [
        (w["column"], w["code"]) for w in outcome.summary()["warnings"]
    ]


def test_skip_invalid_writes_the_rest(tmp_path):
    data = sample()
    headers = data["item_headers"]
    bad = list(data["items"][0])
    bad[headers.index("网上办理深度")] = "Ⅳ级"
    bad[headers.index("到办事现场次数")] = "1"
    rows = [headers, bad, *data["items"][1:]]
    outcome = services.import_file(_book(tmp_path, rows), skip_invalid=True)
    assert outcome.applied
    codes = set(ServiceItem.objects.values_list("implementation_code", flat=True))
    assert codes == {row[0] for row in data["items"][1:]}


def test_book_without_region_column_names_the_column(stored, tmp_path):
    data, item = stored
    rows = [
        ["实施编码", "事项名称", "实施主体", "事项类型", "行使层级", "办件类型"],
        [
            item.implementation_code,
            item.name,
            "海川市公安局",
            "行政确认",
            "市级",
            "承诺件",
        ],
        ["NEW-001", "新事项", "海川市公安局", "行政确认", "市级", "承诺件"],
    ]
    outcome = services.import_file(_book(tmp_path, rows))
    assert not outcome.applied
    assert _errors(outcome) == [(3, "区划代码", "missing_required")]
    # With --region the same book imports.
    outcome = services.import_file(_book(tmp_path, rows, "again.xlsx"), region="990100")
    assert outcome.applied, outcome.summary()["errors"]
    assert ServiceItem.objects.filter(implementation_code="NEW-001").exists()


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_workbook_without_any_header_is_refused(tmp_path, skip_invalid):
    book = write_workbook(
        tmp_path / "nothing.xlsx",
        {"封面": [["某某区事项清单"], ["2025年"]], "数据": [["甲", "乙"], ["1", "2"]]},
    )
    outcome = services.import_file(book, skip_invalid=skip_invalid)
    summary = outcome.summary()
    assert not outcome.applied and not outcome.accepted
    assert [(e["sheet"], e["code"]) for e in summary["errors"]] == [
        ("封面", "no_header"),
        ("数据", "no_header"),
    ]
    assert "实施编码" in summary["errors"][0]["message"]


def test_command_exits_1_without_any_header(tmp_path):
    import json

    from django.core.management import call_command

    book = write_workbook(tmp_path / "n.xlsx", {"Sheet1": [["a", "b"], ["1", "2"]]})
    from io import StringIO

    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_items", str(book), "--format", "json", stdout=out)
    assert exit_info.value.code == 1
    summary = json.loads(out.getvalue())
    assert summary["applied"] is False
    assert [e["sheet"] for e in summary["errors"]] == ["Sheet1"]
