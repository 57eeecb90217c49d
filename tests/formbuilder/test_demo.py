"""The demo forms publish once and stay unchanged when loaded again."""

import pytest

from formbuilder.demo import DEMO_FORMS, load_demo_forms
from formbuilder.models import FormDefinition
from tests.english import english_client

pytestmark = pytest.mark.django_db


def test_demo_forms_publish_and_reload_idempotently():
    links = load_demo_forms(region_code="350100")
    assert sum(1 for codes in links.values() if codes) >= 5
    versions = {f.slug: f.live_version.checksum for f in FormDefinition.objects.all()}
    assert set(versions) == {slug for slug, _doc, _codes in DEMO_FORMS}
    load_demo_forms(region_code="350100")
    for form in FormDefinition.objects.all():
        assert form.versions.count() == 1, form.slug
        assert form.live_version.checksum == versions[form.slug]


def test_demo_conditions_resolve_to_keys():
    load_demo_forms()
    form = FormDefinition.objects.get(slug="id-card-reissue")
    conditions = form.live_version.schema["allOf"]
    fields = form.live_version.ui_schema["fields"]
    assert {fields[c["then"]["required"][0]]["label"] for c in conditions} == {
        "遗失经过",
        "邮寄地址",
    }


def test_every_demo_step_renders():

    load_demo_forms()
    for form in FormDefinition.objects.all():
        client = english_client()
        assert client.post(f"/forms/{form.slug}/").status_code == 302
        for number, step in enumerate(form.live_version.ui_schema["steps"], start=1):
            response = client.get(f"/forms/{form.slug}/step/{number}/")
            assert response.status_code == 200, (form.slug, number)
            assert step["title"] in response.content.decode()
        # Empty required fields on step 1 come back with a linked summary.
        page = client.post(
            f"/forms/{form.slug}/step/1/", {"action": "next"}
        ).content.decode()
        assert 'id="error-summary"' in page


def test_city_forms_belong_to_their_city_and_reload_idempotently():
    from formbuilder.demo import CITY_FORMS, load_city_forms

    codes = {"青禾市": "990200", "海川市": "990100"}
    assert load_city_forms(codes) == [slug for slug, _doc, _city in CITY_FORMS]
    load_city_forms(codes)
    for slug, _document, city in CITY_FORMS:
        form = FormDefinition.objects.get(slug=slug)
        assert form.region_code == codes[city]
        assert form.live and form.versions.count() == 1
    assert load_city_forms({}) == []
