"""JSON API for apps and mini-programs: forms, schemas, submissions, status.

No session authentication is used, so the POST endpoints are CSRF-exempt;
they are rate-limited per client like the web forms.  Validation is the
wizard's (``processing.submit``), so both accept and reject the same answers.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import api_input, conf, processing, ratelimit
from .api_input import InputError
from .constants import FieldType, SubmissionStatus

PHONE_DIGITS = re.compile(r"^[0-9]{4}$")
ITEM_CODE_LENGTH = 64
FIELD_KEY_LENGTH = 64


def _error(status, message, path="/"):
    return JsonResponse(
        {"errors": [{"path": path, "message": str(message)}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _refused(error: InputError):
    return _error(error.status, error.message, error.path)


def _published(slug):
    definition = processing.published_definition(slug)
    if definition is None:
        raise _NotPublished
    return definition


class _NotPublished(Exception):
    pass


@require_GET
def form_list(request):
    forms = list(processing.published_forms())
    linked = processing.linked_subjects(f.pk for f in forms)
    return JsonResponse(
        {
            "forms": [
                {
                    "slug": f.slug,
                    "title": f.title,
                    "version": f.live_version.number,
                    "items": linked.get(f.pk, []),
                }
                for f in forms
            ]
        }
    )


@require_GET
def form_schema(request, slug):
    try:
        definition = _published(slug)
    except _NotPublished:
        return _error(404, _("This form is not published."))
    try:
        item = api_input.optional_text(
            request.GET.get("item"), "/item", ITEM_CODE_LENGTH
        )
    except InputError as error:
        return _refused(error)
    context = processing.form_context(definition, item)
    schema, ui_schema = processing.adjusted_pair(definition.live_version, context)
    return JsonResponse(
        {
            "schema": schema,
            "ui_schema": ui_schema,
            "version": definition.live_version.number,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _version(definition, value, *, text=False):
    """The version a client names (default: live); ``InputError`` if unknown."""
    path = "/version"
    number = api_input.version_number(value, path, text=text)
    if number is None:
        return definition.live_version
    version = definition.versions.filter(number=number).first()
    if version is None:
        raise InputError(400, _("Unknown form version."), path)
    return version


def _submission_body(request):
    api_input.check_media_type(request, "application/json")
    api_input.check_size(request, api_input.max_json_bytes())
    body = api_input.parse_json(request.body)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        raise InputError(400, _("Send an object with an “answers” object."), "/answers")
    return body


@csrf_exempt
@require_POST
def create_submission(request, slug):
    if not ratelimit.hit(request, "submit"):
        return _error(429, _("Too many submissions; try again later."))
    try:
        definition = _published(slug)
    except _NotPublished:
        return _error(404, _("This form is not published."))
    try:
        body = _submission_body(request)
        version = _version(definition, body.get("version"))
        item = api_input.optional_text(body.get("item"), "/item", ITEM_CODE_LENGTH)
    except InputError as error:
        return _refused(error)
    context = processing.form_context(definition, item)
    try:
        submission = processing.submit(
            version=version, answers=body["answers"], context=context
        )
    except processing.SubmissionRejected as rejected:
        return JsonResponse({"errors": rejected.problems}, status=400)
    return JsonResponse(
        {
            "reference": submission.reference,
            "status": submission.status,
            "version": version.number,
        },
        status=201,
    )


def _upload_field(request, definition):
    """The version and the file field an upload names, with its entry."""
    api_input.check_media_type(request, "multipart/form-data")
    api_input.check_size(request, api_input.max_upload_request_bytes())
    version = _version(definition, request.POST.get("version"), text=True)
    key = api_input.optional_text(request.POST.get("field"), "/field", FIELD_KEY_LENGTH)
    entry = version.ui_schema.get("fields", {}).get(key) or {}
    if entry.get("type") != FieldType.FILE:
        raise InputError(400, _("Name a file field of this form."), "/field")
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise InputError(400, _("Attach the file as “file”."), "/file")
    return version, key, entry, uploaded


@csrf_exempt
@require_POST
def create_upload(request, slug):
    """Upload one file for a file field; answer with the returned token."""
    if not ratelimit.hit(request, "upload", factor=conf.get("UPLOAD_RATE_FACTOR")):
        return _error(429, _("Too many uploads; try again later."))
    try:
        definition = _published(slug)
    except _NotPublished:
        return _error(404, _("This form is not published."))
    try:
        version, key, entry, uploaded = _upload_field(request, definition)
    except InputError as error:
        return _refused(error)
    try:
        upload = processing.store_upload(
            version=version,
            field_key=key,
            uploaded=uploaded,
            accept=entry.get("accept"),
            max_size_mb=entry.get("max_size_mb"),
        )
    except ValidationError as error:
        return _error(400, error.messages[0], "/file")
    return JsonResponse(
        {"token": upload.token, "kind": upload.kind, "size": upload.size}, status=201
    )


@never_cache
@require_GET
def submission_status(request, reference):
    # The phone digits travel in a header: a query string lands in access logs.
    if "phone_last4" in request.GET:
        return _error(
            400,
            _(
                "Send the last 4 digits of the phone number in the X-Phone-Last4 header."
            ),
            "/phone_last4",
        )
    digits = request.headers.get("X-Phone-Last4", "")
    if not PHONE_DIGITS.match(digits):
        return _error(
            400,
            _(
                "Send the last 4 digits of the phone number in the X-Phone-Last4 header."
            ),
            "/X-Phone-Last4",
        )
    if not ratelimit.hit(request, "lookup"):
        return _error(429, _("Too many look-ups; try again later."))
    submission = processing.find_submission(reference, digits)
    if submission is None:
        return _error(404, _("No application matches this reference and phone number."))
    return JsonResponse(
        {
            "reference": submission.reference,
            "form": submission.definition.slug,
            "status": submission.status,
            "status_label": str(SubmissionStatus(submission.status).label),
            "history": [
                {
                    "status": change.to_status,
                    "status_label": str(SubmissionStatus(change.to_status).label),
                    "note": change.note,
                    "at": change.created_at.isoformat(),
                }
                for change in submission.history.all()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
