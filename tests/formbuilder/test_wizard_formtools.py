"""The wizard is a formtools ``NamedUrlWizardView`` whose storage is the draft."""

import re

import pytest
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from formbuilder.models import Draft, Submission
from formbuilder.wizard_storage import SESSION_DRAFTS, DraftStorage
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


def test_steps_are_served_by_a_formtools_wizard_with_draft_storage(form, client):
    start(client)
    response = client.get("/forms/replace-id/step/1/")
    view = response.context["view"]
    assert isinstance(view, NamedUrlWizardView)
    assert isinstance(view.storage, DraftStorage)
    assert isinstance(view.storage, BaseStorage)
    assert view.steps.all == [s["key"] for s in form.live_version.ui_schema["steps"]]
    assert view.steps.current == view.steps.first
    assert response.context["wizard"]["steps"].count == 3


def test_session_holds_only_the_draft_id(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    draft = Draft.objects.get()
    assert client.session[SESSION_DRAFTS] == {"replace-id": draft.pk}
    assert not [key for key, _value in client.session.items() if "wizard" in key]
    # Step 1 passed: the draft continues on step 2.
    assert draft.answers["f_name"] == "张三" and draft.step == 2


def test_resume_on_a_fresh_client_restores_step_data_and_finishes(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    saved = client.post("/forms/replace-id/step/2/", {**STEP2, "action": "save"})
    assert saved.url == "/forms/replace-id/saved/"
    code = re.search(
        r'id="resume-code">(\w+)<', client.get(saved.url).content.decode()
    )[1]
    other = english_client()
    resumed = other.post("/forms/resume/", {"code": code, "phone_last4": "5678"})
    assert resumed.url == "/forms/replace-id/step/2/"  # the step it was saved on
    page = other.get("/forms/replace-id/step/2/").content.decode()
    assert "原证件遗失了</textarea>" in page
    step3 = other.post(
        "/forms/replace-id/step/3/",
        {"f_photo": photo(), "f_family__0__f_fname": "李四", "action": "next"},
    )
    assert step3.url == "/forms/replace-id/review/"
    receipt = other.post("/forms/replace-id/review/")
    submission = Submission.objects.get()
    assert receipt.url == f"/forms/receipt/{submission.reference}/"
    assert submission.answers["f_name"] == "张三"
    assert submission.answers["f_reason"] == "原证件遗失了"
    assert other.session[SESSION_DRAFTS] == {"replace-id": None}


def test_back_returns_without_saving(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    response = client.post(
        "/forms/replace-id/step/2/", {**STEP2, "f_reason": "", "action": "back"}
    )
    assert response.url == "/forms/replace-id/step/1/"
    assert "f_reason" not in Draft.objects.get().answers


def test_unknown_step_and_missing_draft(form, client):
    assert client.get("/forms/replace-id/step/1/").url == "/forms/replace-id/"
    assert client.get("/forms/replace-id/review/").url == "/forms/replace-id/"
    start(client)
    assert client.get("/forms/replace-id/step/4/").status_code == 404
    assert client.get("/forms/replace-id/step/0/").status_code == 404


def test_rejected_submission_stays_on_review_with_links_to_fields(form, client):
    start(client)
    client.post("/forms/replace-id/step/1/", STEP1)
    draft = Draft.objects.get()
    draft.answers = {k: v for k, v in draft.answers.items() if k != "f_name"}
    draft.save()
    response = client.post("/forms/replace-id/review/")
    assert response.status_code == 200
    assert 'href="/forms/replace-id/step/1/#id_f_name"' in response.content.decode()
    assert not Submission.objects.exists()
    assert client.session[SESSION_DRAFTS] == {"replace-id": draft.pk}
