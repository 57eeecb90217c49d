"""The wizard never loses work, and works without script (plain submit buttons)."""

import re

import pytest
from bs4 import BeautifulSoup

from formbuilder.models import Draft, Upload
from tests.english import english_client

from .factories import make_form
from .test_wizard import STEP1, STEP2, photo, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def form():
    return make_form()


@pytest.fixture
def client():
    return english_client()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def at_step3(client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    client.post("/forms/replace-id/step/2/", STEP2)


def test_limits_shown_next_to_an_upload_before_any_error(form, client):
    at_step3(client)
    page = soup(client.get("/forms/replace-id/step/3/"))
    limits = page.select_one("#limits_f_photo").get_text()
    assert "JPG" in limits and "PNG" in limits and "10 MB" in limits
    assert "PDF" not in limits  # the field accepts images only
    upload = page.select_one("input[type=file][name=f_photo]")
    assert upload["aria-describedby"] == "limits_f_photo"
    assert ".png" in upload["accept"] and ".pdf" not in upload["accept"]


def test_valid_upload_is_kept_when_another_field_fails(form, client):
    """A family row without its required name fails; the photo stays."""
    at_step3(client)
    response = client.post(
        "/forms/replace-id/step/3/",
        {
            "f_photo": photo(name="证件照.png"),
            "f_family__0__f_fid": "x",
            "action": "next",
        },
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#error-summary")
    kept = page.select_one("#field_f_photo .fb-files").get_text()
    assert "证件照.png" in kept
    draft = Draft.objects.get()
    assert len(draft.answers["f_photo"]) == 1
    # Fixing the other field needs no new file: no "This field is required."
    again = client.post(
        "/forms/replace-id/step/3/",
        {"f_family__0__f_fname": "李四", "action": "next"},
    )
    assert again.url == "/forms/replace-id/review/"
    review = client.get(again.url).content.decode()
    assert "证件照.png" in review and "1 file(s)" not in review


def test_a_refused_file_is_not_kept_and_says_why(form, client):
    at_step3(client)
    response = client.post(
        "/forms/replace-id/step/3/",
        {"f_photo": photo(b"%PDF-1.4 not an image", "scan.pdf"), "action": "next"},
    )
    error = soup(response).select_one("#field_f_photo .fb-error").get_text()
    assert "not accepted" in error and "JPG, PNG" in error
    assert not Upload.objects.exists()


def test_remove_button_drops_a_kept_file(form, client):
    at_step3(client)
    client.post("/forms/replace-id/step/3/", {"f_photo": photo(), "action": "save"})
    token = Draft.objects.get().answers["f_photo"][0]
    response = client.post(
        "/forms/replace-id/step/3/", {"edit": f"remove-file:f_photo:{token}"}
    )
    assert response.status_code == 200
    assert not soup(response).select("#error-summary")  # redrawn, not checked
    assert "f_photo" not in Draft.objects.get().answers
    assert not Upload.objects.exists()


def test_remove_ignores_a_token_of_another_field_or_draft(form, client):
    at_step3(client)
    client.post("/forms/replace-id/step/3/", {"f_photo": photo(), "action": "save"})
    token = Draft.objects.get().answers["f_photo"][0]
    client.post("/forms/replace-id/step/3/", {"edit": f"remove-file:f_family:{token}"})
    other = english_client()
    start(other)
    other.post("/forms/replace-id/step/3/", {"edit": f"remove-file:f_photo:{token}"})
    assert Draft.objects.filter(answers__f_photo=[token]).exists()
    assert Upload.objects.filter(token=token).exists()


def test_group_rows_added_and_removed_with_plain_buttons(form, client):
    at_step3(client)
    page = soup(client.get("/forms/replace-id/step/3/"))
    assert len(page.select(".fb-group-row")) == 1  # optional group: one empty row
    added = client.post(
        "/forms/replace-id/step/3/",
        {
            "f_family__rows": "1",
            "f_family__0__f_fname": "甲",
            "edit": "add-row:f_family",
        },
    )
    rows = soup(added).select(".fb-group-row")
    assert len(rows) == 2
    assert soup(added).select_one("#id_f_family__0__f_fname")["value"] == "甲"
    removed = client.post(
        "/forms/replace-id/step/3/",
        {
            "f_family__rows": "2",
            "f_family__0__f_fname": "甲",
            "f_family__1__f_fname": "乙",
            "edit": "remove-row:f_family:0",
        },
    )
    page = soup(removed)
    assert len(page.select(".fb-group-row")) == 1
    assert page.select_one("#id_f_family__0__f_fname")["value"] == "乙"


def test_group_rows_stop_at_the_schema_maximum(form, client):
    at_step3(client)
    data = {"f_family__rows": "3", "edit": "add-row:f_family"}
    page = soup(client.post("/forms/replace-id/step/3/", data))
    assert len(page.select(".fb-group-row")) == 3  # max_items 3
    assert not page.select("button.fb-row-add")


def test_save_with_an_error_keeps_the_valid_answers_and_step(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    saved = client.post(
        "/forms/replace-id/step/2/",
        {**STEP2, "f_zip": "bad", "action": "save"},
    )
    assert saved.url == "/forms/replace-id/saved/"
    draft = Draft.objects.get()
    assert draft.step == 2 and draft.answers["f_reason"] == "原证件遗失了"
    assert "f_zip" not in draft.answers
    code = re.search(
        r'id="resume-code">(\w+)<', client.get(saved.url).content.decode()
    )[1]
    resumed = english_client().post(
        "/forms/resume/", {"code": code, "phone_last4": "5678"}
    )
    assert resumed.url == "/forms/replace-id/step/2/"


def test_address_lists_narrow_without_script(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    page = soup(client.get("/forms/replace-id/step/2/"))
    provinces = page.select("#id_f_addr_0 option")
    assert len(provinces) == 35  # prompt + 34 GB/T 2260 provinces
    assert [o.get_text() for o in page.select("#id_f_addr_1 option")] == [
        "Choose the province first"
    ]
    redrawn = soup(
        client.post(
            "/forms/replace-id/step/2/",
            {"f_addr_0": "330000", "f_addr_1": "", "edit": "address:f_addr"},
        )
    )
    cities = [o.get_text() for o in redrawn.select("#id_f_addr_1 option")]
    assert "杭州市" in cities and "福州市" not in cities
    assert not redrawn.select("#error-summary")


def test_address_parts_must_nest_and_come_back_with_names(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    wrong = client.post(
        "/forms/replace-id/step/2/", {**STEP2, "f_addr_1": "330100"}
    )  # 杭州市 is not in 福建省
    assert "Choose the City or prefecture again" in wrong.content.decode()
    missing = client.post("/forms/replace-id/step/2/", {**STEP2, "f_addr_3": " "})
    assert "Enter the street and house number." in missing.content.decode()
    client.post("/forms/replace-id/step/2/", STEP2)
    assert Draft.objects.get().answers["f_addr"] == {
        "province_code": "350000",
        "province": "福建省",
        "city_code": "350100",
        "city": "福州市",
        "district_code": "350102",
        "district": "鼓楼区",
        "detail": "五四路1号",
    }


def test_enter_in_a_text_box_means_next(form, client):
    """The form's first submit button is "next" (implicit submission)."""
    at_step3(client)
    page = soup(client.get("/forms/replace-id/step/3/"))
    first = page.select_one("form.fb-form [type=submit]")
    assert first["value"] == "next" and first["tabindex"] == "-1"
