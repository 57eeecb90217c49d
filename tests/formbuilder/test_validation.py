"""Valid and invalid answers per field type, and the error messages citizens see."""

import pytest
from django.utils import translation

from formbuilder.compiler import compile_document
from formbuilder.validation import compile_form, validate_answers
from formbuilder.validators import (
    id_check_char,
    is_valid_credit_code,
    is_valid_id_number,
    is_valid_mobile,
)

from .documents import CODE_OK, ID_OK, answers, document


@pytest.fixture(scope="module")
def form():
    compiled = compile_document(document())
    return compile_form(compiled["schema"], compiled["ui_schema"])


def check(form, **changes):
    with translation.override("en"):
        return validate_answers(form, answers(**changes))


def test_valid_answers_pass(form):
    assert check(form) == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (ID_OK, True),
        ("110105194912310021", False),  # wrong check character
        ("11010519491331002X", False),  # month 13
        (
            "11010519490230002X"[:17] + id_check_char("11010519490230002"),
            False,
        ),  # 30 Feb
        ("11010519491231002x", False),  # lower-case x
        ("1101051949123100", False),
        ("01010519491231002X", False),
        ("", False),
    ],
)
def test_id_numbers(form, value, ok):
    assert is_valid_id_number(value) is ok
    problems = check(form, f_idno=value)
    assert (problems == []) is ok
    if not ok:
        assert problems[0]["path"] == "/f_idno"
        assert problems[0]["message"].startswith("居民身份证号: ")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (CODE_OK, True),
        ("91350100M000100Y44", False),
        ("91350100M000100I43", False),  # I is not in the alphabet
        ("9135010OM000100Y43", False),
        ("91350100M000100Y4", False),
    ],
)
def test_credit_codes(form, value, ok):
    assert is_valid_credit_code(value) is ok
    assert (check(form, f_code=value) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("13812345678", True),
        ("19912345678", True),
        ("12812345678", False),
        ("1381234567", False),
        ("138123456789", False),
        ("+8613812345678", False),
    ],
)
def test_mobiles(form, value, ok):
    assert is_valid_mobile(value) is ok
    assert (check(form, f_phone=value) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-2-9", False),
        ("29/02/2024", False),
    ],
)
def test_dates(form, value, ok):
    assert (check(form, f_birth=value) == []) is ok


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("f_email", "not-an-email", "valid email"),
        ("f_count", 9, "at most 5"),
        ("f_count", 1.5, "wrong type"),
        ("f_kind", "其他", "listed options"),
        ("f_topics", ["a", "a"], "once"),
        ("f_zip", "12345", "expected format"),
        ("f_name", "x" * 31, "at most 30"),
        ("f_reason", "短", "at least 5"),
        ("f_photo", ["../etc/passwd"], "upload it again"),
        ("f_addr", {"province": "福建省", "city": "福州市", "detail": "x"}, "required"),
        (
            "f_addr",
            {"province_code": "350000", "province": "福建省", "detail": "x"},
            "from the list",
        ),
        (
            "f_addr",
            {
                "province_code": "350000",
                "province": "福建省",
                "city_code": "110100",
                "city": "北京市",
                "district_code": "110105",
                "district": "朝阳区",
                "detail": "x",
            },
            "from the list",
        ),
    ],
)
def test_constraint_messages_name_the_field(form, key, value, fragment):
    problems = check(form, **{key: value})
    assert problems, key
    assert problems[0]["path"].startswith(f"/{key}")
    assert fragment in problems[0]["message"]


def test_missing_required_fields_each_reported(form):
    problems = check(form, f_name=None, f_photo=None)
    assert {p["path"] for p in problems} == {"/f_name", "/f_photo"}


def test_unknown_answers_rejected(form):
    problems = check(form, f_extra="x")
    assert problems == [{"path": "/f_extra", "message": "Unknown field “f_extra”."}]


def test_group_rows_validated(form):
    problems = check(form, f_family=[{"f_fid": "123"}])
    paths = {p["path"] for p in problems}
    assert paths == {"/f_family/0/f_fname", "/f_family/0/f_fid"}
    assert any(p["message"].startswith("成员身份证号: ") for p in problems)


def test_messages_are_chinese_by_default(form):
    with translation.override("zh-hans"):
        problems = validate_answers(form, answers(f_name=None))
    assert problems[0]["message"].startswith("姓名")
