"""Admin: builder pages, publish, preview, compare, restore, JSON import/export."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from formbuilder.models import FormDefinition
from formbuilder.wagtail_hooks import form_viewset
from tests.english import english_client

from .factories import make_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    user = User.objects.create_superuser("root", password="pw")
    client = english_client()
    client.force_login(user)
    return client


@pytest.fixture
def form():
    return make_form()


def test_snippet_listing_and_builder_edit_page(admin, form):
    listing = admin.get(reverse(form_viewset.get_url_name("list")))
    assert listing.status_code == 200
    assert "v1 live" in listing.content.decode()
    edit = admin.get(reverse(form_viewset.get_url_name("edit"), args=[form.pk]))
    assert edit.status_code == 200
    assert "f_name" in edit.content.decode()  # the builder blocks carry the keys


def test_publish_compare_restore(admin, form):
    versions = reverse("formbuilder_admin:versions", args=[form.pk])
    doc = form.get_document()
    doc["steps"][0]["fields"][0]["label"] = "全名"
    form.set_document(doc)
    form.save()
    response = admin.post(reverse("formbuilder_admin:publish", args=[form.pk]))
    assert response.url == versions
    form.refresh_from_db()
    assert form.live_version.number == 2
    page = admin.get(f"{versions}?a=1&b=2").content.decode()
    assert 'id="diff"' in page and "f_name" in page and "label" in page
    admin.post(reverse("formbuilder_admin:restore", args=[form.pk, 1]))
    form.refresh_from_db()
    draft = form.get_latest_revision_as_object()
    assert draft.get_document()["steps"][0]["fields"][0]["label"] == "姓名"


def test_preview_renders_every_step(admin, form):
    page = admin.get(
        reverse("formbuilder_admin:preview", args=[form.pk])
    ).content.decode()
    for title in ("申请人", "申请事项", "材料"):
        assert title in page
    assert 'name="f_idno"' in page


def test_export_then_import_as_new_form(admin, form):
    exported = admin.get(reverse("formbuilder_admin:export", args=[form.pk]))
    data = json.loads(exported.content)
    assert data["schema"] == form.live_version.schema
    data["slug"] = "imported"
    upload = SimpleUploadedFile("f.json", json.dumps(data).encode())
    response = admin.post(reverse("formbuilder_admin:import"), {"file": upload})
    assert response.status_code == 302
    imported = FormDefinition.objects.get(slug="imported")
    assert imported.compile()["schema"] == form.live_version.schema


def test_import_shows_json_paths(admin, form):
    data = json.loads(
        admin.get(reverse("formbuilder_admin:export", args=[form.pk])).content
    )
    data["schema"]["properties"]["f_name"]["$ref"] = "http://example.com/x.json"
    upload = SimpleUploadedFile("f.json", json.dumps(data).encode())
    page = admin.post(
        reverse("formbuilder_admin:import_into", args=[form.pk]), {"file": upload}
    )
    assert page.status_code == 200
    assert "/schema/properties/f_name/$ref" in page.content.decode()
    bad = admin.post(
        reverse("formbuilder_admin:import"),
        {"file": SimpleUploadedFile("f.json", b"{nope")},
    )
    assert "not valid JSON" in bad.content.decode()


def _builder_post(label, keys=("", "", "")):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    common = {
        "help_text": "",
        "required": "on",
        "visible_if_field": "",
        "visible_if_value": "",
    }
    choices = {
        "count": 1,
        "0-deleted": "",
        "0-order": 0,
        "0-value-value": "补领",
        "0-value-label": "",
    }
    fields = streamfield(
        [
            (
                "short_text",
                {
                    "label": label,
                    "key": keys[1],
                    **common,
                    "min_length": "",
                    "max_length": "",
                    "pattern": "",
                },
            ),
            (
                "single_choice",
                {"label": "申请类型", "key": keys[2], **common, "choices": choices},
            ),
        ]
    )
    return nested_form_data(
        {
            "title": "新表单",
            "slug": "new-form",
            "intro": "",
            "region_code": "",
            "accepting": "on",
            "body": streamfield(
                [("step", {"key": keys[0], "title": "申请人", "fields": fields})]
            ),
        }
    )


def test_editor_builds_form_in_snippet_admin(admin):
    """Keys are generated on save and kept when the label is edited later."""
    response = admin.post(
        reverse(form_viewset.get_url_name("add")), _builder_post("Full name")
    )
    assert response.status_code == 302
    form = FormDefinition.objects.get(slug="new-form")
    document = form.get_document()
    keys = (
        document["steps"][0]["key"],
        *(f["key"] for f in document["steps"][0]["fields"]),
    )
    assert keys[0].startswith("s_") and all(k.startswith("f_") for k in keys[1:])

    edit_url = reverse(form_viewset.get_url_name("edit"), args=[form.pk])
    response = admin.post(edit_url, _builder_post("姓名（与证件一致）", keys))
    assert response.status_code == 302
    form.refresh_from_db()
    schema = form.compile()["schema"]
    assert schema["properties"][keys[1]]["title"] == "姓名（与证件一致）"
    assert list(schema["properties"]) == list(keys[1:])
