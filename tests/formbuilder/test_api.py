"""The JSON API accepts and rejects exactly what the wizard does."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from jsonschema import Draft202012Validator

from formbuilder import services
from formbuilder.models import Submission
from tests.english import english_client

from .documents import answers
from .factories import make_form
from .test_wizard import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def form():
    return make_form()


@pytest.fixture
def api():
    return english_client(enforce_csrf_checks=True)


def upload(api, **extra):
    response = api.post(
        "/api/v1/forms/replace-id/uploads",
        {"field": "f_photo", "file": SimpleUploadedFile("a.png", PNG), **extra},
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def post(api, body, slug="replace-id"):
    return api.post(
        f"/api/v1/forms/{slug}/submissions",
        json.dumps(body),
        content_type="application/json",
    )


def test_list_and_schema(form, api):
    make_form(slug="unpublished", publish=False)
    listed = api.get("/api/v1/forms/").json()["forms"]
    assert listed == [
        {"slug": "replace-id", "title": "补领证件", "version": 1, "items": []}
    ]
    body = api.get("/api/v1/forms/replace-id/schema").json()
    assert body["version"] == 1
    assert body["schema"] == form.live_version.schema
    assert body["ui_schema"]["steps"][0]["title"] == "申请人"
    assert api.get("/api/v1/forms/unpublished/schema").status_code == 404
    missing = api.get("/api/v1/forms/no-such-form/schema")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["message"]  # JSON, like every API answer


def test_submit_without_csrf_and_check_status(form, api):
    data = answers(f_photo=[upload(api)])
    response = post(api, {"answers": data})
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    submission = Submission.objects.get(reference=reference)
    assert submission.uploads.count() == 1
    url = f"/api/v1/submissions/{reference}/status"
    response = api.get(url, HTTP_X_PHONE_LAST4="5678")
    assert "no-store" in response["Cache-Control"]
    status = response.json()
    assert status["status"] == "submitted"
    assert [h["status"] for h in status["history"]] == ["submitted"]
    assert api.get(url, HTTP_X_PHONE_LAST4="0000").status_code == 404
    assert api.get(url).status_code == 400  # the digits are required


def test_status_refuses_phone_digits_in_the_query_string(form, api):
    """A query string ends up in access logs: the digits must come in a header."""
    response = post(api, {"answers": answers(f_photo=[upload(api)])})
    reference = response.json()["reference"]
    url = f"/api/v1/submissions/{reference}/status?phone_last4=5678"
    refused = api.get(url, HTTP_X_PHONE_LAST4="5678")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["path"] == "/phone_last4"


def test_invalid_answers_give_paths_and_messages(form, api):
    response = post(
        api,
        {"answers": answers(f_idno="110105194912310021", f_name=None, f_photo=None)},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "path": "/f_idno",
            "message": "居民身份证号: Enter a valid 18-digit resident ID number.",
        },
        {"path": "/f_name", "message": "姓名: This field is required."},
        {"path": "/f_photo", "message": "照片: This field is required."},
    ]
    assert not Submission.objects.exists()


def test_unknown_upload_token_rejected(form, api):
    response = post(api, {"answers": answers()})  # token never uploaded
    assert response.status_code == 400
    assert "upload it again" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"answers": 3}'])
def test_malformed_bodies(form, api, body):
    response = api.post(
        "/api/v1/forms/replace-id/submissions", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] in ("/", "/answers")


def test_same_verdicts_as_wizard(form):
    """Every answer set the API rejects, the shared validator rejects identically."""
    version = form.live_version
    for case in [answers(f_phone="123"), answers(f_kind="首次"), answers(f_count=0)]:
        expected = services.validate_submission(version, case)
        got = post(english_client(), {"answers": case}).json()["errors"]
        assert got == expected and got


def test_version_pinning_via_api(form, api):
    doc = form.get_document()
    doc["steps"][0]["fields"].append(
        {"key": "f_late", "type": "short_text", "label": "新", "required": True}
    )
    form.set_document(doc)
    form.save()
    services.publish(form)
    assert post(api, {"answers": answers(f_photo=[upload(api)])}).status_code == 400
    token = upload(api, version=1)  # files belong to the version they were sent for
    ok = post(api, {"answers": answers(f_photo=[token]), "version": 1})
    assert ok.status_code == 201 and ok.json()["version"] == 1


def test_api_rate_limited(form, api, settings):
    settings.FORMBUILDER_RATE_LIMIT = 1
    assert post(api, {"answers": {}}).status_code == 400
    assert post(api, {"answers": {}}).status_code == 429


def test_openapi_document(api):
    doc = api.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert {
        "/forms/",
        "/forms/{slug}/schema",
        "/forms/{slug}/submissions",
        "/submissions/{reference}/status",
    } <= set(doc["paths"])
    Draft202012Validator.check_schema(doc["components"]["schemas"]["Status"])


def test_personal_data_never_logged(form, api, caplog):
    caplog.set_level("DEBUG")
    secret_id, secret_phone = "11010519491231002X", "13900001111"
    post(api, {"answers": answers(f_idno=secret_id, f_phone=secret_phone, f_name=None)})
    post(api, {"answers": answers(f_idno="110105194912310021", f_phone=secret_phone)})
    api.get("/api/v1/submissions/BS-20260101-AAAAAA/status", HTTP_X_PHONE_LAST4="1111")
    assert caplog.records  # the 400s and the 404 were logged …
    assert (
        secret_id not in caplog.text and secret_phone not in caplog.text
    )  # … without answers


def test_rate_limit_counts_per_client_behind_trusted_proxy(form, settings):
    settings.FORMBUILDER_RATE_LIMIT = 1
    settings.FORMBUILDER_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    one = Client(HTTP_X_REAL_IP="10.0.0.1")
    two = Client(HTTP_X_REAL_IP="10.0.0.2")
    assert post(one, {"answers": {}}).status_code == 400
    assert post(one, {"answers": {}}).status_code == 429
    assert post(two, {"answers": {}}).status_code == 400


def test_api_upload_checked_by_content(form, api):
    fake = SimpleUploadedFile(
        "photo.png", b"<?php echo 1; ?>", content_type="image/png"
    )
    response = api.post(
        "/api/v1/forms/replace-id/uploads", {"field": "f_photo", "file": fake}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "/file"
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n...")
    response = api.post(
        "/api/v1/forms/replace-id/uploads", {"field": "f_photo", "file": pdf}
    )
    assert response.status_code == 400  # PDF is real but the field takes photos only
    response = api.post(
        "/api/v1/forms/replace-id/uploads", {"field": "f_name", "file": pdf}
    )
    assert response.json()["errors"][0]["path"] == "/field"
