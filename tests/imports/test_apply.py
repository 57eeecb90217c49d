"""Plan and apply (stages 5–6): diffs, writes, revisions, scope, atomicity."""

from __future__ import annotations

import copy
from pathlib import Path
from unittest import mock

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

from catalogue.models import Department, Material, Region, ServiceItem
from imports import services

from .helpers import canonical_sheets, sample, write_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path


def _book(tmp: Path, data: dict | None = None, name: str = "book.xlsx") -> Path:
    return write_workbook(tmp / name, canonical_sheets(data or sample()))


def _codes(data: dict) -> set[str]:
    return {row[0] for row in data["items"]}


def test_first_import_creates_everything_with_history(tmp):
    data = sample()
    outcome = services.import_file(_book(tmp, data))
    assert outcome.applied
    summary = outcome.summary()
    assert summary["items"] == {
        "created": len(data["items"]),
        "updated": 0,
        "unchanged": 0,
    }
    assert summary["materials"]["created"] == len(data["materials"])
    items = ServiceItem.objects.all()
    assert set(items.values_list("implementation_code", flat=True)) == _codes(data)
    assert Material.objects.count() == len(data["materials"])
    for item in items:
        assert item.live and not item.has_unpublished_changes
        assert item.latest_revision_id == item.live_revision_id is not None
        assert item.first_published_at is not None
        restored = item.latest_revision.as_object()
        assert restored.name == item.name
        assert [m.name for m in restored.materials.all()] == [
            m.name for m in item.materials.all()
        ]
    assert Revision.objects.count() == len(data["items"])
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish"}
    assert ModelLogEntry.objects.count() == 2 * len(data["items"])
    # Region and department references are in Wagtail's reference index.
    item = items.first()
    assert ReferenceIndex.get_references_for_object(item).count() >= 2


def test_stored_data_equals_the_exchange_view(tmp):
    """The bulk read used by the plan is exactly ``item_to_data``."""
    from catalogue.exchange import item_to_data
    from catalogue.services import fetch_items_data

    services.import_file(_book(tmp))
    items = list(ServiceItem.objects.all())
    stored = fetch_items_data(i.implementation_code for i in items)
    for item in items:
        assert stored[item.implementation_code].data == item_to_data(item)


def test_second_import_plans_and_writes_nothing(tmp):
    path = _book(tmp)
    services.import_file(path)
    revisions = Revision.objects.count()
    outcome = services.import_file(path)
    assert outcome.plan.writes == []
    assert not outcome.plan.has_changes
    assert outcome.summary()["items"]["created"] == 0
    assert outcome.summary()["items"]["updated"] == 0
    assert outcome.summary()["materials"]["unchanged"] == len(sample()["materials"])
    assert Revision.objects.count() == revisions


def test_items_saved_by_the_admin_path_plan_no_change(tmp):
    """Normalised comparison: data saved through upsert_items re-imports as unchanged."""
    from catalogue import services as catalogue

    first = services.import_file(_book(tmp))
    assert first.applied
    for item in ServiceItem.objects.all()[:3]:
        # Re-save through Wagtail's edit action (the admin path): nothing changes.
        catalogue.publish_item(item=item)
    plan = services.plan_import(_book(tmp, name="again.xlsx"))
    assert plan.writes == []


def test_changes_are_listed_field_by_field_and_applied(tmp):
    data = sample()
    services.import_file(_book(tmp, data))
    code = data["items"][0][0]
    item = ServiceItem.objects.get(implementation_code=code)
    kept_material = item.materials.all()[0]
    changed = copy.deepcopy(data)
    changed["items"][0][2] = "居民身份证申领（首次）"
    rows = [m for m in changed["materials"] if m[0] == code]
    rows[1][10] = "新的备注"  # change a material's note
    changed["materials"].remove(rows[2])  # remove one material
    changed["materials"].append(
        [code, "9", "新增材料", "必要", "原件", "1", "申请人自备", "否", "", "否", ""]
    )
    plan = services.plan_import(_book(tmp, changed, "changed.xlsx"))
    [change] = [c for c in plan.items if c.action == "update"]
    assert change.code == code
    assert (
        "name",
        "居民身份证申领（首次申领）",
        "居民身份证申领（首次）",
    ) in change.changes
    assert change.materials["added"] == ["新增材料"]
    assert change.materials["removed"] == [rows[2][2]]
    assert change.materials["changed"][0]["changes"][0]["after"] == "新的备注"
    assert plan.counts["items"]["unchanged"] == len(data["items"]) - 1
    assert services.apply_plan(plan).applied
    item.refresh_from_db()
    assert item.name == "居民身份证申领（首次）"
    names = [m.name for m in item.materials.all()]
    assert "新增材料" in names and rows[2][2] not in names
    # The untouched material kept its row (files attached to it survive).
    assert item.materials.filter(pk=kept_material.pk).exists()
    assert item.revisions.count() == 2
    assert ModelLogEntry.objects.filter(
        object_id=str(item.pk), action="wagtail.edit"
    ).exists()
    assert item.live_revision_id == item.latest_revision_id
    again = services.plan_import(_book(tmp, changed, "changed-again.xlsx"))
    assert again.writes == []


