"""Publishing a form is the editor's footer action (Wagtail's DraftStateMixin
and RevisionMixin on the definition): drafts are revisions, publishing
freezes the live FormVersion citizens see, the diff against it is one click
from the editor, a schema the checks refuse is never published, and keys
stay put when labels change."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from formbuilder import services
from formbuilder.models import FormDefinition, FormVersion
from formbuilder.wagtail_hooks import form_viewset
from tests.english import english_client

from .builder_post import builder_post
from .factories import make_form

pytestmark = pytest.mark.django_db

CONDITIONAL = {
    "title": "条件表单",
    "steps": [
        {
            "title": "申请事项",
            "fields": [
                {
                    "type": "single_choice",
                    "label": "申请类型",
                    "required": True,
                    "choices": [
                        {"value": "first", "label": "首次申领"},
                        {"value": "lost", "label": "遗失补领"},
                    ],
                },
                {
                    "type": "long_text",
                    "label": "遗失经过",
                    "visible_if": {"field": "申请类型", "value": "lost"},
                },
            ],
        }
    ],
}


@pytest.fixture
def admin():
    user = User.objects.create_superuser("root", password="pw")
    client = english_client()
    client.force_login(user)
    return client


def edit_url(definition):
    return reverse(form_viewset.get_url_name("edit"), args=[definition.pk])


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def post_edit(admin, definition, document, action="action-publish"):
    data = builder_post(document, action=action, slug=definition.slug, region_code="")
    return admin.post(edit_url(definition), data, follow=True)


def test_footer_offers_publish_and_publishing_freezes_a_version(admin):
    form = make_form("footer", document=CONDITIONAL, publish=False)
    page = admin.get(edit_url(form)).content.decode()
    assert 'name="action-publish"' in page
    assert "Not published yet" in page
    response = post_edit(admin, form, form.get_document())
    assert response.status_code == 200
    form.refresh_from_db()
    assert form.live and form.live_version.number == 1
    assert form.live_revision_id == form.latest_revision_id
    # Citizens open the published version.
    assert admin.get(reverse("formbuilder:start", args=[form.slug])).status_code in (
        200,
        302,
    )


def test_a_draft_leaves_citizens_on_the_live_version_and_the_diff_is_one_click(admin):
    form = make_form("drafted", document=CONDITIONAL)
    live = form.live_version
    document = form.get_document()
    document["steps"][0]["fields"][1]["label"] = "遗失的经过"
    response = post_edit(admin, form, document, action="")
    assert response.status_code == 200
    form.refresh_from_db()
    assert form.live_version == live and form.has_unpublished_changes
    assert FormVersion.objects.filter(definition=form).count() == 1
    page = admin.get(edit_url(form)).content.decode()
    compare = reverse("formbuilder_admin:versions", args=[form.pk]) + "?a=1&amp;b=draft"
    assert compare in page
    diff = admin.get(compare.replace("&amp;", "&")).content.decode()
    assert "遗失的经过" in diff and "label" in diff and 'id="diff"' in diff


def test_publishing_a_schema_the_checks_refuse_says_why_and_changes_nothing(
    admin, settings
):
    form = make_form("too-big", document=CONDITIONAL)
    before = (form.live_version_id, form.latest_revision_id, form.versions.count())
    settings.FORMBUILDER_MAX_SCHEMA_BYTES = 200
    document = form.get_document()
    document["steps"][0]["fields"][1]["label"] = "改了"
    response = post_edit(admin, form, document)
    message = messages_of(response)
    assert "Not published" in message and "limit is 200" in message
    assert "Nothing was changed" in message
    form.refresh_from_db()
    assert (
        form.live_version_id,
        form.latest_revision_id,
        form.versions.count(),
    ) == before
    assert not form.has_unpublished_changes


def test_versions_page_refuses_a_draft_the_checks_refuse(admin, settings):
    form = make_form("bad-draft", document=CONDITIONAL)
    draft = form.get_latest_revision_as_object()
    document = draft.get_document()
    document["steps"][0]["fields"][1]["label"] = "草稿"
    draft.set_document(document)
    draft.save_revision()
    settings.FORMBUILDER_MAX_SCHEMA_BYTES = 200
    live_before = form.live_revision_id
    response = admin.post(
        reverse("formbuilder_admin:publish", args=[form.pk]), follow=True
    )
    assert "Not published" in messages_of(response)
    form.refresh_from_db()
    assert form.versions.count() == 1 and form.live_revision_id == live_before
    assert form.has_unpublished_changes


def test_unchanged_publish_keeps_the_version_number(admin):
    form = make_form("same", document=CONDITIONAL)
    post_edit(admin, form, form.get_document())
    form.refresh_from_db()
    assert form.live_version.number == 1


def test_unpublish_takes_the_form_away_from_citizens(admin):
    form = make_form("gone", document=CONDITIONAL)
    url = reverse(form_viewset.get_url_name("unpublish"), args=[form.pk])
    admin.post(url)
    form.refresh_from_db()
    assert not form.live and form.live_version is None
    assert services.published_forms().filter(pk=form.pk).count() == 0
    assert admin.get(reverse("formbuilder:start", args=[form.slug])).status_code == 404


def test_keys_stay_when_labels_change_and_conditions_follow_the_key(admin):
    form = make_form("stable", document=CONDITIONAL)
    before = form.get_document()["steps"][0]["fields"]
    kind_key, lost_key = before[0]["key"], before[1]["key"]
    assert before[1]["visible_if"] == {"field": kind_key, "value": "lost"}
    document = form.get_document()
    document["steps"][0]["fields"][0]["label"] = "办理情形"
    document["steps"][0]["fields"][1]["label"] = "遗失情况说明"
    post_edit(admin, form, document)
    form.refresh_from_db()
    after = form.get_document()["steps"][0]["fields"]
    assert [f["key"] for f in after] == [kind_key, lost_key]
    assert after[1]["visible_if"] == {"field": kind_key, "value": "lost"}
    ui = form.live_version.ui_schema["fields"]
    assert ui[kind_key]["label"] == "办理情形"
    assert ui[lost_key]["visible_if"]["field"] == kind_key


def test_the_data_migration_marks_published_forms_live():
    """Forms published before the footer (0005) are live; others are drafts."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("formbuilder.migrations.0005_draft_state_and_revisions")
    published = make_form("was-live", document=CONDITIONAL)
    never = make_form("never", document=CONDITIONAL, publish=False)
    FormDefinition.objects.update(live=False, has_unpublished_changes=False)
    migration.published_state_from_versions(apps, None)
    published.refresh_from_db()
    never.refresh_from_db()
    assert published.live and published.last_published_at is not None
    assert not never.live and never.has_unpublished_changes


def test_a_stale_draft_of_a_new_form_does_not_undo_its_publish():
    """The editor's autosave may have read the form before the publish
    committed; its row write keeps the form live on its version."""
    form = make_form("race", document=CONDITIONAL, publish=False)
    stale = FormDefinition.objects.get(pk=form.pk)
    services.publish(FormDefinition.objects.get(pk=form.pk))
    stale.intro = "autosaved"
    stale.save()
    stale.save_revision()
    form.refresh_from_db()
    assert form.live and form.live_version.number == 1
    assert form.has_unpublished_changes


def test_unpublishing_still_unpublishes():
    form = make_form("off", document=CONDITIONAL)
    form.unpublish()
    form.refresh_from_db()
    assert not form.live and form.live_version is None
