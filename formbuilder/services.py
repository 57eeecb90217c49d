"""Public API of the form builder.

Other apps (the catalogue glue, imports, the site shell) use only these
names.  Keyword-only arguments; stable within a minor version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from .compiler import CompileError, assign_keys, compile_document, decompile, new_key
from .overrides import FormContext, apply_overrides
from .owed import mark_seen as mark_notices_seen
from .owed import notify_inbox, open_materials, request_correction, unseen_notices
from .owed import receive as receive_owed_material
from .processing import (
    SubmissionRejected,
    add_correction,
    change_status,
    compiled_for,
    find_submission,
    form_context,
    issue_resume_code,
    linked_subjects,
    published_forms,
    purge,
    resume_draft,
    save_draft,
    start_draft,
    store_upload,
    submit,
    validate_submission,
)
from .spreadsheets import NeutralisedExportMixin
from .spreadsheets import neutralise as neutralise_cell
from .versions import (
    DefinitionImportError,
    diff_documents,
    diff_versions,
    export_definition,
    import_definition,
    parse_import,
    publish,
    publish_latest,
    restore_version,
    save_builder_draft,
)

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"

__all__ = [
    "NeutralisedExportMixin",
    "neutralise_cell",
    "CompileError",
    "DefinitionImportError",
    "FormContext",
    "FormContextProvider",
    "SubmissionRejected",
    "add_correction",
    "mark_notices_seen",
    "notify_inbox",
    "open_materials",
    "owed_materials",
    "receive_owed_material",
    "request_correction",
    "unseen_notices",
    "apply_overrides",
    "assign_keys",
    "change_status",
    "compile_document",
    "compiled_for",
    "decompile",
    "define_form",
    "definition_by_slug",
    "diff_documents",
    "diff_versions",
    "export_definition",
    "find_submission",
    "form_choices",
    "form_context",
    "import_definition",
    "issue_resume_code",
    "linked_subjects",
    "new_key",
    "openapi_document",
    "parse_import",
    "publish",
    "publish_latest",
    "save_builder_draft",
    "published_forms",
    "purge",
    "restore_version",
    "resume_draft",
    "save_draft",
    "start_draft",
    "store_upload",
    "submit",
    "upload_fields",
    "validate_submission",
]


class FormContextProvider(Protocol):
    """What the site plugs in to adjust a form per subject (e.g. service item)."""

    def context_for(self, definition, subject_code: str) -> FormContext:
        """Override this to give field overrides, region and commitment text."""

    def linked_codes(self, definition_ids: list[int]) -> dict[int, list[str]]:
        """Override this to list the subject codes linked to each form."""


def define_form(
    *,
    slug: str,
    title: str,
    document: dict,
    intro: str = "",
    region_code: str = "",
    publish_now: bool = True,
):
    """Create or update a definition from a builder document (demo, imports).

    Existing keys are kept; a field's key is matched by its label when the
    document gives none, so re-running does not re-key the form.
    """
    from .models import FormDefinition
    from .versions import publish as publish_definition

    definition = FormDefinition.objects.filter(slug=slug).first() or FormDefinition(
        slug=slug
    )
    if definition.pk:
        _reuse_keys(definition.get_document(), document)
    definition.title, definition.intro, definition.region_code = (
        title,
        intro,
        region_code,
    )
    definition.set_document(document)
    definition.full_clean()
    definition.save()
    if publish_now:
        publish_definition(definition)
    return definition


def _reuse_keys(old: dict, new: dict) -> None:
    steps_by_title = {s.get("title"): s.get("key") for s in old.get("steps", [])}
    old_fields = [f for s in old.get("steps", []) for f in s.get("fields", [])]
    for step in new.get("steps", []):
        step.setdefault("key", steps_by_title.get(step.get("title")))
        _match_keys(old_fields, step.get("fields", []))


def _match_keys(old_fields: list, new_fields: list) -> None:
    by_label = {(f.get("label"), f.get("type")): f for f in old_fields}
    for field in new_fields:
        previous = by_label.get((field.get("label"), field.get("type")))
        if previous is None:
            continue
        field.setdefault("key", previous.get("key"))
        if field.get("fields"):
            _match_keys(previous.get("fields", []), field["fields"])


def form_choices():
    """(id, title) of every form, for a chooser on another app's model."""
    from .models import FormDefinition

    return list(FormDefinition.objects.values_list("pk", "title"))


def upload_fields(definition) -> list[dict]:
    """The upload fields of the live version: key, label and linked material name."""
    version = definition.live_version
    if version is None:
        return []
    return [
        {
            "key": key,
            "label": entry.get("label", ""),
            "material": entry.get("material", ""),
        }
        for key, entry in version.ui_schema["fields"].items()
        if entry.get("type") == "file"
    ]


def owed_materials(submission):
    """Every material ``submission`` owes or owed (容缺 / 补正), due date first.

    Each row: ``label``, ``reason``, ``due_date``, ``note``, ``is_open``,
    ``received_at`` and ``received_upload`` (the file that settled it).
    """
    return submission.owed_materials.select_related("received_upload")


def definition_by_slug(slug: str):
    """The form definition with ``slug`` (for another app's foreign key), or None."""
    from .models import FormDefinition

    return FormDefinition.objects.filter(slug=slug).first()


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the forms API (paths under ``/api/v1``)."""
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
