"""Materials read the same on the guide, the form step and the review page;
容缺 materials are owed after submitting and handed in on the status page."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from catalogue import services as catalogue_services
from catalogue.constants import WaiveVia
from formbuilder import services as form_services
from formbuilder.models import OwedMaterial, Submission
from tests.english import EnglishClient

from .factories import MaterialFactory, ServiceItemFactory
from .test_guide_pages import make_site

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
KINDS = {
    "户口簿": {"waivable": True, "waive_via": WaiveVia.E_LICENCE},
    "社保记录": {"waivable": True, "waive_via": WaiveVia.DATA_SHARING},
    "场所证明": {
        "waivable": True,
        "waive_via": WaiveVia.COMMITMENT,
        "note": "我承诺对经营场所享有合法使用权。",
    },
    "管理制度": {"rongque_allowed": True},
    "申请书": {},
}
DOCUMENT = {
    "title": "许可申请",
    "steps": [
        {
            "title": "申请人",
            "fields": [
                {"type": "short_text", "label": "名称", "required": True},
                {"type": "mobile", "label": "手机", "required": True},
            ],
        },
        {
            "title": "材料",
            "fields": [
                {"type": "file", "label": name, "required": True, "material": name}
                for name in KINDS
            ],
        },
    ],
}


@pytest.fixture
def item(settings):
    settings.FORMBUILDER_CONTEXT_PROVIDER = "catalogue.forms_link.CatalogueFormContext"
    make_site()
    form_services.define_form(
        slug="licence", title="许可申请", document=json.loads(json.dumps(DOCUMENT))
    )
    item = ServiceItemFactory(
        implementation_code="TS-XX-9001",
        name="测试许可",
        promised_limit_value=5,
        promised_limit_unit="working_day",
    )
    for name, extra in KINDS.items():
        MaterialFactory(item=item, name=name, **extra)
    catalogue_services.link_application_forms({"licence": ["TS-XX-9001"]})
    return item


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def tags(page):
    return {t.get_text(strip=True) for t in page.select(".tag")}


def _to_review(client):
    client.post("/forms/licence/", {"item": "TS-XX-9001"})
    keys = _keys()
    client.post(
        "/forms/licence/step/1/",
        {keys["名称"]: "小店", keys["手机"]: "13812345678", "action": "next"},
    )
    step = client.get("/forms/licence/step/2/")
    response = client.post(
        "/forms/licence/step/2/",
        {
            keys["申请书"]: SimpleUploadedFile("申请书.pdf", PDF),
            keys["场所证明"]: "on",
            "rongque_commitment": "on",
            "action": "next",
        },
    )
    assert response.url == "/forms/licence/review/", response.content.decode()[:3000]
    return step, client.get("/forms/licence/review/")


def _keys():
    version = form_services.definition_by_slug("licence").live_version
    return {e["label"]: k for k, e in version.ui_schema["fields"].items()}


def test_guide_step_and_review_say_the_same(item):
    client = EnglishClient()
    guide = soup(client.get("/items/TS-XX-9001/"))
    step, review = _to_review(client)
    step, review = soup(step), soup(review)
    expected = {
        "No need to submit (Electronic licence)",
        "No need to submit (Data sharing)",
        "No need to submit (Written commitment)",
        "容缺受理: may be provided after acceptance",
    }
    assert expected <= tags(guide)
    assert expected <= tags(step)
    assert expected <= tags(review)


def test_commitment_material_is_a_box_with_its_text_not_an_upload(item):
    client = EnglishClient()
    step, _review = _to_review(client)
    field = soup(step).select_one(f"#field_{_keys()['场所证明']}")
    assert field.select_one("input[type=checkbox]")
    assert not field.select("input[type=file]")
    assert "我承诺对经营场所享有合法使用权。" in field.get_text()
    assert "Promised" in _review.content.decode()


def test_rongque_material_is_owed_after_submitting_and_handed_in(item):
    client = EnglishClient()
    _to_review(client)
    receipt = client.post("/forms/licence/review/")
    submission = Submission.objects.get()
    owed = OwedMaterial.objects.get()
    assert (owed.label, owed.reason) == ("管理制度", "rongque")
    assert owed.due_date == timezone.localdate() + datetime.timedelta(days=5)
    status_url = f"/forms/status/{submission.reference}/"
    page = soup(client.get(status_url))
    item_box = page.select_one(f"#owed-{owed.pk}")
    assert "管理制度" in item_box.get_text()
    assert owed.due_date.isoformat() in item_box.get_text()
    assert item_box.select_one("input[type=file]")
    assert receipt.status_code == 302
    response = client.post(
        status_url,
        {"owed": owed.pk, "file": SimpleUploadedFile("制度.pdf", PDF)},
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    submission.refresh_from_db()
    assert owed.received_upload.original_name == "制度.pdf"
    assert owed.received_upload.token in submission.answers[owed.field_key]
    assert ModelLogEntry.objects.filter(
        action="formbuilder.material_received", object_id=str(submission.pk)
    ).exists()
    notices = form_services.unseen_notices()
    assert [n.submission for n in notices] == [submission]
    assert form_services.mark_notices_seen(submission) == 1


@pytest.mark.parametrize(
    "upload, message",
    [
        (("制度.txt", b"plain text"), "not accepted"),
        (("制度.pdf", PDF + b"0" * 2048), "larger than"),
    ],
)
def test_bad_owed_uploads_are_refused_next_to_the_control(
    item, settings, upload, message
):
    client = EnglishClient()
    _to_review(client)
    client.post("/forms/licence/review/")
    submission, owed = Submission.objects.get(), OwedMaterial.objects.get()
    settings.FORMBUILDER_UPLOAD_MAX_BYTES = 1024
    response = client.post(
        f"/forms/status/{submission.reference}/",
        {"owed": owed.pk, "file": SimpleUploadedFile(*upload)},
    )
    assert response.status_code == 400
    box = soup(response).select_one(f"#owed-{owed.pk}")
    assert message in box.select_one(".fb-error").get_text()
    owed.refresh_from_db()
    assert owed.is_open and submission.uploads.filter(is_correction=True).count() == 0
    assert not form_services.unseen_notices().exists()


def test_nothing_owed_any_more_is_said_and_changes_nothing(item):
    """A second tab posting the same material after it was handed in."""
    client = EnglishClient()
    _to_review(client)
    client.post("/forms/licence/review/")
    submission, owed = Submission.objects.get(), OwedMaterial.objects.get()
    url = f"/forms/status/{submission.reference}/"
    client.post(url, {"owed": owed.pk, "file": SimpleUploadedFile("a.pdf", PDF)})
    again = client.post(
        url, {"owed": owed.pk, "file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert again.status_code == 400
    box = soup(again).select_one(f"#owed-{owed.pk}")
    assert "Nothing is owed" in box.get_text()
    unknown = client.post(
        url, {"owed": "999999", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    assert (
        "Nothing is owed" in soup(unknown).select_one("#owed [role=alert]").get_text()
    )
    assert submission.uploads.filter(is_correction=True).count() == 1


def test_staff_correction_request_is_owed_with_its_date(item):
    client = EnglishClient()
    _to_review(client)
    client.post("/forms/licence/review/")
    submission = Submission.objects.get()
    due = timezone.localdate() + datetime.timedelta(days=7)
    rows = form_services.request_correction(
        submission,
        field_keys=[_keys()["申请书"]],
        due_date=due,
        note="请盖章后重新上传",
    )
    submission.refresh_from_db()
    assert submission.status == "correction" and rows[0].due_date == due
    page = client.get(f"/forms/status/{submission.reference}/").content.decode()
    assert "请盖章后重新上传" in page and due.isoformat() in page
    assert re.search(r"申请书", page)
