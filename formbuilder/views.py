"""Citizen pages: start, wizard steps, review, save and resume, receipt, status.

A custom step handler over the schema (not formtools' ``WizardView``): the
steps come from the pinned version, and the draft row is the wizard's
storage, so resuming on another device and version pinning need no extra
state.  Views stay thin; the work is in ``processing`` and ``forms``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import processing, ratelimit
from .forms import (
    CorrectionForm,
    ResumeForm,
    StatusLookupForm,
    StepForm,
    anchor_id,
    prune_hidden,
)
from .models import Draft, FormDefinition
from .presentation import answer_rows

SESSION_DRAFTS = "formbuilder:drafts"
SESSION_RECEIPTS = "formbuilder:receipts"
SESSION_STATUS = "formbuilder:status"


def _definition(slug):
    definition = get_object_or_404(
        FormDefinition.objects.select_related("live_version"), slug=slug
    )
    if definition.live_version is None:
        raise Http404
    return definition


def _session_draft(request, definition):
    draft_id = request.session.get(SESSION_DRAFTS, {}).get(definition.slug)
    if draft_id is None:
        return None
    return (
        Draft.objects.select_related("version")
        .filter(pk=draft_id, version__definition=definition)
        .first()
    )


def _remember(request, name, key, value):
    stored = dict(request.session.get(name, {}))
    stored[key] = value
    request.session[name] = stored


def _too_many(request):
    return render(
        request,
        "formbuilder/rate_limited.html",
        {"page_title": _("Please wait")},
        status=429,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def start(request, slug):
    definition = _definition(slug)
    subject_code = (request.GET.get("item") or request.POST.get("item") or "")[:64]
    context = processing.form_context(definition, subject_code)
    if request.method == "POST" and definition.accepting:
        draft = processing.start_draft(
            definition.live_version, subject_code=context.subject_code
        )
        _remember(request, SESSION_DRAFTS, slug, draft.pk)
        return redirect("formbuilder:step", slug=slug, step=1)
    return render(
        request,
        "formbuilder/start.html",
        {
            "definition": definition,
            "context": context,
            "page_title": definition.title,
            "steps": definition.live_version.ui_schema["steps"],
            "has_draft": _session_draft(request, definition) is not None,
        },
    )


def _wizard_state(request, slug):
    definition = _definition(slug)
    draft = _session_draft(request, definition)
    if draft is None:
        return definition, None, None, None
    context = processing.form_context(definition, draft.subject_code)
    pair = processing.adjusted_pair(draft.version, context)
    return definition, draft, context, pair


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, slug, step):
    definition, draft, context, pair = _wizard_state(request, slug)
    if draft is None:
        return redirect("formbuilder:start", slug=slug)
    steps = pair[1]["steps"]
    if not 1 <= step <= len(steps):
        raise Http404
    index = step - 1
    if request.method == "POST" and request.POST.get("action") == "back":
        return redirect("formbuilder:step", slug=slug, step=max(1, step - 1))
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        pair=pair,
        step_index=index,
        answers=draft.answers,
    )
    if request.method == "POST" and form.is_valid():
        error = _store_step(draft, form, index)
        if error is None:
            return _after_step(request, slug, draft, step, len(steps))
        form.add_error(error[0], error[1])
    return render(
        request,
        "formbuilder/step.html",
        {
            "definition": definition,
            "form": form,
            "step": steps[index],
            "step_number": step,
            "steps": steps,
            "context": context,
            "page_title": definition.title,
            "errors": form.error_summary() if form.is_bound else [],
            "field_rows": _field_rows(form, pair, index, draft.answers),
        },
    )


def _store_step(draft, form, index):
    answers = dict(draft.answers)
    for key, value in form.answers().items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    for key, uploaded in form.files_by_key().items():
        entry = form.ui_schema["fields"][key]
        try:
            upload = processing.store_upload(
                version=draft.version,
                field_key=key,
                uploaded=uploaded,
                accept=entry.get("accept"),
                draft=draft,
            )
        except ValidationError as error:
            return key, error
        answers[key] = [upload.token]
    answers = prune_hidden(form.ui_schema, answers)
    processing.save_draft(draft, answers=answers, step=index + 1)
    return None


def _after_step(request, slug, draft, step, total):
    if request.POST.get("action") == "save":
        code = processing.issue_resume_code(draft)
        request.session["formbuilder:resume_code"] = code
        return redirect("formbuilder:saved", slug=slug)
    if step < total:
        return redirect("formbuilder:step", slug=slug, step=step + 1)
    return redirect("formbuilder:review", slug=slug)


def _field_rows(form, pair, index, answers):
    """What the step template renders, in order: fields, notes, groups."""
    schema, ui_schema = pair
    rows = []
    for key in ui_schema["steps"][index]["fields"]:
        entry = ui_schema["fields"][key]
        row = {"key": key, "entry": entry, "anchor": anchor_id(key, entry)}
        if key in form.group_rows:
            row["group"] = [
                [form[name] for name, _sub in names] for names in form.group_rows[key]
            ]
        elif key in form.fields:
            row["field"] = form[key]
            row["uploaded"] = entry["type"] == "file" and bool(answers.get(key))
        elif entry.get("widget") not in ("note", "waived"):
            continue
        rows.append(row)
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def review(request, slug):
    definition, draft, context, pair = _wizard_state(request, slug)
    if draft is None:
        return redirect("formbuilder:start", slug=slug)
    problems = []
    if request.method == "POST":
        if not ratelimit.hit(request, "submit"):
            return _too_many(request)
        try:
            submission = processing.submit(
                version=draft.version,
                answers=draft.answers,
                context=context,
                draft=draft,
            )
        except processing.SubmissionRejected as rejected:
            problems = _locate(rejected.problems, pair, slug)
        else:
            _remember(request, SESSION_RECEIPTS, submission.reference, True)
            _remember(request, SESSION_DRAFTS, slug, None)
            return redirect("formbuilder:receipt", reference=submission.reference)
    return render(
        request,
        "formbuilder/review.html",
        {
            "definition": definition,
            "context": context,
            "problems": problems,
            "page_title": definition.title,
            "sections": answer_rows(pair[1], draft.answers, slug=slug),
        },
    )


def _locate(problems, pair, slug):
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


@never_cache
def saved(request, slug):
    definition = _definition(slug)
    code = request.session.pop("formbuilder:resume_code", None)
    if code is None:
        return redirect("formbuilder:start", slug=slug)
    from . import conf

    return render(
        request,
        "formbuilder/saved.html",
        {
            "definition": definition,
            "code": code,
            "days": conf.get("DRAFT_DAYS"),
            "page_title": _("Saved for later"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def resume(request):
    form = ResumeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "lookup"):
            return _too_many(request)
        if form.is_valid():
            draft = processing.resume_draft(
                form.cleaned_data["code"], form.cleaned_data["phone_last4"]
            )
            if draft is not None:
                slug = draft.version.definition.slug
                _remember(request, SESSION_DRAFTS, slug, draft.pk)
                return redirect(
                    "formbuilder:step",
                    slug=slug,
                    step=min(draft.step + 1, len(draft.version.ui_schema["steps"])),
                )
            form.add_error(
                None,
                _(
                    "No saved application matches this code and phone number, or it has expired."
                ),
            )
    return render(
        request,
        "formbuilder/resume.html",
        {"form": form, "page_title": _("Continue a saved application")},
    )


@never_cache
def receipt(request, reference):
    if not request.session.get(SESSION_RECEIPTS, {}).get(reference):
        return redirect("formbuilder:status_lookup")
    submission = get_object_or_404(
        processing.Submission.objects.select_related("version", "definition"),
        reference=reference,
    )
    return render(
        request,
        "formbuilder/receipt.html",
        {
            "submission": submission,
            "page_title": _("Receipt"),
            "sections": answer_rows(
                submission.version.ui_schema, submission.answers, masked=True
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status_lookup(request):
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "lookup"):
            return _too_many(request)
        if form.is_valid():
            submission = processing.find_submission(
                form.cleaned_data["reference"], form.cleaned_data["phone_last4"]
            )
            if submission is not None:
                _remember(request, SESSION_STATUS, submission.reference, True)
                return redirect("formbuilder:status", reference=submission.reference)
            form.add_error(
                None, _("No application matches this reference and phone number.")
            )
    return render(
        request,
        "formbuilder/status_lookup.html",
        {"form": form, "page_title": _("Check an application")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request, reference):
    allowed = request.session.get(SESSION_STATUS, {}).get(
        reference
    ) or request.session.get(SESSION_RECEIPTS, {}).get(reference)
    if not allowed:
        return redirect("formbuilder:status_lookup")
    submission = get_object_or_404(
        processing.Submission.objects.select_related("version", "definition"),
        reference=reference,
    )
    choices = [
        (key, entry.get("label", key))
        for key, entry in submission.version.ui_schema["fields"].items()
        if entry.get("type") == "file"
    ]
    correction = CorrectionForm(
        request.POST or None, request.FILES or None, choices=choices
    )
    if request.method == "POST" and correction.is_valid():
        try:
            processing.add_correction(
                submission,
                field_key=correction.cleaned_data["field_key"],
                uploaded=correction.cleaned_data["file"],
            )
        except ValidationError as error:
            correction.add_error("file", error)
        else:
            messages.success(request, _("Thank you. The file has been received."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "formbuilder/status.html",
        {
            "submission": submission,
            "history": submission.history.all(),
            "correction": correction if submission.status == "correction" else None,
            "page_title": _("Application status"),
        },
    )
