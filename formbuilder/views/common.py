"""Helpers shared by the citizen pages and the wizard."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import processing

SESSION_RECEIPTS = "formbuilder:receipts"
SESSION_STATUS = "formbuilder:status"
SESSION_RESUME_CODE = "formbuilder:resume_code"


def live_definition(slug):
    definition = processing.published_definition(slug)
    if definition is None:
        raise Http404
    return definition


def remember(request, name, key, value):
    stored = dict(request.session.get(name, {}))
    stored[key] = value
    request.session[name] = stored


def too_many(request):
    return render(
        request,
        "formbuilder/rate_limited.html",
        {"page_title": _("Please wait")},
        status=429,
    )