def test_fields_missing_from_the_workbook_are_kept(tmp):
    """ADR 0006: a workbook without a column leaves that field alone."""
    data = sample()
    services.import_file(_book(tmp, data))
    code = data["items"][0][0]
    ServiceItem.objects.filter(implementation_code=code).update(
        handling_office="户籍科", legal_basis="旧依据"
    )
    column = data["item_headers"].index("设定依据")
    narrow = copy.deepcopy(data)
    narrow["item_headers"].pop(column)
    for row in narrow["items"]:
        row.pop(column)
    plan = services.plan_import(_book(tmp, narrow, "narrow.xlsx"))
    assert plan.writes == []
    item = ServiceItem.objects.get(implementation_code=code)
    assert (item.handling_office, item.legal_basis) == ("户籍科", "旧依据")


def test_new_regions_and_departments_are_planned_and_created(tmp):
    data = sample()
    plan = services.plan_import(_book(tmp, data))
    region_column = data["item_headers"].index("区划代码")
    department_column = data["item_headers"].index("实施主体")
    wanted_regions = {row[region_column] for row in data["items"]}
    assert {r["code"] for r in plan.new_regions} == wanted_regions
    assert {(d["region_code"], d["name"]) for d in plan.new_departments} == {
        (row[region_column], row[department_column]) for row in data["items"]
    }
    assert Region.objects.count() == 0
    assert services.apply_plan(plan).applied
    assert set(Region.objects.values_list("code", flat=True)) == wanted_regions
    assert Department.objects.count() == len(plan.new_departments)
    city = Region.objects.get(code="990100")
    assert city.name == "海川市" and city.level == "3"


def test_scope_rejects_rows_of_other_regions(tmp):
    data = sample()
    region_column = data["item_headers"].index("区划代码")
    own = {row[0] for row in data["items"] if row[region_column] == "990100"}
    assert own and own != _codes(data)
    with translation.override("en"):
        outcome = services.import_file(_book(tmp, data), allowed_regions={"990100"})
    assert not outcome.applied
    assert ServiceItem.objects.count() == 0
    scope_errors = [e for e in outcome.plan.errors if e.code == "out_of_scope"]
    assert len(scope_errors) == len(_codes(data) - own)
    assert all(e.column == "区划代码" and e.row and e.sheet for e in scope_errors)
    assert "outside the regions" in scope_errors[0].message
    outcome = services.import_file(
        _book(tmp, data), allowed_regions={"990100"}, skip_invalid=True
    )
    assert outcome.applied
    assert set(ServiceItem.objects.values_list("implementation_code", flat=True)) == own


def test_scope_protects_existing_items_of_other_regions(tmp):
    data = sample()
    services.import_file(_book(tmp, data))
    region_column = data["item_headers"].index("区划代码")
    moved = copy.deepcopy(data)
    other = next(r for r in moved["items"] if r[region_column] == "990200")
    other[region_column] = "990100"  # try to pull another region's item into ours
    outcome = services.import_file(
        _book(tmp, moved, "moved.xlsx"), allowed_regions={"990100"}, skip_invalid=True
    )
    assert other[0] in [
        e.value for e in outcome.plan.errors if e.code == "out_of_scope"
    ]
    assert outcome.applied
    item = ServiceItem.objects.get(implementation_code=other[0])
    assert item.region.code == "990200"


def test_region_option_fills_a_workbook_without_region_columns(tmp):
    data = copy.deepcopy(sample())
    for header in ("区划代码", "区划名称"):
        column = data["item_headers"].index(header)
        data["item_headers"].pop(column)
        for row in data["items"]:
            row.pop(column)
    # Keep departments unique per region: only one city's rows.
    outcome = services.import_file(_book(tmp, data), region="990300")
    assert outcome.applied
    assert set(ServiceItem.objects.values_list("region__code", flat=True)) == {"990300"}
    assert [r["code"] for r in outcome.plan.new_regions] == ["990300"]


