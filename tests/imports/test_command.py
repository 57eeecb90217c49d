"""``manage.py import_items``: JSON summary, exit status, bad files write nothing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from catalogue.models import Region, ServiceItem

from .helpers import canonical_sheets, sample, write_workbook

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[int, dict, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        try:
            call_command(
                "import_items", *args, "--format", "json", stdout=out, stderr=err
            )
            code = 0
        except SystemExit as exit_:
            code = exit_.code
    return code, json.loads(out.getvalue()), err.getvalue()


def _book(tmp_path: Path, data=None) -> Path:
    return write_workbook(tmp_path / "book.xlsx", canonical_sheets(data or sample()))


def test_summary_has_the_shape_of_the_issue(tmp_path):
    code, summary, _err = _run(str(_book(tmp_path)))
    assert code == 0
    assert set(summary) >= {"items", "materials", "errors", "warnings", "applied"}
    assert set(summary["items"]) == {"created", "updated", "unchanged"}
    assert {"created", "updated", "unchanged"} <= set(summary["materials"])
    assert summary["applied"] is True
    for issue in summary["warnings"]:
        assert set(issue) == {"sheet", "row", "column", "code", "message"}


def test_rejected_import_exits_one(tmp_path):
    data = sample()
    data["items"][0][7] = "不存在的类型"
    code, summary, _err = _run(str(_book(tmp_path, data)))
    assert code == 1 and summary["applied"] is False
    assert [e["code"] for e in summary["errors"]] == ["invalid_choice"]
    assert ServiceItem.objects.count() == 0


def test_dry_run_with_errors_exits_one_and_skip_invalid_zero(tmp_path):
    data = sample()
    data["items"][0][7] = "不存在的类型"
    path = str(_book(tmp_path, data))
    assert _run(path, "--dry-run")[0] == 1
    assert _run(path, "--dry-run", "--skip-invalid")[0] == 0
    assert ServiceItem.objects.count() == 0


def test_region_option_rejects_other_regions(tmp_path):
    code, summary, _err = _run(str(_book(tmp_path)), "--region", "990100")
    assert code == 1
    assert {e["code"] for e in summary["errors"]} == {"out_of_scope"}
    assert ServiceItem.objects.count() == 0


def _csv(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("实施编码,事项名称\nHC-1,测试\n", encoding="utf-8")
    return path


def _text(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"\x00\x01\x02\xff" * 100)
    return path


def _corrupt(tmp_path):
    data = _book(tmp_path).read_bytes()
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _macro(tmp_path):
    path = tmp_path / "macro.xlsm"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    return path


def _encrypted(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 500
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 100
    )
    return path


def _empty_rows(tmp_path):
    data = sample()
    rows = [data["item_headers"], data["items"][0]] + [[]] * 30 + [data["items"][1]]
    return write_workbook(tmp_path / "empty.xlsx", {"事项清单": rows})


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_csv, "CSV"),
        (_text, "not an Excel"),
        (_corrupt, "damaged"),
        (_macro, "macros"),
        (_encrypted, "password"),
        (_empty_rows, "empty rows"),
    ],
)
@override_settings(IMPORTS_MAX_EMPTY_ROWS=5)
def test_bad_files_are_refused_clearly_without_writing(tmp_path, make, words):
    code, summary, err = _run(str(make(tmp_path)))
    assert code == 1 and summary["applied"] is False
    [error] = summary["errors"]
    assert error["code"] == "invalid_file"
    assert words in error["message"] and words in err
    assert ServiceItem.objects.count() == 0 and Region.objects.count() == 0


@override_settings(IMPORTS_MAX_UNCOMPRESSED_SIZE=1000)
def test_zip_bomb_is_refused(tmp_path):
    code, summary, _err = _run(str(_book(tmp_path)))
    assert code == 1 and "zip bomb" in summary["errors"][0]["message"]


def test_missing_file_is_refused(tmp_path):
    code, summary, err = _run(str(tmp_path / "nothing.xlsx"))
    assert code == 1 and summary["errors"][0]["code"] == "invalid_file"
    assert "nothing.xlsx" in err


@override_settings(IMPORTS_MAX_CELL_CHARS=1000)
def test_oversized_cell_is_refused(tmp_path):
    """The stand-in for a 50 MB cell: past the cell limit, the file is refused."""
    data = sample()
    data["items"][0][2] = "名" * 2000
    path = write_workbook(tmp_path / "cell.xlsx", canonical_sheets(data))
    code, summary, _err = _run(str(path))
    assert code == 1 and summary["errors"][0]["code"] == "invalid_file"
    assert "C2" in summary["errors"][0]["message"]
    assert ServiceItem.objects.count() == 0
