"""Service item → application form: waived materials, 容缺 commitment, region, scoping."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalogue import services as catalogue_services
from catalogue.constants import WaiveVia
from catalogue.forms_link import CatalogueFormContext, form_url_for
from formbuilder import services as form_services
from formbuilder.constants import COMMITMENT_KEY
from tests.english import english_client

from .factories import MaterialFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

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
                {
                    "type": "file",
                    "label": "营业执照",
                    "required": True,
                    "material": "营业执照",
                },
                {
                    "type": "file",
                    "label": "管理制度",
                    "required": True,
                    "material": "管理制度",
                },
                {
                    "type": "file",
                    "label": "申请书",
                    "required": True,
                    "material": "申请书",
                },
            ],
        },
    ],
}


@pytest.fixture
def linked(settings):
    settings.FORMBUILDER_CONTEXT_PROVIDER = "catalogue.forms_link.CatalogueFormContext"
    form = form_services.define_form(
        slug="licence", title="许可申请", document=json.loads(json.dumps(DOCUMENT))
    )
    item = ServiceItemFactory(implementation_code="TS-XX-9001", name="测试许可")
    MaterialFactory(
        item=item, name="营业执照", waivable=True, waive_via=WaiveVia.E_LICENCE
    )
    MaterialFactory(item=item, name="管理制度", rongque_allowed=True)
    MaterialFactory(item=item, name="申请书")
    assert (
        catalogue_services.link_application_forms(
            {"licence": ["TS-XX-9001", "NO-SUCH"]}
        )
        == 1
    )
    item.refresh_from_db()
    return form, item


def _keys(form):
    return {e["label"]: k for k, e in form.live_version.ui_schema["fields"].items()}


def test_context_waives_and_relaxes_materials(linked):
    form, item = linked
    keys = _keys(form)
    with translation.override("en"):
        context = CatalogueFormContext().context_for(form, item.implementation_code)
    assert context.region_code == item.region.code
    assert context.field_overrides[keys["营业执照"]]["hidden"] is True
    assert "Electronic licence" in context.field_overrides[keys["营业执照"]]["note"]
    assert context.field_overrides[keys["管理制度"]]["required"] is False
    assert keys["申请书"] not in context.field_overrides
    assert "容缺受理承诺" in context.extra_commitment


def test_adjusted_schema_over_api(linked):
    form, item = linked
    keys = _keys(form)
    client = english_client()
    body = client.get(
        f"/api/v1/forms/licence/schema?item={item.implementation_code}"
    ).json()
    assert keys["营业执照"] not in body["schema"]["properties"]
    assert body["ui_schema"]["fields"][keys["营业执照"]]["widget"] == "waived"
    assert keys["管理制度"] not in body["schema"]["required"]
    assert COMMITMENT_KEY in body["schema"]["required"]
    listed = client.get("/api/v1/forms/").json()["forms"]
    assert listed[0]["items"] == ["TS-XX-9001"]


def _submit(client, keys, **extra):
    token = client.post(
        "/api/v1/forms/licence/uploads",
        {"field": keys["申请书"], "file": SimpleUploadedFile("a.png", PNG)},
    ).json()["token"]
    answers = {
        keys["名称"]: "某公司",
        keys["手机"]: "13912345678",
        keys["申请书"]: [token],
        **extra,
    }
    return client.post(
        "/api/v1/forms/licence/submissions",
        json.dumps({"answers": answers, "item": "TS-XX-9001"}),
        content_type="application/json",
    )


def test_submission_needs_commitment_not_waived_material(linked):
    form, item = linked
    keys = _keys(form)
    client = english_client()
    missing = _submit(client, keys)
    assert missing.status_code == 400
    assert [e["path"] for e in missing.json()["errors"]] == [f"/{COMMITMENT_KEY}"]
    done = _submit(client, keys, **{COMMITMENT_KEY: True})
    assert done.status_code == 201, done.content
    submission = form.submissions.get()
    assert submission.subject_code == "TS-XX-9001"
    assert submission.region_code == item.region.code


def test_wizard_shows_waived_material_as_not_needed(linked):
    form, item = linked
    client = english_client()
    client.post(f"/forms/licence/?item={item.implementation_code}")
    page = client.get("/forms/licence/step/2/").content.decode()
    assert "No need to submit" in page
    assert f'name="{_keys(form)["营业执照"]}"' not in page
    assert f'name="{COMMITMENT_KEY}"' in page


def test_guide_links_to_form(linked):
    from .test_guide_pages import make_site

    form, item = linked
    assert form_url_for(item) == f"/forms/licence/?item={item.implementation_code}"
    make_site()
    page = english_client().get(f"/items/{item.implementation_code}/")
    assert page.status_code == 200
    assert (
        f'href="/forms/licence/?item={item.implementation_code}"'
        in page.content.decode()
    )


def test_standalone_form_has_no_item_context(settings):
    settings.FORMBUILDER_CONTEXT_PROVIDER = "catalogue.forms_link.CatalogueFormContext"
    form = form_services.define_form(
        slug="report",
        title="报送",
        document=json.loads(json.dumps(DOCUMENT)),
        region_code="350100",
    )
    context = form_services.form_context(form, "")
    assert context.subject_code == "" and context.field_overrides == {}
    assert context.region_code == "350100"


def test_inbox_scoped_to_editor_regions(linked):
    from django.contrib.auth.models import Permission

    from .factories import RegionFactory, make_region_editor

    form, item = linked
    version = form.live_version
    # Two submissions in two regions, stored directly (validation is tested elsewhere).
    from formbuilder.models import Submission

    other = RegionFactory(code="990100", name="别市")
    for reference, region in (
        ("BS-20260101-AAAAAA", item.region.code),
        ("BS-20260101-BBBBBB", other.code),
    ):
        Submission.objects.create(
            version=version,
            definition=form,
            reference=reference,
            answers={},
            region_code=region,
            subject_code=item.implementation_code
            if region != other.code
            else "ZZ-OTHER-9",
        )
    editor = make_region_editor(item.region)
    editor.groups.first().permissions.add(
        Permission.objects.get(codename="view_submission")
    )
    client = english_client()
    client.force_login(editor)
    page = client.get("/admin/formbuilder/submissions/").content.decode()
    assert "BS-20260101-AAAAAA" in page
    assert "BS-20260101-BBBBBB" not in page
    # The item and region filters name what the editor sees, nothing else.
    assert f"{item.name}（{item.implementation_code}）" in page
    assert "ZZ-OTHER-9" not in page and "别市" not in page