def test_a_failure_half_way_leaves_the_database_as_it_was(tmp):
    data = sample()
    from catalogue.bulk import history

    real_finish = history.finish

    def finish_then_die(written, *args, **kwargs):
        real_finish(written, *args, **kwargs)
        raise RuntimeError("killed")

    with (
        mock.patch.object(history, "finish", finish_then_die),
        pytest.raises(RuntimeError),
    ):
        services.import_file(_book(tmp, data))
    assert ServiceItem.objects.count() == 0
    assert Material.objects.count() == 0
    assert Region.objects.count() == 0
    assert Department.objects.count() == 0
    assert Revision.objects.count() == 0
    assert ModelLogEntry.objects.count() == 0


def test_errors_reject_the_whole_import_unless_skipping(tmp):
    data = copy.deepcopy(sample())
    data["items"][1][2] = ""  # a missing name
    bad_code = data["items"][1][0]
    outcome = services.import_file(_book(tmp, data))
    assert not outcome.applied and outcome.rejected
    assert ServiceItem.objects.count() == 0 and Region.objects.count() == 0
    [error] = outcome.summary()["errors"]
    assert (error["sheet"], error["row"], error["code"]) == (
        "事项清单",
        3,
        "missing_required",
    )
    assert error["column"] == "事项名称"
    outcome = services.import_file(_book(tmp, data), skip_invalid=True)
    assert outcome.applied
    codes = set(ServiceItem.objects.values_list("implementation_code", flat=True))
    assert codes == _codes(data) - {bad_code}


def test_search_hears_about_changes_once_after_commit(
    tmp, django_capture_on_commit_callbacks
):
    from catalogue.indexing import documents_changed

    received = []

    def listener(sender, doc_ids, **kwargs):
        received.append(doc_ids)

    documents_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.import_file(_book(tmp))
    finally:
        documents_changed.disconnect(listener)
    assert len(received) == 1
    assert {d.removeprefix("item:") for d in received[0]} == _codes(sample())


def test_without_a_bulk_receiver_each_document_is_announced_by_one_task(
    tmp, django_capture_on_commit_callbacks
):
    from catalogue.indexing import document_changed, documents_changed

    # Search's (and cms's) bulk receivers are the normal path; take them away
    # to test the fallback.
    documents_changed.disconnect(dispatch_uid="search-documents-changed")
    documents_changed.disconnect(dispatch_uid="cms-linked-items")
    documents_changed.disconnect(dispatch_uid="pagecache-items")
    assert not documents_changed.has_listeners()
    received = []

    def listener(sender, doc_id, document=None, **kwargs):
        received.append((doc_id, document is not None))

    document_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.import_file(_book(tmp))
    finally:
        document_changed.disconnect(listener)
        from cms import linked_documents
        from cms.pagecache import purge
        from search import receivers

        receivers.connect()
        linked_documents.connect()
        purge.connect()
    assert {d.removeprefix("item:") for d, _present in received} == _codes(sample())
    assert all(present for _d, present in received)


def test_material_columns_missing_from_the_workbook_are_kept(tmp):
    data = sample()
    services.import_file(_book(tmp, data))
    Material.objects.update(note="窗口核验原件")
    column = data["material_headers"].index("备注")
    narrow = copy.deepcopy(data)
    narrow["material_headers"].pop(column)
    for row in narrow["materials"]:
        row.pop(column)
    plan = services.plan_import(_book(tmp, narrow, "narrow.xlsx"))
    assert plan.writes == []
    assert set(Material.objects.values_list("note", flat=True)) == {"窗口核验原件"}


def test_fee_basis_without_a_column_is_kept(tmp):
    from catalogue.models import FeeItem

    data = sample()
    services.import_file(_book(tmp, data))
    assert FeeItem.objects.exists()
    FeeItem.objects.update(basis="收费依据文件")
    plan = services.plan_import(_book(tmp, data, "again.xlsx"))
    assert plan.writes == []


def test_reserved_keys_never_reuse_those_of_deleted_rows(tmp):
    from catalogue.bulk.rows import reserve_ids

    services.import_file(_book(tmp))
    highest = Revision.objects.order_by("-pk").first().pk
    Revision.objects.filter(pk=highest).delete()
    assert reserve_ids(Revision, 2)[0] > highest
