"""Admin pages: form versions (publish, preview, compare, restore, JSON), attachments.

The inbox and the submission page are in ``formbuilder.inbox``."""

from __future__ import annotations

import json
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from . import versions
from .admin_forms import region_field
from .forms import StepForm
from .models import FormDefinition, FormVersion, Upload
from .presentation import field_rows
from .scoping import can_edit, readable_or_404
from .staff import submissions_for


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _readable(request, pk) -> FormDefinition:
    return readable_or_404(request.user, pk)


def _editable(request, pk) -> FormDefinition:
    """A form the user may change; a shared form is refused with the reason."""
    definition = readable_or_404(request.user, pk)
    if not can_edit(request.user, definition):
        raise SharedFormRefused(definition)
    return definition


class SharedFormRefused(Exception):
    def __init__(self, definition):
        super().__init__(definition.pk)
        self.definition = definition


def refuse_shared(view):
    """Turn ``SharedFormRefused`` into a message on the versions page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SharedFormRefused as refused:
            messages.error(
                request,
                _(
                    "“%(form)s” is shared by the region above yours: only its own "
                    "region publishes or changes it. Nothing was changed."
                )
                % {"form": refused.definition.title},
            )
            return redirect("formbuilder_admin:versions", pk=refused.definition.pk)

    return wrapper


def _page(request, template, title, **context):
    return render(
        request, template, {"header_title": title, "page_title": title, **context}
    )


# --- form definitions -----------------------------------------------------------


class ImportForm(forms.Form):
    """The exported JSON; a new form also gets its region, like the builder's."""

    file = forms.FileField(label=gettext_lazy("Exported form (JSON)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = region_field(user, gettext_lazy("Region")) if user else None
        if field is not None:
            self.fields["region_code"] = field

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 2 * 1024 * 1024:
            raise ValidationError(_("The file is too large."))
        try:
            return json.loads(uploaded.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ValidationError(
                _("The file is not valid JSON: %s") % error
            ) from error


def form_versions(request, pk):
    _require(request, "formbuilder.view_formdefinition")
    definition = _readable(request, pk)
    all_versions = list(definition.versions.select_related("created_by"))
    compare = None
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b == "draft":
        # The editor's "compare this draft with the published version".
        old = get_object_or_404(FormVersion, definition=definition, number=a)
        draft = definition.get_latest_revision_as_object()
        changes = versions.diff_documents(old.document(), draft.get_document())
        compare = {"old": old, "new": None, "changes": changes}
    elif a and b:
        old = get_object_or_404(FormVersion, definition=definition, number=a)
        new = get_object_or_404(FormVersion, definition=definition, number=b)
        compare = {"old": old, "new": new, "changes": versions.diff_versions(old, new)}
    return _page(
        request,
        "formbuilder/admin/versions.html",
        _("Versions of “%s”") % definition,
        definition=definition,
        versions=all_versions,
        compare=compare,
        import_form=ImportForm(),
    )


def not_published_message(error: ValidationError) -> str:
    """The admin message of a publish refused by the schema checks."""
    return _(
        "Not published: the form fails the checks (%(problems)s). Nothing was "
        "changed; citizens keep the published version."
    ) % {"problems": "; ".join(error.messages)}


@require_POST
@refuse_shared
def form_publish(request, pk):
    _require(request, "formbuilder.publish_formdefinition")
    definition = _editable(request, pk)
    try:
        version = versions.publish_latest(definition, user=request.user)
    except ValidationError as error:
        messages.error(request, not_published_message(error))
    else:
        messages.success(request, _("Version %d is live.") % version.number)
    return redirect("formbuilder_admin:versions", pk=pk)


@require_POST
@refuse_shared
def form_restore(request, pk, number):
    _require(request, "formbuilder.change_formdefinition")
    _editable(request, pk)
    version = get_object_or_404(FormVersion, definition_id=pk, number=number)
    versions.restore_version(version, user=request.user)
    messages.success(
        request,
        _("The builder now holds version %d. Publish to make it live.") % number,
    )
    return redirect("formbuilder_admin:versions", pk=pk)


def form_export(request, pk):
    _require(request, "formbuilder.view_formdefinition")
    definition = _readable(request, pk)
    number = request.GET.get("version")
    version = (
        get_object_or_404(FormVersion, definition=definition, number=number)
        if number
        else None
    )
    try:
        data = versions.export_definition(definition, version)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect("formbuilder_admin:versions", pk=pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{definition.slug}.json"'
    return response


@refuse_shared
def form_import(request, pk=None):
    """Import JSON: into an existing form's builder (pk) or as a new form."""
    _require(
        request,
        "formbuilder.change_formdefinition" if pk else "formbuilder.add_formdefinition",
    )
    definition = _editable(request, pk) if pk else None
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        user=None if definition else request.user,
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            imported = versions.import_definition(
                form.cleaned_data["file"],
                definition=definition,
                user=request.user,
                region_code=form.cleaned_data.get("region_code", ""),
            )
        except versions.DefinitionImportError as error:
            problems = error.problems
        except ValidationError as error:
            problems = [{"path": "/", "message": m} for m in error.messages]
        else:
            messages.success(request, _("Imported. Check the builder, then publish."))
            return redirect("formbuilder_admin:versions", pk=imported.pk)
    return _page(
        request,
        "formbuilder/admin/import.html",
        _("Import a form"),
        form=form,
        problems=problems,
        definition=definition,
    )


def form_preview(request, pk):
    """Every step of the builder's latest draft, as citizens would see it."""
    _require(request, "formbuilder.view_formdefinition")
    definition = _readable(request, pk).get_latest_revision_as_object()
    try:
        compiled = definition.compile()
    except ValidationError as error:
        return _page(
            request,
            "formbuilder/admin/preview.html",
            _("Preview"),
            definition=definition,
            errors=error.messages,
            steps=[],
        )
    pair = (compiled["schema"], compiled["ui_schema"])
    steps = []
    for index, step in enumerate(pair[1]["steps"]):
        form = StepForm(pair=pair, step_index=index, answers={})
        steps.append({"step": step, "form": form, "rows": _rows(form, pair, index)})
    return _page(
        request,
        "formbuilder/admin/preview.html",
        _("Preview"),
        definition=definition,
        steps=steps,
        compiled=json.dumps(compiled, ensure_ascii=False, indent=2),
    )


def _rows(form, pair, index):
    return field_rows(form, pair, index, {})


# --- submissions --------------------------------------------------------------------


def download(request, pk):
    upload = get_object_or_404(
        Upload.objects.select_related("submission"), pk=pk, submission__isnull=False
    )
    if not submissions_for(request.user).filter(pk=upload.submission_id).exists():
        raise PermissionDenied
    _require(request, "formbuilder.view_submission")
    log(
        instance=upload.submission,
        action="formbuilder.download",
        user=request.user,
        data={"upload": upload.pk},
    )
    return FileResponse(
        upload.file.open("rb"), as_attachment=True, filename=upload.original_name
    )
