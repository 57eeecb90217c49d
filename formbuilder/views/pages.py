"""Citizen pages around the wizard: start, saved, resume, receipt, status.

The steps and the review page are the formtools wizard in ``wizard``.
Views stay thin; the work is in ``processing`` and ``forms``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import conf, processing, ratelimit
from ..forms import CorrectionForm, ResumeForm, StatusLookupForm
from ..presentation import answer_rows
from ..wizard_storage import current_draft, remember_draft
from .common import (
    SESSION_RECEIPTS,
    SESSION_RESUME_CODE,
    SESSION_STATUS,
    live_definition,
    remember,
    too_many,
)


@never_cache
@require_http_methods(["GET", "POST"])
def start(request, slug):
    definition = live_definition(slug)
    subject_code = (request.GET.get("item") or request.POST.get("item") or "")[:64]
    context = processing.form_context(definition, subject_code)
    if request.method == "POST" and definition.accepting:
        draft = processing.start_draft(
            definition.live_version, subject_code=context.subject_code
        )
        remember_draft(request, slug, draft.pk)
        return redirect("formbuilder:step", slug=slug, step=1)
    return render(
        request,
        "formbuilder/start.html",
        {
            "definition": definition,
            "context": context,
            "page_title": definition.title,
            "steps": definition.live_version.ui_schema["steps"],
            "draft_url": resume_url(draft)
            if (draft := current_draft(request, slug))
            else "",
        },
    )


@never_cache
def saved(request, slug):
    definition = live_definition(slug)
    code = request.session.pop(SESSION_RESUME_CODE, None)
    if code is None:
        return redirect("formbuilder:start", slug=slug)
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
            return too_many(request)
        if form.is_valid():
            draft = processing.resume_draft(
                form.cleaned_data["code"], form.cleaned_data["phone_last4"]
            )
            if draft is not None:
                remember_draft(request, draft.version.definition.slug, draft.pk)
                return redirect(resume_url(draft))
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


def resume_url(draft) -> str:
    """The step the draft was saved on (the review page once every step passed)."""
    slug = draft.version.definition.slug
    if draft.step > len(draft.version.ui_schema["steps"]):
        return reverse("formbuilder:review", kwargs={"slug": slug})
    return reverse(
        "formbuilder:step", kwargs={"slug": slug, "step": max(1, draft.step)}
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
            return too_many(request)
        if form.is_valid():
            submission = processing.find_submission(
                form.cleaned_data["reference"], form.cleaned_data["phone_last4"]
            )
            if submission is not None:
                remember(request, SESSION_STATUS, submission.reference, True)
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
