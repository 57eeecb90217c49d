"""formtools wizard storage kept in a ``Draft`` row instead of the session.

The session holds only ``{slug: draft id}``; answers, the furthest step and
uploads belong to the draft, so a resume code restores them on another
device and they stay pinned to the version the citizen started on.

Step data are the step form's JSON answers (``StepForm.answers()``), not
the raw POST: that is what the review page, the final jsonschema check and
the API all work on.  ``get_step_data`` therefore returns None and the
wizard's forms take their initial values from the draft's answers.
"""

from __future__ import annotations

from formtools.wizard.storage.base import BaseStorage

from . import processing
from .forms import prune_hidden
from .models import Draft

SESSION_DRAFTS = "formbuilder:drafts"


def current_draft(request, slug: str) -> Draft | None:
    """The draft this session is filling for form ``slug``, if any."""
    draft_id = request.session.get(SESSION_DRAFTS, {}).get(slug)
    if draft_id is None:
        return None
    return (
        Draft.objects.select_related("version__definition")
        .filter(pk=draft_id, version__definition__slug=slug)
        .first()
    )


def remember_draft(request, slug: str, draft_id: int | None) -> None:
    drafts = dict(request.session.get(SESSION_DRAFTS, {}))
    drafts[slug] = draft_id
    request.session[SESSION_DRAFTS] = drafts


class DraftStorage(BaseStorage):
    """Wizard state in the session's current draft for the form ``prefix``.

    The view sets ``ui_schema`` to the adjusted UI schema it built its forms
    from (hidden answers are pruned with it).  Changes are written once per
    request, in ``update_response``, with ``processing.save_draft`` (which
    also refreshes the expiry and the phone digits used to resume).
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.slug = prefix
        self.draft = current_draft(request, prefix)
        self.ui_schema = self.draft.version.ui_schema if self.draft else None
        self.changed = False
        self._step_number = self.draft.step if self.draft else 0
        self.init_data()

    def _step_keys(self):
        return [step["key"] for step in self.ui_schema["steps"]]

    def get_step_data(self, step):
        return None

    def set_step_data(self, step, cleaned_data):
        answers = dict(self.draft.answers)
        for key, value in cleaned_data.items():
            if value is None:
                answers.pop(key, None)
            else:
                answers[key] = value
        self.draft.answers = answers
        self._step_number = self._step_keys().index(step) + 1
        self.changed = True

    def get_step_files(self, step):
        return None

    def set_step_files(self, step, files):
        """Keep new files in private storage; the answer is the upload token.

        The step form has already checked each file by content, so this
        does not reject anything the citizen could still correct.
        """
        for key, uploaded in (files or {}).items():
            upload = processing.store_upload(
                version=self.draft.version,
                field_key=key,
                uploaded=uploaded,
                accept=self.ui_schema["fields"][key].get("accept"),
                draft=self.draft,
            )
            self.draft.answers = {**self.draft.answers, key: [upload.token]}
        self.changed = True

    def reset(self):
        """Forget the draft in this session (``processing.submit`` deletes it)."""
        remember_draft(self.request, self.slug, None)
        self.draft = None
        self.changed = False
        self.init_data()

    def update_response(self, response):
        if self.changed and self.draft is not None:
            processing.save_draft(
                self.draft,
                answers=prune_hidden(self.ui_schema, self.draft.answers),
                step=self._step_number,
            )
            self.changed = False
        super().update_response(response)
