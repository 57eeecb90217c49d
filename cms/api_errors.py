"""Every answer under ``/api/`` is JSON, whatever went wrong and wherever.

The API views answer their own errors as ``{"errors": [{"path", "message"}]}``.
This middleware gives the same shape to what never reaches them or what
Django answers on their behalf: an address no view serves (Wagtail's page
tree would answer with the site's HTML 404), a method a view does not take
(405), a body over Django's limits (413), a malformed multipart body (400)
and, as a last resort, a server error.  It also refuses control characters
in query parameters before any view sees them: PostgreSQL cannot store a NUL
and no code list or search text contains one.
"""

from __future__ import annotations

import re

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

API_PREFIX = "/api/"
# C0 controls but tab, line feed and carriage return; DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Headers that travel with the answer when its body is replaced.
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control", "Vary")


def error_response(status: int, message, path: str = "/") -> JsonResponse:
    return JsonResponse(
        {"errors": [{"path": path, "message": str(message)}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _message(status: int) -> str:
    messages = {
        400: _("The request is malformed."),
        403: _("This request is not allowed."),
        404: _("There is no such address in the API."),
        405: _("This address does not take this method."),
        413: _("The request is too large."),
        415: _("The request body has an unsupported media type."),
    }
    return messages.get(status) or (
        _("The server could not answer this request.")
        if status >= 500
        else _("The request cannot be answered.")
    )


@csrf_exempt
def not_found(request, *args, **kwargs):
    """The API's answer for an address it does not have."""
    return error_response(404, _message(404))


def query_problem(request) -> JsonResponse | None:
    """A 400 naming the first query parameter that holds a control character."""
    for name, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(name) or any(
            CONTROL_CHARACTERS.search(value) for value in values
        ):
            return error_response(
                400,
                _("The parameter holds control characters."),
                "/" + CONTROL_CHARACTERS.sub("", name),
            )
    return None


def as_json(response):
    """``response`` itself when it is JSON or no error; else a JSON error."""
    content_type = response.get("Content-Type", "")
    if response.status_code < 400 or content_type.startswith("application/json"):
        return response
    replaced = error_response(response.status_code, _message(response.status_code))
    for header in KEPT_HEADERS:
        if header in response:
            replaced[header] = response[header]
    return replaced


class ApiErrorMiddleware:
    """JSON errors for ``/api/``; other paths pass through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        refused = query_problem(request)
        if refused is not None:
            return refused
        # The API has no session authentication (a cookie grants nothing
        # there), so there is nothing for a CSRF check to protect; without
        # one, a method a view does not take answers 405, not 403.
        request._dont_enforce_csrf_checks = True
        return as_json(self.get_response(request))

    def process_exception(self, request, exception):
        """Answer what a client caused; leave the rest to Django's logging."""
        if not request.path_info.startswith(API_PREFIX):
            return None
        if isinstance(
            exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
        ):
            return error_response(413, _message(413))
        if isinstance(exception, Http404):
            return error_response(404, _message(404))
        if isinstance(exception, PermissionDenied):
            return error_response(403, _message(403))
        if isinstance(
            exception, (SuspiciousOperation, BadRequest, MultiPartParserError)
        ):
            return error_response(400, _message(400))
        # An unexpected failure: Django logs it and answers 500, as_json makes
        # that answer JSON.
        return None
