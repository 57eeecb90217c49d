"""Inbox exports: a sheet per form version with its own distinct headers,
masked personal data, neutralised formulas; the CSV with one row per answer."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from formbuilder import services
from formbuilder.exports import field_columns, sheet_title

from .documents import ID_OK, answers, document
from .factories import make_form
from .test_staff import staff
from .test_wizard import PNG

INBOX = "/admin/formbuilder/submissions/"


def _submit(form, **changes):
    upload = services.store_upload(
        version=form.live_version,
        field_key="f_photo",
        uploaded=SimpleUploadedFile("p.png", PNG),
    )
    return services.submit(
        version=form.live_version,
        answers=answers(f_photo=[upload.token], **changes),
        context=services.FormContext(region_code="350100", subject_code="S-1"),
    )


@pytest.fixture
def two_versions(db):
    form = make_form()
    first = _submit(form, f_name='=HYPERLINK("http://x")')
    doc = document()
    # Version 2: the same label twice (申请人's 姓名 and a contact's 姓名).
    doc["steps"][1]["fields"].append(
        {"key": "f_contact", "type": "short_text", "label": "姓名", "max_length": 30}
    )
    form.set_document(doc)
    form.save()
    services.publish(form)
    form.refresh_from_db()
    second = _submit(form, f_name="李四", f_contact="@王五")
    return form, first, second


def _workbook(client, query=""):
    response = client.get(f"{INBOX}?export=xlsx{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_a_sheet_per_version_with_distinct_headers(two_versions):
    _form, first, second = two_versions
    _user, client = staff("clerk", "view_submission")
    book = _workbook(client)
    assert book.sheetnames == ["补领证件 v1", "补领证件 v2"]
    header1, rows1 = _rows(book["补领证件 v1"])
    header2, rows2 = _rows(book["补领证件 v2"])
    for header in (header1, header2):
        assert len(header) == len(set(header)), header
    assert [r["Reference"] for r in rows1] == [first.reference]
    assert [r["Reference"] for r in rows2] == [second.reference]
    assert "姓名（申请人）" in header2 and "姓名（申请事项）" in header2
    assert rows2[0]["姓名（申请事项）"] == "'@王五"
    assert "姓名" in header1  # told apart only where it is repeated


def test_export_masks_and_neutralises(two_versions):
    _user, client = staff("clerk", "view_submission")
    book = _workbook(client)
    _header, rows = _rows(book["补领证件 v1"])
    row = rows[0]
    assert row["居民身份证号"] == "110" + "*" * 11 + "002X"
    assert row["手机号码"] == "138****5678"
    assert row["姓名"].startswith("'=")
    for sheet in book:
        for line in sheet.iter_rows(values_only=True):
            assert ID_OK not in " ".join(str(c) for c in line)


def test_export_in_full_with_the_permission(two_versions):
    _user, client = staff("officer", "view_submission", "view_personal_data")
    _header, rows = _rows(_workbook(client)["补领证件 v1"])
    assert rows[0]["居民身份证号"] == ID_OK


def test_export_follows_the_filters(two_versions):
    _form, first, _second = two_versions
    _user, client = staff("clerk", "view_submission")
    book = _workbook(client, f"&q={first.reference}")
    assert book.sheetnames == ["补领证件 v1"]


def test_csv_one_row_per_answer(two_versions):
    _form, first, second = two_versions
    _user, client = staff("clerk", "view_submission")
    response = client.get(f"{INBOX}?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert len(header) == len(set(header))
    by_field = {(r[0], r[header.index("Field")]): r[-1] for r in rows[1:]}
    assert by_field[(first.reference, "姓名")].startswith("'=")
    assert by_field[(first.reference, "手机号码")] == "138****5678"
    assert by_field[(second.reference, "姓名（申请事项）")] == "'@王五"
    assert ID_OK not in text


labels = st.sampled_from(["姓名", "电话", "受理编号", "状态", "地址", "备注"])
steps = st.lists(
    st.tuples(
        st.sampled_from(["申请人", "联系人", "", "申请人"]),
        st.lists(labels, max_size=4),
    ),
    min_size=1,
    max_size=4,
)


@given(steps)
def test_headers_are_always_distinct(layout):
    ui_schema, n = {"steps": [], "fields": {}}, 0
    for title, field_labels in layout:
        keys = []
        for label in field_labels:
            n += 1
            ui_schema["fields"][f"f{n}"] = {"type": "short_text", "label": label}
            keys.append(f"f{n}")
        ui_schema["steps"].append({"title": title, "fields": keys})
    fixed = ["受理编号", "状态"]
    columns = field_columns(ui_schema, taken=fixed)
    headers = [h for _k, h in columns]
    assert len(set(headers + fixed)) == len(headers) + len(fixed)
    for key, header in columns:
        assert header.startswith(ui_schema["fields"][key]["label"])


@given(st.text(min_size=0, max_size=60), st.integers(min_value=1, max_value=999))
def test_sheet_titles_are_valid_and_distinct(title, number):
    used = set()
    names = [sheet_title(title, number, used) for _ in range(3)]
    assert len({n.lower() for n in names}) == 3
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
