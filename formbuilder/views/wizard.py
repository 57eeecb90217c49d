"""The citizen wizard: formtools' ``NamedUrlWizardView`` over the pinned version.

The form list is built per request from the draft's version, adjusted by the
site's context provider (免提交 / 容缺 / commitment): one ``StepForm`` per
UI-schema step, named by the step key.  URLs keep step numbers
(``/forms/<slug>/step/<n>/``) and the done step is the review page
(``/forms/<slug>/review/``).  State lives in ``DraftStorage`` (the draft
row), so answers follow the resume code to another device and stay pinned.

The URL names the step, so the management form is derived from it rather
than posted.  Submitting from the review page hands the draft's answers to
``processing.submit``, which validates them with jsonschema against the
exact version (as the API does) instead of re-binding each step form.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cached_property

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from formtools.wizard.views import NamedUrlWizardView

from .. import processing, ratelimit, uploads, wizard_edits
from ..forms import StepForm, anchor_id
from ..presentation import answer_rows, field_rows
from .common import (
    SESSION_RECEIPTS,
    SESSION_RESUME_CODE,
    live_definition,
    remember,
    too_many,
)

REVIEW_STEP = "_review"


class WizardStepForm(StepForm):
    """A step form that checks new files by content while validating.

    The storage keeps files after validation, so a rejected file must show
    up here as an error on its field.
    """

    def clean(self):
        cleaned = super().clean()
        for key, uploaded in self.files_by_key().items():
            entry = self.entries[key]
            try:
                uploads.check_upload(
                    uploaded,
                    entry.get("accept"),
                    uploads.max_bytes(entry.get("max_size_mb")),
                )
            except ValidationError as error:
                self.add_error(key, error)
        return cleaned


@method_decorator(never_cache, name="dispatch")
class ApplicationWizard(NamedUrlWizardView):
    storage_name = "formbuilder.wizard_storage.DraftStorage"
    template_name = "formbuilder/step.html"
    # formtools wants a form list at start-up; the real one is per request.
    form_list = [("pending", StepForm)]
    http_method_names = ["get", "post"]

    def get_prefix(self, request, *args, **kwargs):
        return kwargs["slug"]

    def dispatch(self, request, *args, **kwargs):
        self.definition = live_definition(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    # --- per-request form list ------------------------------------------------

    @cached_property
    def form_context(self):
        return processing.form_context(self.definition, self.storage.draft.subject_code)

    @cached_property
    def pair(self):
        return processing.adjusted_pair(self.storage.draft.version, self.form_context)

    def get_form_list(self):
        self.form_list = OrderedDict(
            (step["key"], WizardStepForm) for step in self.pair[1]["steps"]
        )
        return super().get_form_list()

    def get_form_prefix(self, step=None, form=None):
        return None  # field names and anchors are the schema keys

    def get_form_kwargs(self, step=None):
        return {
            "pair": self.pair,
            "step_index": self.get_step_index(step),
            "answers": self.storage.draft.answers,
        }

    def process_step(self, form):
        return form.answers()

    def process_step_files(self, form):
        return form.files_by_key()

    # --- URLs: step numbers outside, step keys inside ----------------------------

    def get_step_url(self, step):
        slug = self.definition.slug
        if step == self.done_step_name:
            return reverse("formbuilder:review", kwargs={"slug": slug})
        number = self.get_step_index(step) + 1
        return reverse("formbuilder:step", kwargs={"slug": slug, "step": number})

    def _step_key(self, number):
        keys = list(self.get_form_list())
        if not 1 <= number <= len(keys):
            raise Http404
        return keys[number - 1]

    # --- requests ------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        if self.storage.draft is None:
            return redirect("formbuilder:start", slug=self.definition.slug)
        self.storage.ui_schema = self.pair[1]
        if kwargs["step"] == self.done_step_name:
            return self.render_review()
        return super().get(
            request, *args, **{**kwargs, "step": self._step_key(kwargs["step"])}
        )

    def post(self, request, *args, **kwargs):
        """Store a step (``action``: next, back or save), redraw it after one of
        its own buttons (``edit``), or submit from review.

        Files that pass their check are kept in the draft first, whatever
        else on the step fails; so are the answers that pass, when the step
        is saved, left or redrawn.
        """
        if self.storage.draft is None:
            return redirect("formbuilder:start", slug=self.definition.slug)
        self.storage.ui_schema = self.pair[1]
        if kwargs["step"] == self.done_step_name:
            if not ratelimit.hit(request, "submit"):
                return too_many(request)
            return self.render_done(None, **kwargs)
        key = self._step_key(kwargs["step"])
        self.storage.current_step = key
        number = self.steps.index + 1
        form = self._bound_form(key)
        self._keep_files(form)
        action = request.POST.get("action")
        if self.edit is not None:
            return self._apply_edit(form, number)
        if action in ("back", "save") or not form.is_valid():
            self.storage.keep_answers(
                form.partial_answers(),
                resume_at=number - 1 if action == "back" else number,
            )
        if action == "back":
            return self.render_goto_step(self.steps.prev or key)
        if action == "save":
            code = processing.issue_resume_code(self.storage.draft)
            request.session[SESSION_RESUME_CODE] = code
            return redirect("formbuilder:saved", slug=self.definition.slug)
        if not form.is_valid():
            return self.render(form)
        self.storage.set_step_data(key, self.process_step(form))
        if self.steps.next:
            return self.render_next_step(form)
        return redirect(self.get_step_url(self.done_step_name))

    def _bound_form(self, key):
        """The step's form over the POST, with an add/remove row applied to it.

        The URL names the step, so formtools' management form is filled from
        it: a stale or missing hidden field cannot move the wizard.
        """
        data = self.request.POST.copy()
        data[f"{self.prefix}-current_step"] = key
        fields = self.pair[1]["fields"]
        step_keys = self.pair[1]["steps"][self.steps.index]["fields"]
        self.edit = wizard_edits.parse(data.get("edit", ""), step_keys)
        if self.edit is not None:
            groups = {
                k: fields[k].get("fields", [])
                for k in step_keys
                if fields[k]["type"] == "group"
            }
            data = wizard_edits.apply_to_data(self.edit, data, groups)
        return self.get_form(data=data, files=self.request.FILES)

    def _keep_files(self, form):
        form.is_valid()
        for key, message in self.storage.keep_files(form.files_by_key()).items():
            form.add_error(key, message)

    def _apply_edit(self, form, number):
        if self.edit.kind == "remove-file":
            self.storage.remove_file(self.edit.key, self.edit.arg)
        self.storage.keep_answers(form.partial_answers(), resume_at=number)
        return self.render(form, quiet=True)

    def get_context_data(self, form, **kwargs):
        quiet = kwargs.pop("quiet", False)
        context = super().get_context_data(form=form, **kwargs)
        steps = self.pair[1]["steps"]
        index = self.steps.index
        context.update(
            definition=self.definition,
            step=steps[index],
            step_number=index + 1,
            steps=steps,
            context=self.form_context,
            page_title=self.definition.title,
            errors=form.error_summary() if form.is_bound and not quiet else [],
            field_rows=field_rows(
                form,
                self.pair,
                index,
                self.storage.draft.answers,
                files=self.storage.files(),
                quiet=quiet,
            ),
        )
        return context

    # --- review and submit -------------------------------------------------------------

    def render_review(self, problems=()):
        return render(
            self.request,
            "formbuilder/review.html",
            {
                "definition": self.definition,
                "context": self.form_context,
                "problems": list(problems),
                "page_title": self.definition.title,
                "sections": answer_rows(
                    self.pair[1],
                    self.storage.draft.answers,
                    slug=self.definition.slug,
                    files=self.storage.files(),
                ),
            },
        )

    def render_done(self, form, **kwargs):
        """Submit from the review page; every other caller is sent there first."""
        if kwargs.get("step") != self.done_step_name:
            return redirect(self.get_step_url(self.done_step_name))
        return self.done([], form_dict={}, **kwargs)

    def done(self, form_list, **kwargs):
        draft = self.storage.draft
        try:
            submission = processing.submit(
                version=draft.version,
                answers=draft.answers,
                context=self.form_context,
                draft=draft,
            )
        except processing.SubmissionRejected as rejected:
            return self.render_review(
                locate(rejected.problems, self.pair, self.definition.slug)
            )
        self.storage.reset()
        remember(self.request, SESSION_RECEIPTS, submission.reference, True)
        return redirect("formbuilder:receipt", reference=submission.reference)


def locate(problems, pair, slug):
    """Link each problem to the step page and field it concerns."""
    steps = pair[1]["steps"]
    located = []
    for problem in problems:
        key = problem["path"].strip("/").split("/")[0]
        number = next((i + 1 for i, s in enumerate(steps) if key in s["fields"]), 1)
        entry = pair[1]["fields"].get(key, {})
        url = reverse("formbuilder:step", kwargs={"slug": slug, "step": number})
        located.append({**problem, "url": f"{url}#{anchor_id(key, entry)}"})
    return located
