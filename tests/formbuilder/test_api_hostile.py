"""Hostile and malformed input to the API: always a 4xx in JSON, never a 500.

Each answer is ``{"errors": [{"path", "message"}]}`` with the path of the
problem, and nothing is stored.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.api_input import MAX_DEPTH, nesting_depth
from formbuilder.models import Submission, Upload
from tests.english import english_client

from .documents import answers
from .factories import make_form
from .test_wizard import PNG

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/forms/replace-id/submissions"
UPLOADS = "/api/v1/forms/replace-id/uploads"


@pytest.fixture(autouse=True)
def form(settings):
    settings.FORMBUILDER_RATE_LIMIT = 1000
    return make_form()


@pytest.fixture
def api():
    return english_client()


def refused(response, status, path=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all(e["message"] for e in errors)
    if path is not None:
        assert errors[0]["path"] == path, errors
    return errors


def post_raw(api, body: bytes, content_type="application/json"):
    return api.post(SUBMISSIONS, body, content_type=content_type)


def nested(depth: int) -> bytes:
    return b'{"answers": {"f_name": ' + b"[" * depth + b"]" * depth + b"}}"


@pytest.mark.parametrize("version", ["abc", [1], {}, True, 1.5, 0, -3, "1", 10**12])
def test_a_malformed_version_is_refused_by_path(api, version):
    body = json.dumps({"answers": {}, "version": version}).encode()
    refused(post_raw(api, body), 400, "/version")
    assert not Submission.objects.exists()


def test_an_unknown_version_is_refused(api):
    refused(post_raw(api, b'{"answers": {}, "version": 99}'), 400, "/version")


@pytest.mark.parametrize("version", ["abc", "false", "1.5", "0", "-1", " 1"])
def test_an_upload_with_a_malformed_version_is_refused(api, version):
    response = api.post(
        UPLOADS,
        {
            "field": "f_photo",
            "version": version,
            "file": SimpleUploadedFile("a.png", PNG),
        },
    )
    refused(response, 400, "/version")
    assert not Upload.objects.exists()


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 2000, 100_000])
def test_deep_nesting_is_refused_before_parsing(api, depth):
    refused(post_raw(api, nested(depth)), 400, "/")


def test_nesting_within_the_limit_reaches_validation(api):
    errors = refused(post_raw(api, nested(MAX_DEPTH - 3)), 400)
    assert any(e["path"] == "/f_name" for e in errors)


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth(b'{"a": "[[[[[[\\"[[[[", "b": [1, {"c": "}}}"}]}') == 3


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (b'{"answers": {"f_count": NaN}}', "/"),
        (b'{"answers": {"f_count": Infinity}}', "/"),
        (b'{"answers": {"f_count": 1e999}}', "/"),
        (b'{"answers": {"f_name": "a\\u0000b"}}', "/answers/f_name"),
        (b'{"answers": {"f_name": "\\ud800"}}', "/answers/f_name"),
        (b'{"answers": {"a\\u0000": 1}}', "/answers/a"),
        (b'{"answers": {"f_list": ["x", "\\u0000"]}}', "/answers/f_list/1"),
        (b'{"answers": {}, "item": "\\u0000"}', "/item"),
        (b'{"answers": {}, "item": 5}', "/item"),
        (b'{"answers": {}, "item": "' + b"x" * 65 + b'"}', "/item"),
        (b"\xff\xfe not utf-8", "/"),
        (b'{"answers": {"n": 1' + b"0" * 5000 + b"}}", "/"),
        (b" ", "/"),
        (b"null", "/answers"),
        (b'{"answers": []}', "/answers"),
    ],
)
def test_values_no_column_can_hold_are_refused(api, body, path):
    refused(post_raw(api, body), 400, path)
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded"]
)
def test_a_submission_in_another_media_type_is_415(api, content_type):
    body = json.dumps({"answers": answers()})
    refused(api.post(SUBMISSIONS, body, content_type=content_type), 415)


def test_an_upload_that_is_not_multipart_is_415(api):
    refused(api.post(UPLOADS, b"{}", content_type="application/json"), 415)


def test_a_body_over_the_limit_is_413_before_it_is_read(api, settings):
    settings.FORMBUILDER_MAX_ANSWER_BYTES = 1000
    big = json.dumps({"answers": {"f_name": "x" * 10_000}}).encode()
    refused(post_raw(api, big), 413)


def test_a_ten_megabyte_body_is_413_json(api):
    big = b'{"answers": {"f_name": "' + b"x" * (10 * 1024 * 1024) + b'"}}'
    refused(post_raw(api, big), 413)


def test_an_upload_over_the_site_limit_is_413(api, settings):
    settings.FORMBUILDER_UPLOAD_MAX_BYTES = 1000
    large = SimpleUploadedFile("a.png", PNG + b"\0" * 200_000)
    refused(api.post(UPLOADS, {"field": "f_photo", "file": large}), 413)


def test_a_broken_multipart_body_is_400_json(api):
    response = api.generic(
        "POST",
        UPLOADS,
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n',
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code in (400, 415)
    refused(response, response.status_code)


def test_an_upload_field_key_must_be_short_text(api):
    response = api.post(
        UPLOADS, {"field": "f" * 500, "file": SimpleUploadedFile("a.png", PNG)}
    )
    refused(response, 400, "/field")


def test_status_needs_four_digits_in_the_header(api):
    url = "/api/v1/submissions/BS-20260101-AAAAAA/status"
    refused(api.get(url), 400, "/X-Phone-Last4")
    for digits in ("123", "12345", "abcd", "１２３４"):
        refused(api.get(url, HTTP_X_PHONE_LAST4=digits), 400, "/X-Phone-Last4")
    refused(api.get(url, HTTP_X_PHONE_LAST4="1234"), 404)


@pytest.mark.parametrize(
    "reference", ["%00", "x" * 3000, "BS-%E2%80%AE", "..%2F..%2Fetc", "%F0%9F%98%80"]
)
def test_odd_references_are_a_json_404(api, reference):
    url = f"/api/v1/submissions/{reference}/status"
    refused(api.get(url, HTTP_X_PHONE_LAST4="1234"), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/forms/no%20such%20slug/schema",
        "/api/v1/forms/%E4%B8%AD/submissions",
        "/api/v1/nothing-here",
        "/api/v2/forms/",
        "/api/v1/forms/replace-id/schema/extra",
    ],
)
def test_addresses_no_view_serves_answer_json_404(api, url):
    refused(api.get(url), 404)
    refused(api.post(url, b"{}", content_type="application/json"), 404)


def test_a_method_a_view_does_not_take_is_json_405(api):
    response = api.put(SUBMISSIONS, b"{}", content_type="application/json")
    refused(response, 405)
    assert response["Allow"] == "POST"
    refused(api.delete("/api/v1/forms/"), 405)


def test_control_characters_in_query_parameters_are_refused(api):
    refused(api.get("/api/v1/forms/replace-id/schema", {"item": "a\x00"}), 400, "/item")
    refused(api.get("/api/v1/suggest", {"q": "\x1b[31m"}), 400, "/q")
    refused(
        api.get("/api/v1/forms/replace-id/schema", {"item": "x" * 65}), 400, "/item"
    )


def test_the_pages_outside_the_api_keep_their_html_404(api):
    response = api.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
