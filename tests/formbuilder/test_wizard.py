"""The citizen wizard: steps, conditions, uploads, review, receipt, resume."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from formbuilder import services
from formbuilder.models import Draft, Submission, Upload
from tests.english import english_client

from .documents import ID_OK
from .factories import make_form

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
STEP1 = {"f_name": "张三", "f_idno": ID_OK, "f_phone": "13812345678", "action": "next"}
STEP2 = {
    "f_kind": "补领",
    "f_reason": "原证件遗失了",
    "f_addr_0": "350000",
    "f_addr_1": "350100",
    "f_addr_2": "350102",
    "f_addr_3": "五四路1号",
    "action": "next",
}


def photo(content=PNG, name="photo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def form():
    return make_form()


@pytest.fixture
def client():
    return english_client()


def start(client, slug="replace-id"):
    response = client.post(f"/forms/{slug}/")
    assert response.status_code == 302
    return response


def fill_all(client):
    start(client)
    assert (
        client.post("/forms/replace-id/step/1/", STEP1).url
        == "/forms/replace-id/step/2/"
    )
    assert (
        client.post("/forms/replace-id/step/2/", STEP2).url
        == "/forms/replace-id/step/3/"
    )
    response = client.post(
        "/forms/replace-id/step/3/",
        {"f_photo": photo(), "f_family__0__f_fname": "李四", "action": "next"},
    )
    assert response.url == "/forms/replace-id/review/"


def test_three_steps_review_and_receipt(form, client):
    assert "补领证件" in client.get("/forms/replace-id/").content.decode()
    fill_all(client)
    review = client.get("/forms/replace-id/review/").content.decode()
    assert "原证件遗失了" in review and "福建省福州市鼓楼区 五四路1号" in review
    response = client.post("/forms/replace-id/review/")
    submission = Submission.objects.get()
    assert re.fullmatch(r"BS-\d{8}-[2-9A-HJKMNP-TV-Z]{6}", submission.reference)
    assert response.url == f"/forms/receipt/{submission.reference}/"
    assert submission.answers["f_family"] == [{"f_fname": "李四"}]
    assert submission.version == form.live_version
    assert submission.phone_last4 == "5678"
    upload = Upload.objects.get()
    assert upload.submission == submission and upload.kind == "png"
    assert submission.answers["f_photo"] == [upload.token]
    receipt = client.get(response.url).content.decode()
    assert submission.reference in receipt
    assert "138****5678" in receipt and "13812345678" not in receipt
    assert not Draft.objects.exists()


def test_errors_name_field_and_summary_links_to_it(form, client):
    start(client)
    response = client.post(
        "/forms/replace-id/step/1/", {**STEP1, "f_idno": "110105194912310021"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_f_idno"' in html
    assert "居民身份证号: Enter a valid 18-digit resident ID number." in html
    assert 'id="id_f_idno"' in html


def test_required_conditional_field_checked_only_when_shown(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    response = client.post("/forms/replace-id/step/2/", {**STEP2, "f_reason": ""})
    assert 'href="#id_f_reason"' in response.content.decode()
    response = client.post(
        "/forms/replace-id/step/2/", {**STEP2, "f_kind": "首次", "f_reason": "anything"}
    )
    assert response.status_code == 302
    assert "f_reason" not in Draft.objects.get().answers


def test_upload_type_checked_by_content(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    client.post("/forms/replace-id/step/2/", STEP2)
    response = client.post(
        "/forms/replace-id/step/3/",
        {
            "f_photo": photo(b"MZ\x90\x00 not really a png", "photo.png"),
            "action": "next",
        },
    )
    assert response.status_code == 200
    assert "This type of file is not accepted" in response.content.decode()
    assert not Upload.objects.exists()


def test_upload_size_limit(form, client, settings):
    settings.FORMBUILDER_UPLOAD_MAX_BYTES = 100
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    client.post("/forms/replace-id/step/2/", STEP2)
    response = client.post(
        "/forms/replace-id/step/3/", {"f_photo": photo(), "action": "next"}
    )
    assert "larger than" in response.content.decode()


def test_save_and_resume_on_another_device(form, client):
    start(client)
    response = client.post("/forms/replace-id/step/1/", {**STEP1, "action": "save"})
    assert response.url == "/forms/replace-id/saved/"
    code = re.search(
        r'id="resume-code">(\w+)<', client.get(response.url).content.decode()
    )[1]
    other = english_client()
    wrong = other.post("/forms/resume/", {"code": code, "phone_last4": "0000"})
    assert wrong.status_code == 200 and "No saved application" in wrong.content.decode()
    resumed = other.post(
        "/forms/resume/", {"code": code.lower(), "phone_last4": "5678"}
    )
    assert resumed.url == "/forms/replace-id/step/1/"  # where it was saved
    page = other.get("/forms/replace-id/step/1/").content.decode()
    assert 'value="张三"' in page


def test_expired_draft_cannot_be_resumed(form, client, settings):
    settings.FORMBUILDER_DRAFT_DAYS = -1
    start(client)
    client.post("/forms/replace-id/step/1/", {**STEP1, "action": "save"})
    code = re.search(
        r'id="resume-code">(\w+)<',
        client.get("/forms/replace-id/saved/").content.decode(),
    )[1]
    response = Client().post("/forms/resume/", {"code": code, "phone_last4": "5678"})
    assert response.status_code == 200


def test_draft_finishes_on_the_version_it_started(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    doc = form.get_document()
    doc["steps"][0]["fields"].append(
        {"key": "f_late", "type": "short_text", "label": "新增必填", "required": True}
    )
    form.set_document(doc)
    form.save()
    v2 = services.publish(form)
    assert v2.number == 2
    client.post("/forms/replace-id/step/2/", STEP2)
    client.post("/forms/replace-id/step/3/", {"f_photo": photo(), "action": "next"})
    client.post("/forms/replace-id/review/")
    submission = Submission.objects.get()
    assert submission.version.number == 1
    assert "f_late" not in submission.answers


def test_csrf_enforced_on_browser_forms(form):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/forms/replace-id/").status_code == 403
    assert (
        strict.post(
            "/forms/status/", {"reference": "x", "phone_last4": "1234"}
        ).status_code
        == 403
    )


def test_submissions_rate_limited(form, client, settings):
    settings.FORMBUILDER_RATE_LIMIT = 2
    for _attempt in range(2):
        client.post("/forms/status/", {"reference": "BS-1", "phone_last4": "1234"})
    assert (
        client.post(
            "/forms/status/", {"reference": "BS-1", "phone_last4": "1234"}
        ).status_code
        == 429
    )


def test_unpublished_form_is_not_found(client):
    make_form(slug="draft-only", publish=False)
    assert client.get("/forms/draft-only/").status_code == 404


CROSS_STEP = {
    "title": "跨步条件",
    "steps": [
        {
            "key": "s_a",
            "title": "一",
            "fields": [
                {
                    "key": "f_kind",
                    "type": "single_choice",
                    "label": "申请类型",
                    "required": True,
                    "choices": [
                        {"value": "首次", "label": "首次"},
                        {"value": "补领", "label": "补领"},
                    ],
                },
            ],
        },
        {
            "key": "s_b",
            "title": "二",
            "fields": [
                {
                    "key": "f_reason",
                    "type": "short_text",
                    "label": "补领原因",
                    "required": True,
                    "visible_if": {"field": "f_kind", "value": "补领"},
                },
                {"key": "f_other", "type": "short_text", "label": "备注"},
            ],
        },
    ],
}


def test_changing_an_earlier_answer_clears_hidden_later_answers(client):
    make_form(slug="cross", document=CROSS_STEP)
    start(client, "cross")
    client.post("/forms/cross/step/1/", {"f_kind": "补领", "action": "next"})
    page = client.get("/forms/cross/step/2/").content.decode()
    assert 'name="f_reason"' in page
    client.post("/forms/cross/step/2/", {"f_reason": "遗失", "action": "next"})
    client.post("/forms/cross/step/1/", {"f_kind": "首次", "action": "next"})
    assert 'name="f_reason"' not in client.get("/forms/cross/step/2/").content.decode()
    assert Draft.objects.get().answers == {"f_kind": "首次"}
    response = client.post("/forms/cross/review/")
    assert response.status_code == 302
    assert Submission.objects.get().answers == {"f_kind": "首次"}
