"""formtools wizard storage kept in a ``Draft`` row instead of the session.

The session holds only ``{slug: draft id}``; answers, the step to continue
on and uploads belong to the draft, so a resume code restores them on another
device and they stay pinned to the version the citizen started on.

Step data are the step form's JSON answers (``StepForm.answers()``), not
the raw POST: that is what the review page, the final jsonschema check and
the API all work on.  ``get_step_data`` therefore returns None and the
wizard's forms take their initial values from the draft's answers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
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
        """A step passed: keep its answers and continue on the next step."""
        self.keep_answers(cleaned_data, resume_at=self._step_keys().index(step) + 2)

    def keep_answers(self, answers, *, resume_at):
        """Merge ``answers`` (None removes) and note where to continue (1-based;
        one past the last step is the review page)."""
        merged = dict(self.draft.answers)
        for key, value in answers.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        self.draft.answers = merged
        self._step_number = max(1, resume_at)
        self.changed = True

    def get_step_files(self, step):
        return None

    def set_step_files(self, step, files):
        self.keep_files(files)

    def keep_files(self, files) -> dict:
        """Keep new files in private storage, each answer a list of tokens.

        Called whatever else on the step fails, so a citizen never chooses a
        file twice.  The step form has already checked each file by content;
        returns ``{key: message}`` for files over the field's count.
        """
        refused = {}
        for key, uploaded in (files or {}).items():
            entry = self.ui_schema["fields"][key]
            tokens = list(self.draft.answers.get(key) or [])
            if len(tokens) >= (entry.get("max_items") or 5):
                refused[key] = _("Remove a file to attach another.")
                continue
            upload = processing.store_upload(
                version=self.draft.version,
                field_key=key,
                uploaded=uploaded,
                accept=entry.get("accept"),
                max_size_mb=entry.get("max_size_mb"),
                draft=self.draft,
            )
            self.draft.answers = {**self.draft.answers, key: [*tokens, upload.token]}
            self.changed = True
        return refused

    def remove_file(self, key, token) -> None:
        tokens = list(self.draft.answers.get(key) or [])
        if token not in tokens:
            return
        tokens.remove(token)
        answers = {**self.draft.answers, key: tokens}
        if not tokens:
            answers.pop(key)
        self.draft.answers = answers
        processing.discard_draft_upload(self.draft, token)
        self.changed = True

    def files(self) -> dict:
        """The draft's kept uploads by token (names and sizes for the page)."""
        return {u.token: u for u in self.draft.uploads.all()} if self.draft else {}

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
