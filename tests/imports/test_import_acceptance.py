"""Issue 3's acceptance checks on the shared demo workbooks, end to end."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from catalogue.models import Department, Material, Region, ServiceItem
from imports import services

from .helpers import shared_data

pytestmark = pytest.mark.django_db


def _require(name: str):
    path = shared_data(name)
    if path is None:
        pytest.skip(f"../shared/data/{name} is not present")
    return path


def _expected():
    return json.loads(
        _require("catalogue-messy.expected.json").read_text(encoding="utf-8")
    )


def _run_command(*args) -> tuple[int, dict]:
    import io

    out = io.StringIO()
    try:
        call_command("import_items", *args, "--format", "json", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_clean_workbook_imports_everything_and_twice_is_a_no_op():
    path = _require("catalogue-clean.xlsx")
    code, summary = _run_command(str(path))
    assert code == 0 and summary["applied"]
    assert summary["items"] == {"created": 379, "updated": 0, "unchanged": 0}
    assert summary["materials"]["created"] == 1145
    assert summary["errors"] == []
    assert ServiceItem.objects.count() == 379
    assert Material.objects.count() == 1145
    revisions = Revision.objects.count()
    assert revisions == 379

    plan = services.plan_import(path)
    assert plan.writes == [] and not plan.has_changes
    code, summary = _run_command(str(path))
    assert code == 0
    assert summary["items"] == {"created": 0, "updated": 0, "unchanged": 379}
    assert summary["materials"]["unchanged"] == 1145
    assert Revision.objects.count() == revisions


def _bad_rows(summary) -> set[tuple]:
    return {(e["sheet"], e["row"], e["column"], e["code"]) for e in summary["errors"]}


def _expected_rows() -> set[tuple]:
    return {
        (r["sheet"], r["row"], r["column"], r["reason"])
        for r in _expected()["bad_rows"]
    }


def test_messy_workbook_with_skip_invalid_imports_every_valid_row():
    path = _require("catalogue-messy.xlsx")
    expected = _expected()
    code, summary = _run_command(str(path), "--skip-invalid")
    assert code == 0 and summary["applied"]
    assert _bad_rows(summary) == _expected_rows()
    assert len(summary["errors"]) == expected["expected"]["bad_rows"]
    assert ServiceItem.objects.count() == expected["expected"]["valid_items"]
    assert Material.objects.count() == expected["expected"]["valid_materials"]
    bad_codes = {r["item_code"] for r in expected["bad_rows"] if r.get("item_code")}
    stored = set(ServiceItem.objects.values_list("implementation_code", flat=True))
    valid_codes = (
        {r["code"] for r in expected["valid_item_rows"]}
        if isinstance(expected["valid_item_rows"], list)
        else set(expected["valid_item_rows"])
    )
    assert stored == valid_codes
    assert not (stored & (bad_codes - valid_codes))


def test_messy_plan_places_every_valid_item_on_its_row():
    path = _require("catalogue-messy.xlsx")
    plan = services.plan_import(path)
    placed = {c.code: {"sheet": c.sheet, "row": c.row} for c in plan.items}
    assert placed == _expected()["valid_item_rows"]
    assert {c.action for c in plan.items} == {"create"}


def test_messy_equals_clean_field_for_field():
    """The messy file's valid rows and the clean file plan no change over each other."""
    clean = _require("catalogue-clean.xlsx")
    messy = _require("catalogue-messy.xlsx")
    _run_command(str(messy), "--skip-invalid")
    plan = services.plan_import(clean)
    assert [c.code for c in plan.items if c.action != "unchanged"] == []


def test_messy_workbook_without_skip_invalid_writes_nothing():
    path = _require("catalogue-messy.xlsx")
    code, summary = _run_command(str(path))
    assert code == 1 and not summary["applied"]
    assert _bad_rows(summary) == _expected_rows()
    assert ServiceItem.objects.count() == 0
    assert Region.objects.count() == 0 and Department.objects.count() == 0


def test_dry_run_writes_nothing_and_exits_zero_when_clean():
    path = _require("catalogue-clean.xlsx")
    code, summary = _run_command(str(path), "--dry-run")
    assert code == 0 and not summary["applied"]
    assert summary["items"]["created"] == 379
    assert ServiceItem.objects.count() == 0
