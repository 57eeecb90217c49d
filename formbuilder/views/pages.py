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
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import conf, owed, processing, ratelimit, uploads
from ..forms import CorrectionForm, OwedUploadForm, ResumeForm, StatusLookupForm
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
        return _lookup_redirect(reference)
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
                processing.submission_ui_schema(submission),
                submission.answers,
                masked=True,
                files=_files(submission),
            ),
            "owed": list(owed.open_materials(submission)),
        },
    )


def _lookup_redirect(reference):
    """The look-up page with the reference filled in (another device, say)."""
    url = reverse("formbuilder:status_lookup")
    return HttpResponseRedirect(f"{url}?{urlencode({'reference': reference[:20]})}")


def _files(submission):
    return {u.token: u for u in submission.uploads.all()}


@never_cache
@require_http_methods(["GET", "POST"])
def status_lookup(request):
    initial = {"reference": request.GET.get("reference", "")[:20]}
    form = StatusLookupForm(request.POST or None, initial=initial)
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
        return _lookup_redirect(reference)
    submission = get_object_or_404(
        processing.Submission.objects.select_related("version", "definition"),
        reference=reference,
    )
    if request.method == "POST" and "owed" in request.POST:
        return _hand_in(request, submission)
    correction = _generic_correction(request, submission)
    if correction is None:
        return HttpResponseRedirect(request.path)
    return _status_page(request, submission, correction=correction)


def _hand_in(request, submission):
    """One owed material's upload; errors go next to that material's control."""
    form = OwedUploadForm(request.POST, request.FILES)
    owed_id = request.POST.get("owed", "")
    if form.is_valid():
        try:
            received = owed.receive(
                submission, owed_id=owed_id, uploaded=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("Thank you. “%(material)s” has been received.")
                % {"material": received.label},
            )
            return HttpResponseRedirect(request.path)
    return _status_page(
        request, submission, failed={"owed": owed_id, "form": form}, status=400
    )


def _generic_correction(request, submission):
    """补正 without named materials: the applicant chooses the upload field.

    Returns the form to show (or False when there is none), or None after a
    successful upload.
    """
    if submission.status != "correction" or owed.open_materials(submission).exists():
        return False
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
            return None
    return correction


def _status_page(request, submission, *, correction=False, failed=None, status=200):
    failed = failed or {}
    fields = submission.version.ui_schema["fields"]
    materials = []
    for row in owed.owed_rows(submission):
        mine = str(row.pk) == str(failed.get("owed"))
        limits = uploads.limits(fields.get(row.field_key, {}))
        materials.append(
            {
                "row": row,
                "form": failed["form"] if mine else OwedUploadForm(),
                "kinds": limits["kinds"],
                "types": "、".join(
                    uploads.TYPE_NAMES.get(k, k.upper()) for k in limits["kinds"]
                ),
                "max_mb": uploads.mb(limits["max_bytes"]),
                "overdue": row.is_open and row.due_date < timezone.localdate(),
            }
        )
    unknown = failed.get("owed") is not None and not any(
        str(m["row"].pk) == str(failed["owed"]) for m in materials
    )
    return render(
        request,
        "formbuilder/status.html",
        {
            "submission": submission,
            "history": submission.history.all(),
            "materials": materials,
            "owes_something": any(m["row"].is_open for m in materials),
            "unknown_error": failed["form"].errors.get("file") if unknown else None,
            "correction": correction or None,
            "page_title": _("Application status"),
        },
        status=status,
    )
